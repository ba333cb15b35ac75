/* What the page knows: `store`, what the server told it (rebuilt from /api/state on every
 * (re)connect), and `ui`, what the person at the keyboard chose (kept across reconnects). */

export const GENERAL = "general"; // the key of the admin chat's General topic

export const store = {
  bot: null,
  adminChat: null,
  staff: [],
  users: new Map(), // user id -> user
  presets: [],
  topics: new Map(), // thread id -> topic
  messages: new Map(), // "chatId:messageId" -> Message
  chats: new Map(), // chat id -> [message keys in arrival order]
  keyboards: new Map(), // private chat id -> ReplyKeyboardMarkup | null
  timeZone: undefined, // the server's TIMEZONE, which the bot writes dates in
};

export const ui = {
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

export const key = (chatId, messageId) => `${chatId}:${messageId}`;

/** Keep a message; true when it is new (not an edit of one already held). */
export function storeMessage(message) {
  const k = key(message.chat.id, message.message_id);
  const isNew = !store.messages.has(k);
  store.messages.set(k, message);
  if (isNew) {
    if (!store.chats.has(message.chat.id)) store.chats.set(message.chat.id, []);
    store.chats.get(message.chat.id).push(k);
  }
  return isNew;
}

/** Forget a message; its node, if drawn, is the caller's to remove. */
export function forgetMessage(chatId, messageId) {
  const k = key(chatId, messageId);
  store.messages.delete(k);
  const keys = store.chats.get(chatId);
  if (keys) {
    const at = keys.indexOf(k);
    if (at >= 0) keys.splice(at, 1);
  }
}

export function chatMessages(chatId) {
  return (store.chats.get(chatId) || []).map((k) => store.messages.get(k)).filter(Boolean);
}

export function currentUser() {
  return ui.userId === null ? null : store.users.get(ui.userId) || null;
}

export function userLabel(user) {
  return [user.first_name, user.last_name].filter(Boolean).join(" ");
}

/** The node drawn for a message, wherever it is. */
export function messageNode(k) {
  return document.querySelector(`[data-key="${CSS.escape(k)}"]`);
}
