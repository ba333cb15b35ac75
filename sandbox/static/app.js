/* Qamqor sandbox page: a user's private chat with the bot (left) and the admin chat (right).
 *
 * Plain JavaScript, no build step. The server's contract: GET /api/state, GET /api/events
 * (server-sent events), POST /api/{users,send,upload,contact,press,edit,block},
 * GET /api/files/<file_id>. Every text from the server reaches the page through textContent
 * or DOM nodes built here, never through innerHTML.
 */
"use strict";

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

const GENERAL = "general"; // the key of the admin chat's General topic

/** What the server told us (rebuilt from /api/state on every (re)connect). */
const store = {
  bot: null,
  adminChat: null,
  staff: [],
  users: new Map(), // user id -> user
  presets: [],
  topics: new Map(), // thread id -> topic
  messages: new Map(), // "chatId:messageId" -> Message
  chats: new Map(), // chat id -> [message keys in arrival order]
  keyboards: new Map(), // private chat id -> ReplyKeyboardMarkup | null
};

/** What the person at the keyboard chose (kept across reconnects). */
const ui = {
  userId: null,
  staffId: null,
  threadKey: GENERAL,
  pane: "user", // which pane a narrow screen shows
  adminView: "list", // on a narrow screen: the topic list or the chat
  keyboardHidden: false,
  context: { user: null, admin: null }, // {kind: "reply"|"edit", message}
  lastSeen: new Map(), // topic key -> the newest message id the agent has seen there
  loading: false,
  queued: [], // events that arrived while /api/state was loading
};

const $ = (id) => document.getElementById(id);

const key = (chatId, messageId) => `${chatId}:${messageId}`;

// ---------------------------------------------------------------------------------------------
// Server calls
// ---------------------------------------------------------------------------------------------

class ApiError extends Error {}

async function readAnswer(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const reason = body && body.error ? body.error : `The server answered ${response.status}.`;
    throw new ApiError(reason);
  }
  return body;
}

async function postJson(path, payload) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(payload),
  });
  return readAnswer(response);
}

async function postForm(path, form) {
  return readAnswer(await fetch(path, { method: "POST", body: form }));
}

function fileUrl(fileId, download = false) {
  const url = `/api/files/${encodeURIComponent(fileId)}`;
  return download ? `${url}?download=1` : url;
}

