/* The admin chat's topics, as the store holds them: which exist, their messages, names, unread
 * counts and their order in the list. */

import { isServiceMessage } from "./describe.js";
import { GENERAL, store, ui } from "./state.js";

export function isAdminChat(chatId) {
  return store.adminChat !== null && chatId === store.adminChat.id;
}

export function topicKeyOf(message) {
  return message.message_thread_id ? message.message_thread_id : GENERAL;
}

export function visibleTopic(threadId) {
  const topic = store.topics.get(threadId);
  return topic && !topic.deleted ? topic : null;
}

export function topicKeys() {
  const keys = [GENERAL];
  for (const topic of store.topics.values()) if (!topic.deleted) keys.push(topic.thread_id);
  return keys;
}

export function topicMessages(topicKey) {
  if (!store.adminChat) return [];
  const keys = store.chats.get(store.adminChat.id) || [];
  return keys.map((k) => store.messages.get(k)).filter((m) => m && topicKeyOf(m) === topicKey);
}

export function newestId(topicKey) {
  const messages = topicMessages(topicKey);
  return messages.length ? Math.max(...messages.map((m) => m.message_id)) : 0;
}

export function unreadCount(topicKey) {
  const seen = ui.lastSeen.get(topicKey) || 0;
  return topicMessages(topicKey).filter(
    (m) => m.message_id > seen && !(m.from && m.from.id === ui.staffId) && !isServiceMessage(m),
  ).length;
}

export function topicName(topicKey) {
  if (topicKey === GENERAL) return "General";
  const topic = store.topics.get(topicKey);
  return topic ? topic.name : `Topic ${topicKey}`;
}

/** The topic a message tells of before the server does: known at once, unread, by its name. */
export function noteTopicOf(message) {
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
  return topicKey;
}

/** General first, then the topics with the newest activity first. */
export function orderedTopics() {
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
