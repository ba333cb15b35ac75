/* Short notes over a chat (toasts: the bot's answers to button presses, failed actions) and the
 * bot's alerts (a modal dialog). */

import { $, el } from "./dom.js";
import { store, ui, userLabel } from "./state.js";

/** The bot's answer to a callback query: a toast in the presser's pane, or an alert. */
export function showBotToast(data) {
  if (!data || !data.text) return;
  const staff = store.staff.some((person) => person.id === data.user_id);
  const pane = staff ? "admin" : "user";
  if (data.show_alert) {
    showAlert(data.text);
    return;
  }
  let text = data.text;
  if (!staff && data.user_id !== ui.userId && store.users.has(data.user_id)) {
    text = `${userLabel(store.users.get(data.user_id))}: ${text}`;
  }
  showToast(pane, text);
}

export function showToast(pane, text, { error = false } = {}) {
  const toast = el("div", {
    className: error ? "toast error" : "toast",
    testid: error ? "error-toast" : "toast",
    text,
  });
  toast.setAttribute("role", error ? "alert" : "status");
  $(`${pane}-toasts`).append(toast);
  setTimeout(() => toast.classList.add("leaving"), error ? 6000 : 4000);
  setTimeout(() => toast.remove(), error ? 6400 : 4400);
}

function showAlert(text) {
  const dialog = $("alert-dialog");
  $("alert-text").textContent = text;
  if (!dialog.open) dialog.showModal();
}
