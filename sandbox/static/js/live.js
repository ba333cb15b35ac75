/* Keeping the page in step with the server: the snapshot (/api/state) on every (re)connect,
 * then the events as they come; each update redraws what it changed. */

import { renderAdminHead, renderAdminPane, renderTopicList, selectTopic } from "./admin-pane.js";
import { getState, subscribe } from "./api.js";
import { setContext } from "./composer.js";
import { showInChat } from "./chat-list.js";
import { knownZone } from "./clock.js";
import { $ } from "./dom.js";
import { GENERAL, forgetMessage, key, messageNode, store, storeMessage, ui } from "./state.js";
import { showBotToast } from "./toasts.js";
import { isAdminChat, newestId, noteTopicOf, topicKeys, visibleTopic } from "./topics.js";
import { renderUserBars, renderUserHead, renderUserKeyboard, renderUserPane, renderUserSelect, selectUser } from "./user-pane.js";

const EVENT_HANDLERS = {
  message: (message) => upsertMessage(message, true),
  deleted: (data) => removeMessage(data.chat_id, data.message_id),
  topic: (topic) => upsertTopic(topic),
  keyboard: (data) => setKeyboard(data.chat_id, data.markup),
  toast: (data) => showBotToast(data),
  user: (user) => upsertUser(user),
};

/** Events that race the snapshot wait for it, then apply on top: every handler is idempotent. */
function whenLoaded(handler) {
  return (data) => {
    if (!data || typeof data !== "object") return; // not an event of ours
    if (ui.loading) ui.queued.push([handler, data]);
    else handler(data);
  };
}

export function connectEvents() {
  const handlers = Object.fromEntries(
    Object.entries(EVENT_HANDLERS).map(([name, handler]) => [name, whenLoaded(handler)]),
  );
  subscribe(handlers, {
    open: () => {
      setConnection("live");
      loadState();
    },
    error: () => setConnection("reconnecting"),
  });
}

function setConnection(state) {
  const badge = $("connection");
  badge.dataset.state = state;
  badge.textContent = { live: "Live", reconnecting: "Reconnecting…", connecting: "Connecting…" }[state];
}

let loads = 0; // the newest load wins; an older one's answer is dropped
const RELOAD_AFTER = 2000; // ms before a failed snapshot is asked for again

async function loadState() {
  const mine = ++loads;
  ui.loading = true;
  let state;
  try {
    state = await getState();
  } catch {
    if (mine !== loads) return;
    setConnection("reconnecting");
    setTimeout(() => mine === loads && loadState(), RELOAD_AFTER); // events wait meanwhile
    return;
  }
  if (mine !== loads) return;
  try {
    applyState(state);
    dropContextsWithout();
  } finally {
    const queued = ui.queued.splice(0);
    ui.loading = false;
    for (const [handler, data] of queued) handler(data);
  }
  renderAll();
  setConnection("live");
  document.body.dataset.ready = "true";
}

function applyState(state) {
  store.bot = state.bot;
  store.timeZone = knownZone(state.timezone);
  store.adminChat = state.admin_chat;
  store.staff = state.staff || [];
  store.presets = state.presets || [];
  store.users = new Map((state.users || []).map((user) => [user.id, user]));
  store.topics = new Map((state.topics || []).map((topic) => [topic.thread_id, topic]));
  store.messages = new Map();
  store.chats = new Map();
  for (const message of state.messages || []) storeMessage(message);
  store.keyboards = new Map(
    Object.entries(state.keyboards || {}).map(([chatId, markup]) => [Number(chatId), markup]),
  );
  if (!store.users.has(ui.userId)) ui.userId = lastUserId();
  if (!store.staff.some((person) => person.id === ui.staffId)) {
    // Agents answer most of the time: start as the first agent (the supervisor is a pick away).
    const agent = store.staff.find((person) => person.role === "agent") || store.staff[0];
    ui.staffId = agent ? agent.id : null;
  }
  if (ui.threadKey !== GENERAL && !visibleTopic(ui.threadKey)) ui.threadKey = GENERAL;
  // Whatever was there when the page (re)loaded counts as read; later messages count as unread.
  for (const topicKey of topicKeys()) {
    if (!ui.lastSeen.has(topicKey)) ui.lastSeen.set(topicKey, newestId(topicKey));
  }
}

function lastUserId() {
  const users = [...store.users.values()];
  return users.length ? users[users.length - 1].id : null;
}

function renderAll() {
  $("bot-name").textContent = store.bot ? `@${store.bot.username || store.bot.first_name}` : "";
  $("admin-title").textContent = store.adminChat ? store.adminChat.title : "Admin chat";
  renderUserPane();
  renderAdminPane();
}

// --- store updates (each redraws what it changed) ---------------------------------------------

/** A message an action's answer returned: drawn unless the stream already brought it (perhaps
 * newer, e.g. with the bot's reaction). */
export function adoptAnswer(message) {
  if (!store.messages.has(key(message.chat.id, message.message_id))) upsertMessage(message, true);
}

export function upsertMessage(message, live) {
  const isNew = storeMessage(message);
  if (isAdminChat(message.chat.id)) {
    const topicKey = noteTopicOf(message);
    if (topicKey === ui.threadKey) showInChat("admin", message, isNew);
    if (live) renderTopicList();
  } else if (message.chat.id === ui.userId) {
    showInChat("user", message, isNew);
    renderUserBars();
  }
}

function removeMessage(chatId, messageId) {
  forgetMessage(chatId, messageId);
  const node = messageNode(key(chatId, messageId));
  if (node) node.remove();
  dropContextsWithout();
  if (isAdminChat(chatId)) renderTopicList();
  else if (chatId === ui.userId) renderUserBars();
}

/** A reply or edit whose message is gone is over. */
function dropContextsWithout() {
  for (const pane of ["user", "admin"]) {
    const context = ui.context[pane];
    if (!context) continue;
    const held = store.messages.get(key(context.message.chat.id, context.message.message_id));
    if (!held) setContext(pane, null);
    else context.message = held;
  }
}

function upsertTopic(topic) {
  store.topics.set(topic.thread_id, topic);
  if (!ui.lastSeen.has(topic.thread_id)) ui.lastSeen.set(topic.thread_id, 0);
  if (ui.threadKey === topic.thread_id && topic.deleted) selectTopic(GENERAL);
  renderTopicList();
  if (ui.threadKey === topic.thread_id) renderAdminHead();
}

function setKeyboard(chatId, markup) {
  store.keyboards.set(chatId, markup);
  if (chatId === ui.userId) {
    ui.keyboardHidden = false;
    renderUserKeyboard();
  }
}

export function upsertUser(user) {
  store.users.set(user.id, user);
  if (ui.userId === null) {
    selectUser(user.id);
    return;
  }
  renderUserSelect();
  if (user.id === ui.userId) {
    renderUserHead();
    renderUserBars();
  }
}
