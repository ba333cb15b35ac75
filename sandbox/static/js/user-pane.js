/* The left pane: a user's private chat with the bot, as on a phone. Who the user is, the chat's
 * head, its messages, the bars under it (START, blocked, the composer), the bot's reply
 * keyboard, and what only the user does: START, buttons, their contact, blocking the bot. */

import { attempt, postJson } from "./api.js";
import { fillChat } from "./chat-list.js";
import { author, setContext } from "./composer.js";
import { $, button, el, fillAvatar } from "./dom.js";
import { adoptAnswer, upsertUser } from "./live.js";
import { chatMessages, currentUser, store, ui, userLabel } from "./state.js";

export function renderUserPane() {
  renderUserSelect();
  renderUserHead();
  renderUserMessages();
  renderUserBars();
}

export function selectUser(userId) {
  ui.userId = userId;
  ui.keyboardHidden = false;
  setContext("user", null);
  renderUserPane();
}

export function renderUserSelect() {
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

export function renderUserHead() {
  const user = currentUser();
  const bot = store.bot;
  const botName = bot ? bot.first_name : "Bot";
  const blocked = Boolean(user && user.blocked);
  $("user-chat-title").textContent = botName;
  fillAvatar($("user-chat-avatar"), botName, bot ? bot.id : 0);
  $("user-chat-sub").textContent = blocked ? "bot · blocked" : "bot";
  const toggle = $("block-toggle");
  toggle.disabled = !user;
  toggle.textContent = blocked ? "Unblock bot" : "Block bot";
  toggle.dataset.blocked = String(blocked);
}

/** The bars under the user's chat: START for an empty chat, the block notice, the composer. */
export function renderUserBars() {
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
  const messages = user ? chatMessages(user.id) : [];
  const empty = user
    ? "A new chat. Press START to send /start."
    : "Create a user to start a private chat with the bot.";
  fillChat("user", messages, empty);
}

export function renderUserKeyboard() {
  const user = currentUser();
  const box = $("user-keyboard");
  const markup = user ? store.keyboards.get(user.id) : null;
  const rows = markup && Array.isArray(markup.keyboard) ? markup.keyboard : null;
  const usable = Boolean(rows && rows.length && user && !user.blocked && !$("user-composer").hidden);
  $("user-keyboard-toggle").hidden = !usable;
  box.hidden = !usable || ui.keyboardHidden;
  box.replaceChildren();
  $("user-input").placeholder = (usable && markup.input_field_placeholder) || "Message";
  if (!usable) return;
  for (const row of rows) {
    const line = el("div", { className: "kb-row" });
    for (const data of row) line.append(replyButton(data));
    box.append(line);
  }
}

function replyButton(data) {
  const text = typeof data === "string" ? data : data.text;
  const node = button("kb-button", "reply-button", text);
  if (data.request_contact) {
    node.classList.add("contact");
    node.dataset.kind = "request-contact";
    node.addEventListener("click", () => shareOwnContact());
  } else {
    node.addEventListener("click", () => pressReplyButton(text));
  }
  return node;
}

// --- what the user does ----------------------------------------------------------------------

function pressReplyButton(text) {
  const markup = ui.userId === null ? null : store.keyboards.get(ui.userId);
  if (markup && markup.one_time_keyboard) {
    ui.keyboardHidden = true;
    renderUserKeyboard();
  }
  sendAsUser(text);
}

/** Send a text as the user, whatever the composer holds (START, a button, a /command). */
export async function sendAsUser(text) {
  const where = author("user");
  if (!where) return;
  await attempt("user", async () => {
    const done = await postJson("/api/send", { ...where, text });
    adoptAnswer(done.message);
  });
}

function shareOwnContact() {
  const user = currentUser();
  if (!user) return;
  const payload = { from_id: user.id, phone: user.phone, first_name: user.first_name, owner: "self" };
  attempt("user", async () => {
    const done = await postJson("/api/contact", payload);
    adoptAnswer(done.message);
  });
}

export async function toggleBlock() {
  const user = currentUser();
  if (!user) return;
  const done = await attempt("user", () =>
    postJson("/api/block", { user_id: user.id, blocked: !user.blocked }),
  );
  if (done) upsertUser(done.user);
}

export function toggleKeyboard() {
  ui.keyboardHidden = !ui.keyboardHidden;
  renderUserKeyboard();
}
