/* A message in words: who sent it, a one-line snippet, what a service message says.
 * The topic list, the reply and edit bar, quotes and service rows all show these. */

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

export function isServiceMessage(message) {
  return SERVICE_KEYS.some((name) => message[name]);
}

export function senderName(message) {
  if (message.from) return [message.from.first_name, message.from.last_name].filter(Boolean).join(" ");
  if (message.sender_chat) return message.sender_chat.title || "Chat";
  return message.chat.title || message.chat.first_name || "";
}

export function serviceText(message) {
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

function kindOf(message) {
  if (message.photo) return "🖼 Photo";
  if (message.document) return `📄 ${message.document.file_name || "Document"}`;
  if (message.contact) return `👤 Contact ${message.contact.phone_number || ""}`.trim();
  if (message.sticker) return `${message.sticker.emoji || ""} Sticker`.trim();
  if (message.voice) return "🎤 Voice message";
  if (message.video) return "🎬 Video";
  if (message.location) return "📍 Location";
  if (isServiceMessage(message)) return serviceText(message);
  return "";
}

export function messageSnippet(message) {
  const text = message.text || message.caption || "";
  const kind = kindOf(message);
  const oneLine = text.replace(/\s+/g, " ").trim();
  const short = oneLine.length > 90 ? `${oneLine.slice(0, 90)}…` : oneLine;
  if (kind && short) return `${kind}, ${short}`;
  return kind || short || "Message";
}