/** Run an action started by a click; a failure shows as an error toast in `pane`. */
async function attempt(pane, action) {
  try {
    return await action();
  } catch (error) {
    const text = error instanceof ApiError ? error.message : "The sandbox server cannot be reached.";
    showToast(pane, text, { error: true });
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Live updates
// ---------------------------------------------------------------------------------------------

const EVENT_HANDLERS = {
  message: (message) => upsertMessage(message, true),
  deleted: (data) => removeMessage(data.chat_id, data.message_id),
  topic: (topic) => upsertTopic(topic),
  keyboard: (data) => setKeyboard(data.chat_id, data.markup),
  toast: (data) => showBotToast(data),
  user: (user) => upsertUser(user),
};

function connectEvents() {
  const source = new EventSource("/api/events");
  source.addEventListener("open", () => {
    setConnection("live");
    loadState();
  });
  source.addEventListener("error", () => setConnection("reconnecting"));
  for (const [name, handler] of Object.entries(EVENT_HANDLERS)) {
    source.addEventListener(name, (event) => {
      let data;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      if (ui.loading) ui.queued.push([handler, data]);
      else handler(data);
    });
  }
}

function setConnection(state) {
  const badge = $("connection");
  badge.dataset.state = state;
  badge.textContent = { live: "Live", reconnecting: "Reconnecting…", connecting: "Connecting…" }[state];
}

async function loadState() {
  ui.loading = true;
  let state;
  try {
    const response = await fetch("/api/state");
    state = await readAnswer(response);
  } catch {
    ui.loading = false;
    setConnection("reconnecting");
    return;
  }
  applyState(state);
  // Events that raced the snapshot are applied on top of it: every handler is idempotent.
  const queued = ui.queued.splice(0);
  ui.loading = false;
  for (const [handler, data] of queued) handler(data);
  renderAll();
  document.body.dataset.ready = "true";
}

function applyState(state) {
  store.bot = state.bot;
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
  if (!store.users.has(ui.userId)) ui.userId = firstUserId();
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

function firstUserId() {
  const users = [...store.users.values()];
  return users.length ? users[users.length - 1].id : null;
}

// ---------------------------------------------------------------------------------------------
// Store updates (each renders what it changed)
// ---------------------------------------------------------------------------------------------

/** Keep a message; true when it is new (not an edit of one already held). */
function storeMessage(message) {
  const k = key(message.chat.id, message.message_id);
  const isNew = !store.messages.has(k);
  store.messages.set(k, message);
  if (isNew) {
    if (!store.chats.has(message.chat.id)) store.chats.set(message.chat.id, []);
    store.chats.get(message.chat.id).push(k);
  }
  return isNew;
}

function upsertMessage(message, live) {
  const isNew = storeMessage(message);
  if (isAdminChat(message.chat.id)) {
    const topicKey = topicKeyOf(message);
    if (topicKey !== GENERAL && !store.topics.has(topicKey)) {
      store.topics.set(topicKey, {
        chat_id: message.chat.id,
        thread_id: topicKey,
        name: message.forum_topic_created ? message.forum_topic_created.name : `Topic ${topicKey}`,
        closed: false,
        deleted: false,
      });
    }
    if (!ui.lastSeen.has(topicKey)) ui.lastSeen.set(topicKey, 0);
    if (topicKey === ui.threadKey) showInChat("admin", message, isNew);
    if (live) renderTopicList();
  } else if (message.chat.id === ui.userId) {
    showInChat("user", message, isNew);
    renderUserBars();
  }
}

function removeMessage(chatId, messageId) {
  const k = key(chatId, messageId);
  store.messages.delete(k);
  const keys = store.chats.get(chatId);
  if (keys) {
    const at = keys.indexOf(k);
    if (at >= 0) keys.splice(at, 1);
  }
  const node = document.querySelector(`[data-key="${CSS.escape(k)}"]`);
  if (node) node.remove();
  if (isAdminChat(chatId)) renderTopicList();
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

function upsertUser(user) {
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

// ---------------------------------------------------------------------------------------------
// Admin chat topics
// ---------------------------------------------------------------------------------------------

function isAdminChat(chatId) {
  return store.adminChat !== null && chatId === store.adminChat.id;
}

function topicKeyOf(message) {
  return message.message_thread_id ? message.message_thread_id : GENERAL;
}

function visibleTopic(threadId) {
  const topic = store.topics.get(threadId);
  return topic && !topic.deleted ? topic : null;
}

function topicKeys() {
  const keys = [GENERAL];
  for (const topic of store.topics.values()) if (!topic.deleted) keys.push(topic.thread_id);
  return keys;
}

function topicMessages(topicKey) {
  if (!store.adminChat) return [];
  const keys = store.chats.get(store.adminChat.id) || [];
  return keys.map((k) => store.messages.get(k)).filter((m) => m && topicKeyOf(m) === topicKey);
}

function newestId(topicKey) {
  const messages = topicMessages(topicKey);
  return messages.length ? Math.max(...messages.map((m) => m.message_id)) : 0;
}

function unreadCount(topicKey) {
  const seen = ui.lastSeen.get(topicKey) || 0;
  return topicMessages(topicKey).filter(
    (m) => m.message_id > seen && !(m.from && m.from.id === ui.staffId) && !isServiceMessage(m),
  ).length;
}

function topicName(topicKey) {
  if (topicKey === GENERAL) return "General";
  const topic = store.topics.get(topicKey);
  return topic ? topic.name : `Topic ${topicKey}`;
}

/** General first, then the topics with the newest activity first. */
function orderedTopics() {
  const rows = topicKeys().map((topicKey) => {
    const messages = topicMessages(topicKey);
    const last = messages.length ? messages[messages.length - 1] : null;
    const activity = messages.reduce(
      (newest, m) => Math.max(newest, m.edit_date || 0, m.date || 0),
      0,
    );
    return { topicKey, last, activity, newest: newestId(topicKey) };
  });
  const general = rows.shift();
  rows.sort((a, b) => b.activity - a.activity || b.newest - a.newest);
  return [general, ...rows];
}

function selectTopic(topicKey) {
  ui.threadKey = topicKey;
  ui.adminView = "chat";
  setContext("admin", null);
  renderTopicList();
  renderAdminHead();
  renderAdminMessages();
  $("admin-pane").dataset.view = "chat";
}

// ---------------------------------------------------------------------------------------------
// Rendering: the whole page
// ---------------------------------------------------------------------------------------------

function renderAll() {
  $("bot-name").textContent = store.bot ? `@${store.bot.username || store.bot.first_name}` : "";
  $("admin-title").textContent = store.adminChat ? store.adminChat.title : "Admin chat";
  renderUserSelect();
  renderUserHead();
  renderUserMessages();
  renderUserKeyboard();
  renderUserBars();
  renderStaffSelect();
  renderTopicList();
  renderAdminHead();
  renderAdminMessages();
}

function currentUser() {
  return ui.userId === null ? null : store.users.get(ui.userId) || null;
}

function userLabel(user) {
  return [user.first_name, user.last_name].filter(Boolean).join(" ");
}

function renderUserSelect() {
  const select = $("user-select");
  select.replaceChildren();
  if (!store.users.size) {
    select.append(new Option("No users yet — create one", ""));
    select.disabled = true;
    return;
  }
  select.disabled = false;
  for (const user of store.users.values()) {
    const flags = [user.language_code, user.phone, user.blocked ? "blocked the bot" : null];
    const option = new Option(`${userLabel(user)} (${flags.filter(Boolean).join(", ")})`, user.id);
    option.selected = user.id === ui.userId;
    select.append(option);
  }
}

function renderUserHead() {
  const user = currentUser();
  const bot = store.bot;
  const botName = bot ? bot.first_name : "Bot";
  $("user-chat-title").textContent = botName;
  fillAvatar($("user-chat-avatar"), botName, bot ? bot.id : 0);
  $("user-chat-sub").textContent = user && user.blocked ? "bot · blocked" : "bot";
  const toggle = $("block-toggle");
  toggle.disabled = !user;
  toggle.textContent = user && user.blocked ? "Unblock bot" : "Block bot";
  toggle.dataset.blocked = user && user.blocked ? "true" : "false";
}

/** The bars under the user's chat: START for an empty chat, the block notice, the composer. */
function renderUserBars() {
  const user = currentUser();
  const empty = !user || !(store.chats.get(user.id) || []).length;
  const blocked = Boolean(user && user.blocked);
  $("user-start-bar").hidden = !user || blocked || !empty;
  $("user-blocked-bar").hidden = !blocked;
  const composer = $("user-composer");
  composer.hidden = !user || blocked || empty;
  if (composer.hidden) setContext("user", null);
  renderUserKeyboard();
}

function renderUserMessages() {
  const user = currentUser();
  const list = $("user-messages");
  const messages = user ? chatMessages(user.id) : [];
  const nodes = [];
  let previous = null;
  for (const message of messages) {
    if (dayChanged(previous, message)) nodes.push(dayDivider(message.date));
    nodes.push(messageElement(message, "user"));
    previous = message;
  }
  if (!user) nodes.push(emptyNote("Create a user to start a private chat with the bot."));
  else if (!messages.length) nodes.push(emptyNote("A new chat. Press START to send /start."));
  list.replaceChildren(...nodes);
  scrollToEnd(list);
}

function renderUserKeyboard() {
  const user = currentUser();
  const box = $("user-keyboard");
  const toggle = $("user-keyboard-toggle");
  const markup = user ? store.keyboards.get(user.id) : null;
  const rows = markup && Array.isArray(markup.keyboard) ? markup.keyboard : null;
  const usable = Boolean(rows && rows.length && user && !user.blocked && !$("user-composer").hidden);
  toggle.hidden = !usable;
  box.hidden = !usable || ui.keyboardHidden;
  box.replaceChildren();
  $("user-input").placeholder = (usable && markup.input_field_placeholder) || "Message";
  if (!usable) return;
  for (const row of rows) {
    const line = document.createElement("div");
    line.className = "kb-row";
    for (const button of row) line.append(replyButton(button));
    box.append(line);
  }
}

function replyButton(button) {
  const text = typeof button === "string" ? button : button.text;
  const node = document.createElement("button");
  node.type = "button";
  node.className = "kb-button";
  node.dataset.testid = "reply-button";
  node.textContent = text;
  if (button.request_contact) {
    node.classList.add("contact");
    node.dataset.kind = "request-contact";
    node.addEventListener("click", () => shareOwnContact());
  } else {
    node.addEventListener("click", () => pressReplyButton(text));
  }
  return node;
}

function renderStaffSelect() {
  const select = $("staff-select");
  select.replaceChildren();
  for (const person of store.staff) {
    const option = new Option(`${person.first_name} (${person.role})`, person.id);
    option.selected = person.id === ui.staffId;
    select.append(option);
  }
  select.disabled = !store.staff.length;
}

function renderTopicList() {
  const list = $("topic-list");
  const items = [];
  let totalUnread = 0;
  for (const row of orderedTopics()) {
    const unread = row.topicKey === ui.threadKey ? 0 : unreadCount(row.topicKey);
    totalUnread += unread;
    items.push(topicItem(row, unread));
  }
  list.replaceChildren(...items);
  const badge = $("admin-tab-unread");
  badge.hidden = totalUnread === 0;
  badge.textContent = String(totalUnread);
}

function topicItem(row, unread) {
  const topic = row.topicKey === GENERAL ? null : store.topics.get(row.topicKey);
  const name = topicName(row.topicKey);
  const item = document.createElement("li");
  item.className = "topic";
  item.dataset.testid = "topic";
  item.dataset.threadId = String(row.topicKey);
  item.tabIndex = 0;
  item.setAttribute("role", "button");
  if (row.topicKey === ui.threadKey) item.classList.add("selected");
  if (topic && topic.closed) item.classList.add("closed");

  const avatar = document.createElement("div");
  avatar.className = "avatar";
  if (row.topicKey === GENERAL) avatar.textContent = "#";
  else fillAvatar(avatar, name, row.topicKey);

  const body = document.createElement("div");
  body.className = "topic-body";
  const top = document.createElement("div");
  top.className = "topic-top";
  const title = document.createElement("span");
  title.className = "topic-name";
  title.dataset.testid = "topic-name";
  title.textContent = (topic && topic.closed ? "🔒 " : "") + name;
  const time = document.createElement("span");
  time.className = "topic-time";
  time.textContent = row.last ? shortTime(row.last.date) : "";
  top.append(title, time);

  const bottom = document.createElement("div");
  bottom.className = "topic-bottom";
  const snippet = document.createElement("span");
  snippet.className = "topic-snippet";
  snippet.textContent = row.last ? `${senderName(row.last)}: ${messageSnippet(row.last)}` : "No messages yet";
  bottom.append(snippet);
  if (unread) {
    const badge = document.createElement("span");
    badge.className = "badge";
    badge.dataset.testid = "topic-unread";
    badge.textContent = String(unread);
    bottom.append(badge);
  }
  body.append(top, bottom);
  item.append(avatar, body);
  item.addEventListener("click", () => selectTopic(row.topicKey));
  item.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      selectTopic(row.topicKey);
    }
  });
  return item;
}

function renderAdminHead() {
  const topicKey = ui.threadKey;
  const topic = topicKey === GENERAL ? null : store.topics.get(topicKey);
  const name = topicName(topicKey);
  $("topic-title").textContent = name;
  const avatar = $("topic-avatar");
  if (topicKey === GENERAL) {
    avatar.replaceChildren();
    avatar.textContent = "#";
    avatar.style.background = "";
  } else {
    fillAvatar(avatar, name, topicKey);
  }
  const chat = store.adminChat ? store.adminChat.title : "Admin chat";
  $("topic-sub").textContent = topic && topic.closed ? `${chat} · closed topic` : chat;
}

function renderAdminMessages() {
  const list = $("admin-messages");
  const messages = topicMessages(ui.threadKey);
  const nodes = [];
  let previous = null;
  for (const message of messages) {
    if (dayChanged(previous, message)) nodes.push(dayDivider(message.date));
    nodes.push(messageElement(message, "admin"));
    previous = message;
  }
  if (!messages.length) nodes.push(emptyNote("No messages in this topic yet."));
  list.replaceChildren(...nodes);
  ui.lastSeen.set(ui.threadKey, newestId(ui.threadKey));
  scrollToEnd(list);
}

/** Put a new or edited message into an open chat without redrawing the others. */
function showInChat(pane, message, isNew) {
  const list = $(pane === "user" ? "user-messages" : "admin-messages");
  const k = key(message.chat.id, message.message_id);
  const node = messageElement(message, pane);
  const existing = list.querySelector(`[data-key="${CSS.escape(k)}"]`);
  if (existing) {
    existing.replaceWith(node);
    return;
  }
  if (!isNew) return; // an edit of a message not drawn: nothing to replace
  const stick = nearEnd(list) || isOwn(message, pane);
  const empty = list.querySelector(".empty-note");
  if (empty) empty.remove();
  const keys = store.chats.get(message.chat.id) || [];
  const previous = previousShown(keys, k, pane);
  if (dayChanged(previous, message)) list.append(dayDivider(message.date));
  list.append(node);
  if (pane === "admin") ui.lastSeen.set(ui.threadKey, newestId(ui.threadKey));
  if (stick) scrollToEnd(list);
}

function previousShown(keys, k, pane) {
  for (let at = keys.indexOf(k) - 1; at >= 0; at -= 1) {
    const message = store.messages.get(keys[at]);
    if (!message) continue;
    if (pane === "user" || topicKeyOf(message) === ui.threadKey) return message;
  }
  return null;
}

function chatMessages(chatId) {
  return (store.chats.get(chatId) || []).map((k) => store.messages.get(k)).filter(Boolean);
}

function nearEnd(list) {
  return list.scrollHeight - list.scrollTop - list.clientHeight < 120;
}

function scrollToEnd(list) {
  list.scrollTop = list.scrollHeight;
  // Images load later and grow the list: keep the end in view once they do.
  requestAnimationFrame(() => {
    list.scrollTop = list.scrollHeight;
  });
}

function emptyNote(text) {
  const note = document.createElement("div");
  note.className = "empty-note";
  note.textContent = text;
  return note;
}

function dayChanged(previous, message) {
  if (!message.date) return false;
  if (!previous || !previous.date) return true;
  return new Date(previous.date * 1000).toDateString() !== new Date(message.date * 1000).toDateString();
}

function dayDivider(date) {
  const divider = document.createElement("div");
  divider.className = "day";
  const label = document.createElement("span");
  label.textContent = new Date(date * 1000).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
  });
  divider.append(label);
  return divider;
}

