/* Telegram entities -> DOM. Offsets count UTF-16 code units, as JS strings do; nested entities
 * nest, overlapping ones are split; only safe links become clickable. */

import { newTabLink } from "./dom.js";

export function renderEntities(text, entities) {
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

const SPAN_CLASSES = {
  mention: "mention",
  text_mention: "mention",
  hashtag: "mention",
  cashtag: "mention",
  bot_command: "command",
};

/** An element whose text is its own content. */
function plain(tag, className) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return { outer: node, content: node };
}

function entityElement(entity, whole) {
  const tag = SIMPLE_TAGS[entity.type];
  if (tag) return plain(tag);
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
      const spoiler = plain("span", "spoiler");
      spoiler.outer.title = "Spoiler: click to reveal";
      spoiler.outer.addEventListener("click", () => spoiler.outer.classList.add("revealed"));
      return spoiler;
    }
    case "blockquote":
    case "expandable_blockquote": {
      const quote = plain("blockquote");
      if (entity.type === "expandable_blockquote") {
        quote.outer.className = "expandable";
        quote.outer.title = "Click to expand";
        quote.outer.addEventListener("click", () => quote.outer.classList.toggle("expanded"));
      }
      return quote;
    }
    default:
      return plain("span", SPAN_CLASSES[entity.type]);
  }
}

function linkElement(url) {
  const safe = safeUrl(url);
  if (!safe) return plain("span");
  const link = newTabLink(safe, "noopener noreferrer");
  return { outer: link, content: link };
}

/** Only web, mail, phone and Telegram links become clickable. */
export function safeUrl(url) {
  if (typeof url !== "string") return null;
  try {
    const parsed = new URL(url); // absolute only, as Telegram takes them
    return ["http:", "https:", "mailto:", "tel:", "tg:"].includes(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
}
