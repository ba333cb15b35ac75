/* The right pane: the admin chat, as on a desktop. Who you are (an agent or the supervisor),
 * the topic list (General, then the newest activity, with unread counts), the open topic's
 * head and messages; on a narrow screen, either the list or the chat. */

import { fillChat } from "./chat-list.js";
import { setContext } from "./composer.js";
import { shortTime } from "./clock.js";
import { messageSnippet, senderName } from "./describe.js";
import { $, el, fillAvatar, onActivate } from "./dom.js";
import { GENERAL, store, ui } from "./state.js";
import { orderedTopics, topicMessages, topicName, unreadCount } from "./topics.js";

export function renderAdminPane() {
  renderStaffSelect();
  renderTopicList();
  renderAdminHead();
  renderAdminMessages();
}

export function selectTopic(topicKey) {
  ui.threadKey = topicKey;
  setContext("admin", null);
  renderTopicList();
  renderAdminHead();
  renderAdminMessages();
  showAdminView("chat");
}

export function selectStaff(staffId) {
  ui.staffId = staffId;
  setContext("admin", null);
  renderAdminMessages();
  renderTopicList();
}

/** On a narrow screen: the topic list or the open topic's chat. */
export function showAdminView(view) {
  ui.adminView = view;
  $("admin-pane").dataset.view = view;
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

export function renderTopicList() {
  const items = [];
  let totalUnread = 0;
  for (const row of orderedTopics()) {
    const unread = row.topicKey === ui.threadKey ? 0 : unreadCount(row.topicKey);
    totalUnread += unread;
    items.push(topicItem(row, unread));
  }
  $("topic-list").replaceChildren(...items);
  const badge = $("admin-tab-unread");
  badge.hidden = totalUnread === 0;
  badge.textContent = String(totalUnread);
}

function fillTopicAvatar(node, topicKey, name) {
  if (topicKey === GENERAL) {
    node.textContent = "#";
    node.style.background = "";
  } else {
    fillAvatar(node, name, topicKey);
  }
}

function topicItem(row, unread) {
  const topic = row.topicKey === GENERAL ? null : store.topics.get(row.topicKey);
  const closed = Boolean(topic && topic.closed);
  const name = topicName(row.topicKey);
  const item = el("li", { className: "topic", testid: "topic" });
  item.dataset.threadId = String(row.topicKey);
  item.tabIndex = 0;
  item.setAttribute("role", "button");
  if (row.topicKey === ui.threadKey) item.classList.add("selected");
  if (closed) item.classList.add("closed");

  const avatar = el("div", { className: "avatar" });
  fillTopicAvatar(avatar, row.topicKey, name);

  const top = el("div", { className: "topic-top" });
  top.append(
    el("span", { className: "topic-name", testid: "topic-name", text: (closed ? "🔒 " : "") + name }),
    el("span", { className: "topic-time", text: row.last ? shortTime(row.last.date) : "" }),
  );
  const bottom = el("div", { className: "topic-bottom" });
  const snippet = row.last ? `${senderName(row.last)}: ${messageSnippet(row.last)}` : "No messages yet";
  bottom.append(el("span", { className: "topic-snippet", text: snippet }));
  if (unread) bottom.append(el("span", { className: "badge", testid: "topic-unread", text: String(unread) }));
  const body = el("div", { className: "topic-body" });
  body.append(top, bottom);
  item.append(avatar, body);
  onActivate(item, () => selectTopic(row.topicKey));
  return item;
}

export function renderAdminHead() {
  const topicKey = ui.threadKey;
  const topic = topicKey === GENERAL ? null : store.topics.get(topicKey);
  const name = topicName(topicKey);
  $("topic-title").textContent = name;
  fillTopicAvatar($("topic-avatar"), topicKey, name);
  const chat = store.adminChat ? store.adminChat.title : "Admin chat";
  $("topic-sub").textContent = topic && topic.closed ? `${chat} · closed topic` : chat;
}

function renderAdminMessages() {
  fillChat("admin", topicMessages(ui.threadKey), "No messages in this topic yet.");
}