// ---------------------------------------------------------------------------------------------
// Rendering: one message
// ---------------------------------------------------------------------------------------------

const SERVICE_KEYS = [
  "forum_topic_created",
  "forum_topic_edited",
  "forum_topic_closed",
  "forum_topic_reopened",
  "new_chat_members",
  "left_chat_member",
  "pinned_message",
  "general_forum_topic_hidden",
  "general_forum_topic_unhidden",
];

function isServiceMessage(message) {
  return SERVICE_KEYS.some((name) => message[name]);
}

/** Is the message on the viewer's side of the chat (drawn on the right)? */
function isOwn(message, pane) {
  if (!message.from) return false;
  return pane === "user" ? message.from.id === ui.userId : message.from.id === ui.staffId;
}

function senderName(message) {
  if (message.from) return [message.from.first_name, message.from.last_name].filter(Boolean).join(" ");
  if (message.sender_chat) return message.sender_chat.title || "Chat";
  return message.chat.title || message.chat.first_name || "";
}

function messageElement(message, pane) {
  if (isServiceMessage(message)) return serviceElement(message);
  const own = isOwn(message, pane);
  const row = document.createElement("div");
  row.className = `msg ${own ? "out" : "in"}`;
  row.dataset.testid = "message";
  row.dataset.key = key(message.chat.id, message.message_id);
  row.dataset.chatId = String(message.chat.id);
  row.dataset.messageId = String(message.message_id);
  if (message.from) {
    row.dataset.fromId = String(message.from.id);
    if (message.from.is_bot) row.dataset.fromBot = "true";
  }

  const bubble = document.createElement("div");
  bubble.className = "bubble";
  if (pane === "admin" && !own) bubble.append(senderLabel(message));
  const quote = replyQuote(message);
  if (quote) bubble.append(quote);
  if (message.forward_origin || message.forward_from || message.forward_sender_name) {
    bubble.append(forwardLabel(message));
  }
  for (const node of mediaNodes(message)) bubble.append(node);
  const body = bodyText(message);
  if (body) bubble.append(body);
  bubble.append(metaLine(message));
  row.append(bubble);

  bubble.addEventListener("click", (event) => {
    if (event.target.closest("a, button, .quote, .spoiler, .command, blockquote")) return;
    for (const open of document.querySelectorAll(".msg.actions-open")) {
      if (open !== row) open.classList.remove("actions-open");
    }
    row.classList.toggle("actions-open");
  });

  const keyboard = inlineKeyboard(message, pane);
  if (keyboard) row.append(keyboard);
  row.append(messageActions(message, pane, own));
  return row;
}

