/* The "↓ New messages" button over a chat scrolled up: a message that arrives out of sight
 * shows it; it takes the reader to the newest, and goes once they are there. */

import { $, nearEnd, scrollToEnd } from "./dom.js";

const jumpOf = (pane) => $(`${pane}-jump`);

export function offerJump(pane) {
  jumpOf(pane).hidden = false;
}

export function dropJump(pane) {
  jumpOf(pane).hidden = true;
}

export function bindJump(pane) {
  const list = $(`${pane}-messages`);
  jumpOf(pane).addEventListener("click", () => {
    scrollToEnd(list);
    dropJump(pane);
  });
  list.addEventListener("scroll", () => {
    if (nearEnd(list)) dropJump(pane);
  });
}
