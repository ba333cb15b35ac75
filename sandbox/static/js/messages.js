/* One message as the page draws it: a bubble (sender, quote, forward, media, text, time), its
 * inline keyboard and its Reply / Edit actions; or a service row. */

import { attempt, postJson } from "./api.js";
import { setContext } from "./composer.js";
import { shortTime } from "./clock.js";
import { isServiceMessage, messageSnippet, senderName, serviceText } from "./describe.js";
import { button, el, nameColor, newTabLink } from "./dom.js";
import { renderEntities, safeUrl } from "./entities.js";
import { mediaNodes } from "./media.js";
import { key, messageNode, store, ui } from "./state.js";

/** Is the message on the viewer's side of the chat (drawn on the right)? */
export function isOwn(message, pane) {
  if (!message.from) return false;
  return pane === "user" ? message.from.id === ui.userId : message.from.id === ui.staffId;
}

export function messageElement(message, pane) {
  if (isServiceMessage(message)) return serviceElement(message);
  const own = isOwn(message, pane);
  const row = el("div", { className: `msg ${own ? "out" : "in"}`, testid: "message" });
  row.dataset.key = key(message.chat.id, message.message_id);
  row.dataset.chatId = String(message.chat.id);
  row.dataset.messageId = String(message.message_id);
  if (message.from) {
    row.dataset.fromId = String(message.from.id);
    if (message.from.is_bot) row.dataset.fromBot = "true";
  }

  const bubble = el("div", { className: "bubble" });
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
  const row = el("div", { className: "service", testid: "service-message" });
  row.dataset.key = key(message.chat.id, message.message_id);
  row.dataset.messageId = String(message.message_id);
  row.append(el("span", { text: serviceText(message) }));
  return row;
}

function senderLabel(message) {
  const label = el("div", { className: "sender", testid: "sender", text: senderName(message) });
  label.style.color = nameColor(message.from ? message.from.id : 0);
  let tag = null;
  if (message.from && message.from.is_bot) tag = "bot";
  else if (message.from) {
    const person = store.staff.find((p) => p.id === message.from.id);
    if (person) tag = person.role;
  }
  if (tag) label.append(" ", el("span", { className: "tag", text: tag }));
  return label;
}

function forwardLabel(message) {
  const origin = message.forward_origin;
  let from = message.forward_sender_name || "";
  if (origin) from = origin.sender_user ? origin.sender_user.first_name : origin.sender_user_name || "";
  else if (message.forward_from) from = message.forward_from.first_name;
  const text = from ? `Forwarded from ${from}` : "Forwarded message";
  return el("div", { className: "forwarded", text });
}

/** The quoted message above a reply, unless it is the topic's own first message. */
function replyQuote(message) {
  const target = message.reply_to_message;
  if (!target) return null;
  if (target.forum_topic_created) return null;
  if (message.message_thread_id && target.message_id === message.message_thread_id) return null;
  const color = nameColor(target.from ? target.from.id : 0);
  const quote = el("div", { className: "quote", testid: "reply-quote" });
  quote.style.borderColor = color;
  const who = el("b", { text: senderName(target) });
  who.style.color = color;
  const held = store.messages.get(key(target.chat ? target.chat.id : message.chat.id, target.message_id));
  quote.append(who, el("span", { text: messageSnippet(held || target) }));
  quote.addEventListener("click", () => {
    const node = messageNode(key(message.chat.id, target.message_id));
    if (!node) return;
    node.scrollIntoView({ block: "center", behavior: "smooth" });
    node.classList.add("flash");
    setTimeout(() => node.classList.remove("flash"), 1200);
  });
  return quote;
}

function bodyText(message) {
  const text = message.text ?? message.caption;
  if (!text) return null;
  const entities = message.text != null ? message.entities : message.caption_entities;
  const body = el("div", { className: "text", testid: "message-text" });
  body.append(renderEntities(text, entities || []));
  return body;
}

function metaLine(message) {
  const meta = el("div", { className: "meta" });
  if (message.has_protected_content) {
    const lock = el("span", { className: "protected", testid: "protected-mark", text: "🔒 protected" });
    lock.title = "Protected content: it cannot be forwarded or saved";
    meta.append(lock);
  }
  if (message.edit_date) meta.append(el("span", { className: "edited", testid: "edited-mark", text: "edited" }));
  if (Array.isArray(message.reactions) && message.reactions.length) {
    // Not in Telegram's Message: the stand-in keeps the bot's reactions (✍ on a !note) for the page.
    meta.append(el("span", { className: "reactions", testid: "reactions", text: message.reactions.join(" ") }));
  }
  const time = el("time", { text: shortTime(message.date) });
  if (message.date) time.dateTime = new Date(message.date * 1000).toISOString();
  meta.append(time);
  return meta;
}

function inlineKeyboard(message, pane) {
  const markup = message.reply_markup;
  if (!markup || !Array.isArray(markup.inline_keyboard) || !markup.inline_keyboard.length) return null;
  const box = el("div", { className: "inline-keyboard", testid: "inline-keyboard" });
  for (const row of markup.inline_keyboard) {
    const line = el("div", { className: "kb-row" });
    for (const data of row) line.append(inlineButton(message, data, pane));
    box.append(line);
  }
  return box;
}

function inlineButton(message, data, pane) {
  if (data.url && !safeUrl(data.url)) {
    const refused = button("kb-inline", "inline-button", data.text);
    refused.disabled = true; // a link Telegram would not take either
    return refused;
  }
  if (data.url) {
    const link = newTabLink(safeUrl(data.url));
    link.className = "kb-inline link";
    link.dataset.testid = "inline-button";
    link.textContent = `${data.text} ↗`;
    return link;
  }
  const node = button("kb-inline", "inline-button", data.text);
  if (data.callback_data !== undefined) {
    node.dataset.callback = data.callback_data;
    node.addEventListener("click", () => pressInline(message, data.callback_data, pane, node));
  } else {
    node.disabled = true;
    node.title = "This kind of button does nothing in the sandbox";
  }
  return node;
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

function messageActions(message, pane, own) {
  const bar = el("div", { className: "msg-actions" });
  const action = (testid, text, kind) => {
    const node = button(undefined, testid, text);
    node.addEventListener("click", () => setContext(pane, { kind, message }));
    bar.append(node);
  };
  action("reply-to", "Reply", "reply");
  const editable = message.text != null || message.photo || message.document; // text or caption
  if (own && editable) action("edit", "Edit", "edit");
  return bar;
}