function serviceElement(message) {
  const row = document.createElement("div");
  row.className = "service";
  row.dataset.testid = "service-message";
  row.dataset.key = key(message.chat.id, message.message_id);
  row.dataset.messageId = String(message.message_id);
  const label = document.createElement("span");
  label.textContent = serviceText(message);
  row.append(label);
  return row;
}

function serviceText(message) {
  const who = senderName(message);
  if (message.forum_topic_created) return `${who} created the topic “${message.forum_topic_created.name}”`;
  if (message.forum_topic_edited) {
    const name = message.forum_topic_edited.name;
    return name ? `${who} renamed the topic to “${name}”` : `${who} edited the topic`;
  }
  if (message.forum_topic_closed) return `${who} closed the topic`;
  if (message.forum_topic_reopened) return `${who} reopened the topic`;
  if (message.new_chat_members) {
    return `${message.new_chat_members.map((m) => m.first_name).join(", ")} joined the group`;
  }
  if (message.left_chat_member) return `${message.left_chat_member.first_name} left the group`;
  if (message.pinned_message) return `${who} pinned a message`;
  return "Service message";
}

function senderLabel(message) {
  const label = document.createElement("div");
  label.className = "sender";
  label.dataset.testid = "sender";
  const name = senderName(message);
  label.textContent = name;
  label.style.color = nameColor(message.from ? message.from.id : 0);
  if (message.from && message.from.is_bot) {
    const tag = document.createElement("span");
    tag.className = "tag";
    tag.textContent = "bot";
    label.append(" ", tag);
  } else if (message.from) {
    const person = store.staff.find((p) => p.id === message.from.id);
    if (person) {
      const tag = document.createElement("span");
      tag.className = "tag";
      tag.textContent = person.role;
      label.append(" ", tag);
    }
  }
  return label;
}

function forwardLabel(message) {
  const label = document.createElement("div");
  label.className = "forwarded";
  const origin = message.forward_origin;
  let from = message.forward_sender_name || "";
  if (origin) from = origin.sender_user ? origin.sender_user.first_name : origin.sender_user_name || "";
  else if (message.forward_from) from = message.forward_from.first_name;
  label.textContent = from ? `Forwarded from ${from}` : "Forwarded message";
  return label;
}

/** The quoted message above a reply, unless it is the topic's own first message. */
function replyQuote(message) {
  const target = message.reply_to_message;
  if (!target) return null;
  if (target.forum_topic_created) return null;
  if (message.message_thread_id && target.message_id === message.message_thread_id) return null;
  const quote = document.createElement("div");
  quote.className = "quote";
  quote.dataset.testid = "reply-quote";
  quote.style.borderColor = nameColor(target.from ? target.from.id : 0);
  const who = document.createElement("b");
  who.textContent = senderName(target);
  who.style.color = nameColor(target.from ? target.from.id : 0);
  const what = document.createElement("span");
  const held = store.messages.get(key(target.chat ? target.chat.id : message.chat.id, target.message_id));
  what.textContent = messageSnippet(held || target);
  quote.append(who, what);
  quote.addEventListener("click", () => {
    const k = key(message.chat.id, target.message_id);
    const node = document.querySelector(`[data-key="${CSS.escape(k)}"]`);
    if (!node) return;
    node.scrollIntoView({ block: "center", behavior: "smooth" });
    node.classList.add("flash");
    setTimeout(() => node.classList.remove("flash"), 1200);
  });
  return quote;
}

function messageSnippet(message) {
  const text = message.text || message.caption || "";
  let kind = "";
  if (message.photo) kind = "🖼 Photo";
  else if (message.document) kind = `📄 ${message.document.file_name || "Document"}`;
  else if (message.contact) kind = `👤 Contact ${message.contact.phone_number || ""}`.trim();
  else if (message.sticker) kind = `${message.sticker.emoji || ""} Sticker`.trim();
  else if (message.voice) kind = "🎤 Voice message";
  else if (message.video) kind = "🎬 Video";
  else if (message.location) kind = "📍 Location";
  else if (isServiceMessage(message)) kind = serviceText(message);
  const oneLine = text.replace(/\s+/g, " ").trim();
  const short = oneLine.length > 90 ? `${oneLine.slice(0, 90)}…` : oneLine;
  if (kind && short) return `${kind}, ${short}`;
  return kind || short || "Message";
}

