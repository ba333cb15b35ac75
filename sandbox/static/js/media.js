/* What a message carries besides its text: a photo, a document, a contact card, a sticker, a
 * voice message, a video, a location. Files come from /api/files. */

import { fileUrl } from "./api.js";
import { el, fillAvatar, newTabLink } from "./dom.js";

export function mediaNodes(message) {
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

const area = (size) => (size.width || 0) * (size.height || 0);

function photoNode(sizes) {
  const biggest = sizes.reduce((a, b) => (area(b) > area(a) ? b : a));
  const link = newTabLink(fileUrl(biggest.file_id));
  link.className = "photo";
  link.dataset.testid = "photo";
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
  const box = el("div", { className: "document", testid: "document" });
  const icon = el("div", { className: "doc-icon", text: "📄" });
  const info = el("div", { className: "doc-info" });
  const open = newTabLink(fileUrl(doc.file_id));
  open.className = "doc-name";
  open.dataset.testid = "document-link";
  open.textContent = doc.file_name || "Document";
  const details = el("div", { className: "doc-details" });
  details.append(doc.file_size ? `${formatSize(doc.file_size)} · ` : "");
  const download = el("a", { testid: "document-download", text: "Download" });
  download.href = fileUrl(doc.file_id, true);
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
  const box = el("div", { className: "contact-card", testid: "contact" });
  const avatar = el("div", { className: "avatar small" });
  fillAvatar(avatar, contact.first_name || "?", contact.user_id || 0);
  const info = document.createElement("div");
  const name = [contact.first_name, contact.last_name].filter(Boolean).join(" ") || "Contact";
  const kind = contact.user_id ? "Telegram account" : "Contact card (no Telegram account)";
  info.append(
    el("b", { text: name }),
    el("div", { className: "contact-phone", text: contact.phone_number || "" }),
    el("div", { className: "contact-kind", text: kind }),
  );
  box.append(avatar, info);
  return box;
}

function simpleMedia(kind, icon, label) {
  return el("div", { className: `media-note ${kind}`, text: `${icon} ${label}` });
}

function fileMedia(kind, icon, label, fileId) {
  const box = simpleMedia(kind, icon, "");
  const link = newTabLink(fileUrl(fileId));
  link.textContent = label;
  box.append(link);
  return box;
}
