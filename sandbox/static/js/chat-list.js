/* A chat's list of messages, either pane's: drawn whole (with a divider where the day changes),
 * or one new or edited message put in place without redrawing the others. */

import { dayLabel } from "./clock.js";
import { $, el, nearEnd, scrollToEnd } from "./dom.js";
import { dropJump, offerJump } from "./jump.js";
import { isOwn, messageElement } from "./messages.js";
import { key, store, ui } from "./state.js";
import { newestId, topicKeyOf } from "./topics.js";

const listOf = (pane) => $(`${pane}-messages`);

/** Draw `messages` into the pane's list; `emptyText` stands in for none. */
export function fillChat(pane, messages, emptyText) {
  const list = listOf(pane);
  const nodes = [];
  let previous = null;
  for (const message of messages) {
    if (dayChanged(previous, message)) nodes.push(dayDivider(message.date));
    nodes.push(messageElement(message, pane));
    previous = message;
  }
  if (!messages.length) nodes.push(el("div", { className: "empty-note", text: emptyText }));
  list.replaceChildren(...nodes);
  if (pane === "admin") ui.lastSeen.set(ui.threadKey, newestId(ui.threadKey));
  scrollToEnd(list);
  dropJump(pane);
}

/** Put a new or edited message into an open chat without redrawing the others. */
export function showInChat(pane, message, isNew) {
  const list = listOf(pane);
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
  else offerJump(pane);
}

function previousShown(keys, k, pane) {
  for (let at = keys.indexOf(k) - 1; at >= 0; at -= 1) {
    const message = store.messages.get(keys[at]);
    if (!message) continue;
    if (pane === "user" || topicKeyOf(message) === ui.threadKey) return message;
  }
  return null;
}

function dayChanged(previous, message) {
  if (!message.date) return false;
  if (!previous || !previous.date) return true;
  return dayLabel(previous.date) !== dayLabel(message.date);
}

function dayDivider(date) {
  const divider = el("div", { className: "day" });
  divider.append(el("span", { text: dayLabel(date) }));
  return divider;
}