function mediaNodes(message) {
  const nodes = [];
  if (message.photo && message.photo.length) nodes.push(photoNode(message.photo));
  if (message.document) nodes.push(documentNode(message.document));
  if (message.contact) nodes.push(contactNode(message.contact));
  if (message.sticker) nodes.push(simpleMedia("sticker", message.sticker.emoji || "🏷", "Sticker"));
  if (message.voice) nodes.push(fileMedia("voice", "🎤", "Voice message", message.voice.file_id));
  if (message.video) nodes.push(fileMedia("video", "🎬", "Video", message.video.file_id));
  if (message.location) {
    const { latitude, longitude } = message.location;
    nodes.push(simpleMedia("location", "📍", `Location ${latitude}, ${longitude}`));
  }
  return nodes;
}

function photoNode(sizes) {
  const biggest = sizes.reduce((a, b) => ((b.width || 0) * (b.height || 0) > (a.width || 0) * (a.height || 0) ? b : a));
  const link = document.createElement("a");
  link.className = "photo";
  link.dataset.testid = "photo";
  link.href = fileUrl(biggest.file_id);
  link.target = "_blank";
  link.rel = "noopener";
  const img = document.createElement("img");
  img.src = fileUrl(biggest.file_id);
  img.alt = "Photo";
  img.loading = "lazy";
  if (biggest.width && biggest.height) {
    img.width = biggest.width;
    img.height = biggest.height;
    img.style.aspectRatio = `${biggest.width} / ${biggest.height}`;
  }
  link.append(img);
  return link;
}

function documentNode(doc) {
  const box = document.createElement("div");
  box.className = "document";
  box.dataset.testid = "document";
  const icon = document.createElement("div");
  icon.className = "doc-icon";
  icon.textContent = "📄";
  const info = document.createElement("div");
  info.className = "doc-info";
  const open = document.createElement("a");
  open.className = "doc-name";
  open.dataset.testid = "document-link";
  open.href = fileUrl(doc.file_id);
  open.target = "_blank";
  open.rel = "noopener";
  open.textContent = doc.file_name || "Document";
  const details = document.createElement("div");
  details.className = "doc-details";
  const size = doc.file_size ? `${formatSize(doc.file_size)} · ` : "";
  details.append(size);
  const download = document.createElement("a");
  download.dataset.testid = "document-download";
  download.href = fileUrl(doc.file_id, true);
  download.textContent = "Download";
  download.setAttribute("download", doc.file_name || "");
  details.append(download);
  info.append(open, details);
  box.append(icon, info);
  return box;
}

function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function contactNode(contact) {
  const box = document.createElement("div");
  box.className = "contact-card";
  box.dataset.testid = "contact";
  const avatar = document.createElement("div");
  avatar.className = "avatar small";
  fillAvatar(avatar, contact.first_name || "?", contact.user_id || 0);
  const info = document.createElement("div");
  const name = document.createElement("b");
  name.textContent = [contact.first_name, contact.last_name].filter(Boolean).join(" ") || "Contact";
  const phone = document.createElement("div");
  phone.className = "contact-phone";
  phone.textContent = contact.phone_number || "";
  const kind = document.createElement("div");
  kind.className = "contact-kind";
  kind.textContent = contact.user_id ? "Telegram account" : "Contact card (no Telegram account)";
  info.append(name, phone, kind);
  box.append(avatar, info);
  return box;
}

function simpleMedia(kind, icon, label) {
  const box = document.createElement("div");
  box.className = `media-note ${kind}`;
  box.textContent = `${icon} ${label}`;
  return box;
}

function fileMedia(kind, icon, label, fileId) {
  const box = simpleMedia(kind, icon, "");
  const link = document.createElement("a");
  link.href = fileUrl(fileId);
  link.target = "_blank";
  link.rel = "noopener";
  link.textContent = label;
  box.append(link);
  return box;
}

function bodyText(message) {
  const text = message.text ?? message.caption;
  if (!text) return null;
  const entities = message.text != null ? message.entities : message.caption_entities;
  const body = document.createElement("div");
  body.className = "text";
  body.dataset.testid = "message-text";
  body.append(renderEntities(text, entities || []));
  return body;
}

function metaLine(message) {
  const meta = document.createElement("div");
  meta.className = "meta";
  if (message.has_protected_content) {
    const lock = document.createElement("span");
    lock.className = "protected";
    lock.dataset.testid = "protected-mark";
    lock.title = "Protected content: it cannot be forwarded or saved";
    lock.textContent = "🔒 protected";
    meta.append(lock);
  }
  if (message.edit_date) {
    const edited = document.createElement("span");
    edited.className = "edited";
    edited.dataset.testid = "edited-mark";
    edited.textContent = "edited";
    meta.append(edited);
  }
  const time = document.createElement("time");
  time.textContent = shortTime(message.date);
  if (message.date) time.dateTime = new Date(message.date * 1000).toISOString();
  meta.append(time);
  return meta;
}

function inlineKeyboard(message, pane) {
  const markup = message.reply_markup;
  if (!markup || !Array.isArray(markup.inline_keyboard) || !markup.inline_keyboard.length) return null;
  const box = document.createElement("div");
  box.className = "inline-keyboard";
  box.dataset.testid = "inline-keyboard";
  for (const row of markup.inline_keyboard) {
    const line = document.createElement("div");
    line.className = "kb-row";
    for (const button of row) line.append(inlineButton(message, button, pane));
    box.append(line);
  }
  return box;
}

function inlineButton(message, button, pane) {
  if (button.url) {
    const link = document.createElement("a");
    link.className = "kb-inline link";
    link.dataset.testid = "inline-button";
    link.href = safeUrl(button.url) || "#";
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = `${button.text} ↗`;
    return link;
  }
  const node = document.createElement("button");
  node.type = "button";
  node.className = "kb-inline";
  node.dataset.testid = "inline-button";
  node.textContent = button.text;
  if (button.callback_data !== undefined) {
    node.dataset.callback = button.callback_data;
    node.addEventListener("click", () => pressInline(message, button.callback_data, pane, node));
  } else {
    node.disabled = true;
    node.title = "This kind of button does nothing in the sandbox";
  }
  return node;
}

