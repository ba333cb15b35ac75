/* Qamqor sandbox page: a user's private chat with the bot (left) and the admin chat (right).
 * Native ES modules, no build step, no library: this one wires the controls and connects. */

import { selectStaff, showAdminView } from "./admin-pane.js";
import { bindComposer } from "./composer.js";
import { bindDialogs } from "./dialogs.js";
import { $ } from "./dom.js";
import { bindJump } from "./jump.js";
import { connectEvents } from "./live.js";
import { currentUser, ui } from "./state.js";
import { selectUser, sendAsUser, toggleBlock, toggleKeyboard } from "./user-pane.js";

/** Which pane a narrow screen shows. */
function showPane(pane) {
  ui.pane = pane;
  $("panes").dataset.active = pane;
  for (const tab of document.querySelectorAll(".tab")) {
    tab.setAttribute("aria-pressed", String(tab.dataset.pane === pane));
  }
}

function bindControls() {
  bindComposer("user");
  bindComposer("admin");
  bindJump("user");
  bindJump("admin");
  bindDialogs();
  $("user-select").addEventListener("change", (event) => selectUser(Number(event.target.value)));
  $("staff-select").addEventListener("change", (event) => selectStaff(Number(event.target.value)));
  $("block-toggle").addEventListener("click", toggleBlock);
  $("user-unblock").addEventListener("click", toggleBlock);
  $("user-start").addEventListener("click", () => sendAsUser("/start"));
  $("user-keyboard-toggle").addEventListener("click", toggleKeyboard);
  $("topics-back").addEventListener("click", () => showAdminView("list"));
  for (const tab of document.querySelectorAll(".tab")) {
    tab.addEventListener("click", () => showPane(tab.dataset.pane));
  }
  // A /command in the user's chat is clickable, as in Telegram: it sends itself.
  $("user-messages").addEventListener("click", (event) => {
    const command = event.target.closest(".command");
    if (command && !currentUser()?.blocked) sendAsUser(command.textContent.split("@")[0]);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  bindControls();
  connectEvents();
});
