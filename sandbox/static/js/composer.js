/* Writing into a chat, either pane's: the composer (Enter sends, Shift+Enter breaks the line),
 * the reply or edit it is in, and files sent from the computer. */

import { attempt, postForm, postJson } from "./api.js";
import { messageSnippet, senderName } from "./describe.js";
import { $, autosize } from "./dom.js";
import { adoptAnswer } from "./live.js";
import { GENERAL, currentUser, store, ui } from "./state.js";
import { showToast } from "./toasts.js";

/** Who writes from a pane and where: the user in their chat, staff in the open topic. */
export function author(pane) {
  if (pane === "user") {
    const user = currentUser();
    return user ? { chat_id: user.id, from_id: user.id } : null;
  }
  if (!store.adminChat || ui.staffId === null) return null;
  const where = { chat_id: store.adminChat.id, from_id: ui.staffId };
  if (ui.threadKey !== GENERAL) where.thread_id = ui.threadKey;
  return where;
}

/** Reply to or edit a message from the pane's composer (null: neither). */
export function setContext(pane, context) {
  ui.context[pane] = context;
  const bar = $(`${pane}-context`);
  const input = $(`${pane}-input`);
  const wasEditing = bar.dataset.kind === "edit";
  bar.hidden = !context;
  bar.dataset.kind = context ? context.kind : "";
  if (wasEditing && (!context || context.kind !== "edit")) clear(input); // not the edit's text
  if (!context) return;
  bar.querySelector(".context-kind").textContent =
    context.kind === "edit" ? "Editing" : `Reply to ${senderName(context.message)}`;
  bar.querySelector(".context-snippet").textContent = messageSnippet(context.message);
  if (context.kind === "edit") input.value = context.message.text ?? context.message.caption ?? "";
  autosize(input);
  input.focus();
}

function clear(input) {
  input.value = "";
  autosize(input);
}

/** Send the composer's text: a new message (maybe a reply), or the edit of one. */
async function sendText(pane, text) {
  const where = author(pane);
  if (!where) return false;
  const context = ui.context[pane];
  if (context && context.kind === "edit") {
    const done = await attempt(pane, () =>
      postJson("/api/edit", {
        chat_id: where.chat_id,
        from_id: where.from_id,
        message_id: context.message.message_id,
        text,
      }),
    );
    if (done) settled(pane, context);
    return Boolean(done);
  }
  const payload = { ...where, text };
  if (context && context.kind === "reply") payload.reply_to_message_id = context.message.message_id;
  const done = await attempt(pane, () => postJson("/api/send", payload));
  if (done) {
    settled(pane, context);
    adoptAnswer(done.message);
  }
  return Boolean(done);
}

/** What was sent went through: its reply or edit is over, unless another was picked since. */
function settled(pane, context) {
  if (ui.context[pane] === context) setContext(pane, null);
}

/** Send a photo or a document, the composer's text as its caption. */
async function uploadFile(pane, file) {
  const where = author(pane);
  if (!where) return;
  const input = $(`${pane}-input`);
  const context = ui.context[pane];
  if (context && context.kind === "edit") {
    showToast(pane, "Finish or cancel the edit before sending a file.", { error: true });
    return;
  }
  const caption = input.value.trim();
  const form = new FormData();
  for (const [name, value] of Object.entries(where)) form.append(name, String(value));
  if (caption) form.append("caption", caption);
  if (context) form.append("reply_to_message_id", String(context.message.message_id));
  form.append("file", file, file.name);
  const done = await attempt(pane, () => postForm("/api/upload", form));
  if (done) {
    if (input.value.trim() === caption) clear(input);
    settled(pane, context);
    adoptAnswer(done.message);
  }
}

export function bindComposer(pane) {
  const form = $(`${pane}-composer`);
  const input = $(`${pane}-input`);
  let busy = false;
  async function submit() {
    const text = input.value.trim();
    if (!text || busy) return;
    busy = true;
    const sent = await sendText(pane, text);
    busy = false;
    if (sent && input.value.trim() === text) clear(input); // not what was typed meanwhile
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    } else if (event.key === "Escape") {
      setContext(pane, null);
    }
  });
  input.addEventListener("input", () => autosize(input));
  $(`${pane}-context`)
    .querySelector("[data-action=cancel-context]")
    .addEventListener("click", () => setContext(pane, null));
  const fileInput = $(`${pane}-file`);
  $(`${pane}-attach`).addEventListener("click", () => fileInput.click());
  fileInput.addEventListener("change", async () => {
    const file = fileInput.files && fileInput.files[0];
    fileInput.value = "";
    if (file) await uploadFile(pane, file);
  });
}