function messageActions(message, pane, own) {
  const bar = document.createElement("div");
  bar.className = "msg-actions";
  const reply = document.createElement("button");
  reply.type = "button";
  reply.dataset.testid = "reply-to";
  reply.textContent = "Reply";
  reply.addEventListener("click", () => setContext(pane, { kind: "reply", message }));
  bar.append(reply);
  if (own && message.text != null) {
    const edit = document.createElement("button");
    edit.type = "button";
    edit.dataset.testid = "edit";
    edit.textContent = "Edit";
    edit.addEventListener("click", () => setContext(pane, { kind: "edit", message }));
    bar.append(edit);
  }
  return bar;
}

function shortTime(date) {
  if (!date) return "";
  return new Date(date * 1000).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
}

// ---------------------------------------------------------------------------------------------
// Telegram entities -> DOM (offsets in UTF-16 code units, as JS strings count)
// ---------------------------------------------------------------------------------------------

function renderEntities(text, entities) {
  const fragment = document.createDocumentFragment();
  const sorted = entities
    .filter((e) => Number.isInteger(e.offset) && Number.isInteger(e.length) && e.length > 0)
    .map((e) => ({ ...e }))
    .sort(byStart);
  buildEntities(fragment, text, 0, text.length, sorted);
  return fragment;
}

function byStart(a, b) {
  return a.offset - b.offset || b.length - a.length;
}

/** Append text[start:end) to `parent`, wrapping each entity (nested ones inside it). */
function buildEntities(parent, text, start, end, entities) {
  let position = start;
  const queue = entities.slice();
  while (queue.length) {
    const entity = queue.shift();
    const from = Math.max(entity.offset, position);
    const to = Math.min(entity.offset + entity.length, end);
    if (to <= from) continue;
    if (from > position) parent.append(text.slice(position, from));
    const inner = [];
    while (queue.length && queue[0].offset < to) {
      const child = queue.shift();
      const childEnd = child.offset + child.length;
      if (childEnd > to) {
        // Overlapping rather than nested: split it at the parent's end.
        inner.push({ ...child, length: to - child.offset });
        insertSorted(queue, { ...child, offset: to, length: childEnd - to });
      } else {
        inner.push(child);
      }
    }
    const whole = text.slice(entity.offset, entity.offset + entity.length);
    const { outer, content } = entityElement(entity, whole);
    buildEntities(content, text, from, to, inner);
    parent.append(outer);
    position = to;
    // A quote or a code block ends its own line: the newline after it would be an empty line.
    if (BLOCK_ENTITIES.has(entity.type) && text[position] === "\n" && position < end) position += 1;
  }
  if (position < end) parent.append(text.slice(position, end));
}

function insertSorted(queue, entity) {
  let at = 0;
  while (at < queue.length && byStart(queue[at], entity) <= 0) at += 1;
  queue.splice(at, 0, entity);
}

const BLOCK_ENTITIES = new Set(["pre", "blockquote", "expandable_blockquote"]);

const SIMPLE_TAGS = { bold: "b", italic: "i", underline: "u", strikethrough: "s", code: "code" };

function entityElement(entity, whole) {
  const tag = SIMPLE_TAGS[entity.type];
  if (tag) {
    const node = document.createElement(tag);
    return { outer: node, content: node };
  }
  switch (entity.type) {
    case "pre": {
      const pre = document.createElement("pre");
      const code = document.createElement("code");
      if (entity.language) code.dataset.language = entity.language;
      pre.append(code);
      return { outer: pre, content: code };
    }
    case "text_link":
      return linkElement(entity.url);
    case "url":
      return linkElement(/^[a-z][a-z0-9+.-]*:/i.test(whole) ? whole : `https://${whole}`);
    case "email":
      return linkElement(`mailto:${whole}`);
    case "phone_number":
      return linkElement(`tel:${whole.replace(/[^\d+]/g, "")}`);
    case "spoiler": {
      const span = document.createElement("span");
      span.className = "spoiler";
      span.title = "Spoiler: click to reveal";
      span.addEventListener("click", () => span.classList.add("revealed"));
      return { outer: span, content: span };
    }
    case "blockquote":
    case "expandable_blockquote": {
      const quote = document.createElement("blockquote");
      if (entity.type === "expandable_blockquote") {
        quote.className = "expandable";
        quote.title = "Click to expand";
        quote.addEventListener("click", () => quote.classList.toggle("expanded"));
      }
      return { outer: quote, content: quote };
    }
    case "mention":
    case "text_mention":
    case "hashtag":
    case "cashtag": {
      const span = document.createElement("span");
      span.className = "mention";
      return { outer: span, content: span };
    }
    case "bot_command": {
      const span = document.createElement("span");
      span.className = "command";
      return { outer: span, content: span };
    }
    default: {
      const span = document.createElement("span");
      return { outer: span, content: span };
    }
  }
}

function linkElement(url) {
  const safe = safeUrl(url);
  if (!safe) {
    const span = document.createElement("span");
    return { outer: span, content: span };
  }
  const link = document.createElement("a");
  link.href = safe;
  link.target = "_blank";
  link.rel = "noopener noreferrer";
  return { outer: link, content: link };
}

