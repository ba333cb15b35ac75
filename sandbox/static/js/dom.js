/* Small DOM helpers shared by every part of the page: finding and making nodes, links that open
 * in a new tab, a textarea that grows, avatars and name colours. Every text reaches the page
 * through textContent or DOM nodes, never through innerHTML. */

export const $ = (id) => document.getElementById(id);

/** A new element with an optional class, data-testid and text. */
export function el(tag, { className, testid, text } = {}) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (testid) node.dataset.testid = testid;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A button that is not a form's submit button. */
export function button(className, testid, text) {
  const node = el("button", { className, testid, text });
  node.type = "button";
  return node;
}

export function newTabLink(href, rel = "noopener") {
  const link = document.createElement("a");
  link.href = href;
  link.target = "_blank";
  link.rel = rel;
  return link;
}

export function autosize(input) {
  input.style.height = "auto";
  input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
}

/** Scroll a message list to its end, and again once images grow it. */
export function scrollToEnd(list) {
  list.scrollTop = list.scrollHeight;
  requestAnimationFrame(() => {
    list.scrollTop = list.scrollHeight;
  });
}

export function nearEnd(list) {
  return list.scrollHeight - list.scrollTop - list.clientHeight < 120;
}

/** Call `action` on a click, and on Enter or Space for a keyboard user. */
export function onActivate(node, action) {
  node.addEventListener("click", action);
  node.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      action();
    }
  });
}

// --- avatars and colours ---------------------------------------------------------------------

const PALETTE = ["#e17076", "#7bc862", "#65aadd", "#a695e7", "#ee7aae", "#6ec9cb", "#faa774"];
const NAME_COLORS = ["#c03d33", "#4fad2d", "#d09306", "#168acd", "#8544d6", "#cd4073", "#2996ad"];

const pick = (colors, id) => colors[Math.abs(Number(id) || 0) % colors.length];

export function nameColor(id) {
  return pick(NAME_COLORS, id);
}

/** The first letters of a name's first two words that start with one ("Aruzhan · +7 701 …"
 * is "A", "Дмитрий Ким" "ДК"); a name without letters gives its first character. */
export function initials(name) {
  const words = String(name || "").split(/\s+/).filter(Boolean);
  const lettered = words.filter((word) => /^\p{L}/u.test(word));
  const picked = (lettered.length ? lettered : words).slice(0, 2);
  return picked.map((word) => Array.from(word)[0]).join("").toUpperCase() || "?";
}

export function fillAvatar(node, name, id) {
  node.textContent = initials(name);
  node.style.background = pick(PALETTE, id);
}