/** Only web, mail, phone and Telegram links become clickable. */
function safeUrl(url) {
  if (typeof url !== "string") return null;
  try {
    const parsed = new URL(url, window.location.href);
    return ["http:", "https:", "mailto:", "tel:", "tg:"].includes(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Avatars and colours
// ---------------------------------------------------------------------------------------------

const PALETTE = ["#e17076", "#7bc862", "#65aadd", "#a695e7", "#ee7aae", "#6ec9cb", "#faa774"];

function nameColor(id) {
  const colors = ["#c03d33", "#4fad2d", "#d09306", "#168acd", "#8544d6", "#cd4073", "#2996ad"];
  return colors[Math.abs(Number(id) || 0) % colors.length];
}

function fillAvatar(node, name, id) {
  const letters = String(name || "?")
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => Array.from(word)[0])
    .join("")
    .toUpperCase();
  node.textContent = letters || "?";
  node.style.background = PALETTE[Math.abs(Number(id) || 0) % PALETTE.length];
}

// ---------------------------------------------------------------------------------------------
// Toasts and alerts
// ---------------------------------------------------------------------------------------------

function showBotToast(data) {
  if (!data || !data.text) return;
  const staff = store.staff.some((person) => person.id === data.user_id);
  const pane = staff ? "admin" : "user";
  if (data.show_alert) {
    showAlert(data.text);
    return;
  }
  let text = data.text;
  if (!staff && data.user_id !== ui.userId && store.users.has(data.user_id)) {
    text = `${userLabel(store.users.get(data.user_id))}: ${text}`;
  }
  showToast(pane, text);
}

function showToast(pane, text, { error = false } = {}) {
  const box = $(pane === "admin" ? "admin-toasts" : "user-toasts");
  const toast = document.createElement("div");
  toast.className = error ? "toast error" : "toast";
  toast.dataset.testid = error ? "error-toast" : "toast";
  toast.setAttribute("role", error ? "alert" : "status");
  toast.textContent = text;
  box.append(toast);
  setTimeout(() => toast.classList.add("leaving"), error ? 6000 : 4000);
  setTimeout(() => toast.remove(), error ? 6400 : 4400);
}

function showAlert(text) {
  const dialog = $("alert-dialog");
  $("alert-text").textContent = text;
  if (!dialog.open) dialog.showModal();
}

// ---------------------------------------------------------------------------------------------
// Actions: the user's side
// ---------------------------------------------------------------------------------------------

async function sendUserText(text) {
  const user = currentUser();
  if (!user) return false;
  const context = ui.context.user;
  if (context && context.kind === "edit") {
    const done = await attempt("user", () =>
      postJson("/api/edit", {
        chat_id: user.id,
        from_id: user.id,
        message_id: context.message.message_id,
        text,
      }),
    );
    if (done) setContext("user", null);
    return Boolean(done);
  }
  const payload = { chat_id: user.id, from_id: user.id, text };
  if (context && context.kind === "reply") payload.reply_to_message_id = context.message.message_id;
  const done = await attempt("user", () => postJson("/api/send", payload));
  if (done) {
    setContext("user", null);
    upsertMessage(done.message, true);
  }
  return Boolean(done);
}

function pressReplyButton(text) {
  if (keyboardIsOneTime()) {
    ui.keyboardHidden = true;
    renderUserKeyboard();
  }
  sendAsUser(text);
}

/** Send a text as the user, whatever the composer holds (START, a button, a /command). */
async function sendAsUser(text) {
  const user = currentUser();
  if (!user) return;
  await attempt("user", async () => {
    const done = await postJson("/api/send", { chat_id: user.id, from_id: user.id, text });
    upsertMessage(done.message, true);
  });
}

function keyboardIsOneTime() {
  const markup = ui.userId === null ? null : store.keyboards.get(ui.userId);
  return Boolean(markup && markup.one_time_keyboard);
}

function shareOwnContact() {
  const user = currentUser();
  if (!user) return;
  shareContact({ from_id: user.id, phone: user.phone, first_name: user.first_name, owner: "self" });
}

async function shareContact(payload) {
  const done = await attempt("user", () => postJson("/api/contact", payload));
  if (done) upsertMessage(done.message, true);
  return Boolean(done);
}

async function uploadFile(pane, file) {
  const form = new FormData();
  const input = $(pane === "user" ? "user-input" : "admin-input");
  const caption = input.value.trim();
  if (pane === "user") {
    const user = currentUser();
    if (!user) return;
    form.append("chat_id", String(user.id));
    form.append("from_id", String(user.id));
  } else {
    if (!store.adminChat || ui.staffId === null) return;
    form.append("chat_id", String(store.adminChat.id));
    form.append("from_id", String(ui.staffId));
    if (ui.threadKey !== GENERAL) form.append("thread_id", String(ui.threadKey));
  }
  if (caption) form.append("caption", caption);
  form.append("file", file, file.name);
  const done = await attempt(pane, () => postForm("/api/upload", form));
  if (done) {
    input.value = "";
    autosize(input);
    upsertMessage(done.message, true);
  }
}

async function toggleBlock() {
  const user = currentUser();
  if (!user) return;
  const done = await attempt("user", () =>
    postJson("/api/block", { user_id: user.id, blocked: !user.blocked }),
  );
  if (done) upsertUser(done.user);
}

async function pressInline(message, data, pane, node) {
  const fromId = pane === "user" ? ui.userId : ui.staffId;
  if (fromId === null) return;
  node.classList.add("pressed");
  await attempt(pane, () =>
    postJson("/api/press", {
      chat_id: message.chat.id,
      from_id: fromId,
      message_id: message.message_id,
      data,
    }),
  );
  setTimeout(() => node.classList.remove("pressed"), 400);
}

// ---------------------------------------------------------------------------------------------
// Actions: the admin chat
// ---------------------------------------------------------------------------------------------

async function sendAdminText(text) {
  if (!store.adminChat || ui.staffId === null) return false;
  const context = ui.context.admin;
  if (context && context.kind === "edit") {
    const done = await attempt("admin", () =>
      postJson("/api/edit", {
        chat_id: store.adminChat.id,
        from_id: ui.staffId,
        message_id: context.message.message_id,
        text,
      }),
    );
    if (done) setContext("admin", null);
    return Boolean(done);
  }
  const payload = { chat_id: store.adminChat.id, from_id: ui.staffId, text };
  if (ui.threadKey !== GENERAL) payload.thread_id = ui.threadKey;
  if (context && context.kind === "reply") payload.reply_to_message_id = context.message.message_id;
  const done = await attempt("admin", () => postJson("/api/send", payload));
  if (done) {
    setContext("admin", null);
    upsertMessage(done.message, true);
  }
  return Boolean(done);
}

// ---------------------------------------------------------------------------------------------
// Composers: reply and edit context, sending
// ---------------------------------------------------------------------------------------------

function setContext(pane, context) {
  ui.context[pane] = context;
  const bar = $(pane === "user" ? "user-context" : "admin-context");
  const input = $(pane === "user" ? "user-input" : "admin-input");
  const wasEditing = bar.dataset.kind === "edit";
  bar.hidden = !context;
  bar.dataset.kind = context ? context.kind : "";
  if (!context) {
    if (wasEditing) {
      input.value = "";
      autosize(input);
    }
    return;
  }
  bar.querySelector(".context-kind").textContent =
    context.kind === "edit" ? "Editing" : `Reply to ${senderName(context.message)}`;
  bar.querySelector(".context-snippet").textContent = messageSnippet(context.message);
  if (context.kind === "edit") input.value = context.message.text || "";
  autosize(input);
  input.focus();
}

function bindComposer(pane) {
  const form = $(`${pane}-composer`);
  const input = $(`${pane}-input`);
  const send = pane === "user" ? sendUserText : sendAdminText;
  let busy = false;
  async function submit() {
    const text = input.value.trim();
    if (!text || busy) return;
    busy = true;
    const sent = await send(text);
    busy = false;
    if (sent) {
      input.value = "";
      autosize(input);
    }
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    } else if (event.key === "Escape") {
      setContext(pane, null);
    }
  });
  input.addEventListener("input", () => autosize(input));
  $(`${pane}-context`)
    .querySelector("[data-action=cancel-context]")
    .addEventListener("click", () => setContext(pane, null));
  const fileInput = $(`${pane}-file`);
  $(`${pane}-attach`).addEventListener("click", () => fileInput.click());
  fileInput.addEventListener("change", async () => {
    const file = fileInput.files && fileInput.files[0];
    fileInput.value = "";
    if (file) await uploadFile(pane, file);
  });
}

function autosize(input) {
  input.style.height = "auto";
  input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
}

// ---------------------------------------------------------------------------------------------
// Dialogs: a new user, a contact to share
// ---------------------------------------------------------------------------------------------

function openUserDialog() {
  const select = $("preset-select");
  select.replaceChildren(new Option("Custom", ""));
  store.presets.forEach((preset, index) => select.append(new Option(preset.label, String(index))));
  select.value = store.presets.length ? "0" : "";
  applyPreset();
  $("user-form-error").hidden = true;
  $("user-dialog").showModal();
  $("new-first-name").focus();
}

function applyPreset() {
  const preset = store.presets[Number($("preset-select").value)];
  if (!preset || $("preset-select").value === "") return;
  $("new-first-name").value = preset.first_name || "";
  $("new-last-name").value = preset.last_name || "";
  ensureLanguageOption(preset.language_code);
  $("new-language").value = preset.language_code;
  $("new-phone").value = preset.phone || "";
}

function ensureLanguageOption(code) {
  const select = $("new-language");
  if (code && ![...select.options].some((option) => option.value === code)) {
    select.append(new Option(code, code));
  }
}

async function createUser(event) {
  event.preventDefault();
  const lastName = $("new-last-name").value.trim();
  const payload = {
    first_name: $("new-first-name").value.trim(),
    language_code: $("new-language").value,
    phone: $("new-phone").value.trim(),
  };
  if (lastName) payload.last_name = lastName;
  const error = $("user-form-error");
  try {
    const done = await postJson("/api/users", payload);
    $("user-dialog").close();
    store.users.set(done.user.id, done.user);
    selectUser(done.user.id);
  } catch (failure) {
    error.textContent = failure instanceof ApiError ? failure.message : "The sandbox server cannot be reached.";
    error.hidden = false;
  }
}

function openContactDialog() {
  const user = currentUser();
  if (!user) return;
  $("contact-form").elements.owner.value = "self";
  $("contact-form-error").hidden = true;
  syncContactOwner();
  $("contact-dialog").showModal();
}

function syncContactOwner() {
  const user = currentUser();
  const owner = $("contact-form").elements.owner.value;
  const phone = $("contact-phone");
  const name = $("contact-first-name");
  if (owner === "self" && user) {
    phone.value = user.phone;
    name.value = user.first_name;
  } else if (phone.readOnly) {
    phone.value = "";
    name.value = "";
  }
  phone.readOnly = owner === "self";
  name.readOnly = owner === "self";
}

async function submitContact(event) {
  event.preventDefault();
  const user = currentUser();
  if (!user) return;
  const payload = {
    from_id: user.id,
    phone: $("contact-phone").value.trim(),
    first_name: $("contact-first-name").value.trim(),
    owner: $("contact-form").elements.owner.value,
  };
  try {
    const done = await postJson("/api/contact", payload);
    $("contact-dialog").close();
    upsertMessage(done.message, true);
  } catch (failure) {
    const error = $("contact-form-error");
    error.textContent = failure instanceof ApiError ? failure.message : "The sandbox server cannot be reached.";
    error.hidden = false;
  }
}

// ---------------------------------------------------------------------------------------------
// Choosing who is at the keyboard, and which pane a narrow screen shows
// ---------------------------------------------------------------------------------------------

function selectUser(userId) {
  ui.userId = userId;
  ui.keyboardHidden = false;
  setContext("user", null);
  renderUserSelect();
  renderUserHead();
  renderUserMessages();
  renderUserBars();
}

function selectStaff(staffId) {
  ui.staffId = staffId;
  setContext("admin", null);
  renderAdminMessages();
  renderTopicList();
}

function showPane(pane) {
  ui.pane = pane;
  $("panes").dataset.active = pane;
  for (const tab of document.querySelectorAll(".tab")) {
    tab.setAttribute("aria-pressed", String(tab.dataset.pane === pane));
  }
}

// ---------------------------------------------------------------------------------------------
// Start
// ---------------------------------------------------------------------------------------------

function bindControls() {
  bindComposer("user");
  bindComposer("admin");
  $("user-select").addEventListener("change", (event) => selectUser(Number(event.target.value)));
  $("staff-select").addEventListener("change", (event) => selectStaff(Number(event.target.value)));
  $("new-user").addEventListener("click", openUserDialog);
  $("preset-select").addEventListener("change", applyPreset);
  $("user-form").addEventListener("submit", createUser);
  $("user-contact").addEventListener("click", openContactDialog);
  $("contact-form").addEventListener("change", (event) => {
    if (event.target.name === "owner") syncContactOwner();
  });
  $("contact-form").addEventListener("submit", submitContact);
  for (const button of document.querySelectorAll("dialog [data-close]")) {
    button.addEventListener("click", () => button.closest("dialog").close());
  }
  $("block-toggle").addEventListener("click", toggleBlock);
  $("user-unblock").addEventListener("click", toggleBlock);
  $("user-start").addEventListener("click", () => sendAsUser("/start"));
  $("user-keyboard-toggle").addEventListener("click", () => {
    ui.keyboardHidden = !ui.keyboardHidden;
    renderUserKeyboard();
  });
  $("topics-back").addEventListener("click", () => {
    ui.adminView = "list";
    $("admin-pane").dataset.view = "list";
  });
  for (const tab of document.querySelectorAll(".tab")) {
    tab.addEventListener("click", () => showPane(tab.dataset.pane));
  }
  // A /command in the user's chat is clickable, as in Telegram: it sends itself.
  $("user-messages").addEventListener("click", (event) => {
    const command = event.target.closest(".command");
    if (command && !currentUser()?.blocked) sendAsUser(command.textContent.split("@")[0]);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  bindControls();
  connectEvents();
});
