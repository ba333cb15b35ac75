/* The page's two forms: a new user (from a preset or by hand) and a contact to share (the
 * user's own, another Telegram user's, or a card with no account behind it). */

import { failureText, postJson } from "./api.js";
import { $ } from "./dom.js";
import { adoptAnswer } from "./live.js";
import { currentUser, store } from "./state.js";
import { selectUser } from "./user-pane.js";

export function bindDialogs() {
  $("new-user").addEventListener("click", openUserDialog);
  $("preset-select").addEventListener("change", applyPreset);
  $("user-form").addEventListener("submit", createUser);
  $("user-contact").addEventListener("click", openContactDialog);
  $("contact-form").addEventListener("change", (event) => {
    if (event.target.name === "owner") syncContactOwner();
  });
  $("contact-form").addEventListener("submit", submitContact);
  for (const button of document.querySelectorAll("dialog [data-close]")) {
    button.addEventListener("click", () => button.closest("dialog").close());
  }
}

/** Send dialog `name`'s form: on success it closes and `then` gets the answer; a failure is
 * shown in the dialog, which stays open. */
async function submit(name, request, then) {
  try {
    const done = await request();
    $(`${name}-dialog`).close();
    then(done);
  } catch (failure) {
    const error = $(`${name}-form-error`);
    error.textContent = failureText(failure);
    error.hidden = false;
  }
}

// --- a new user ------------------------------------------------------------------------------

function openUserDialog() {
  const select = $("preset-select");
  select.replaceChildren(new Option("Custom", ""));
  store.presets.forEach((preset, index) => select.append(new Option(preset.label, String(index))));
  select.value = store.presets.length ? "0" : "";
  applyPreset();
  $("user-form-error").hidden = true;
  $("user-dialog").showModal();
  $("new-first-name").focus();
}

function applyPreset() {
  const preset = store.presets[Number($("preset-select").value)];
  if (!preset || $("preset-select").value === "") return;
  $("new-first-name").value = preset.first_name || "";
  $("new-last-name").value = preset.last_name || "";
  ensureLanguageOption(preset.language_code);
  $("new-language").value = preset.language_code;
  $("new-phone").value = preset.phone || "";
}

function ensureLanguageOption(code) {
  const select = $("new-language");
  if (code && ![...select.options].some((option) => option.value === code)) {
    select.append(new Option(code, code));
  }
}

function createUser(event) {
  event.preventDefault();
  const lastName = $("new-last-name").value.trim();
  const payload = {
    first_name: $("new-first-name").value.trim(),
    language_code: $("new-language").value,
    phone: $("new-phone").value.trim(),
  };
  if (lastName) payload.last_name = lastName;
  return submit("user", () => postJson("/api/users", payload), (done) => {
    store.users.set(done.user.id, done.user);
    selectUser(done.user.id);
  });
}

// --- a contact to share ----------------------------------------------------------------------

function openContactDialog() {
  const user = currentUser();
  if (!user) return;
  $("contact-form").elements.owner.value = "self";
  $("contact-form-error").hidden = true;
  syncContactOwner();
  $("contact-dialog").showModal();
}

/** The user's own contact is theirs to share as it is; the others are typed in. */
function syncContactOwner() {
  const user = currentUser();
  const owner = $("contact-form").elements.owner.value;
  const phone = $("contact-phone");
  const name = $("contact-first-name");
  if (owner === "self" && user) {
    phone.value = user.phone;
    name.value = user.first_name;
  } else if (phone.readOnly) {
    phone.value = "";
    name.value = "";
  }
  phone.readOnly = owner === "self";
  name.readOnly = owner === "self";
}

function submitContact(event) {
  event.preventDefault();
  const user = currentUser();
  if (!user) return undefined;
  const payload = {
    from_id: user.id,
    phone: $("contact-phone").value.trim(),
    first_name: $("contact-first-name").value.trim(),
    owner: $("contact-form").elements.owner.value,
  };
  return submit("contact", () => postJson("/api/contact", payload), (done) =>
    adoptAnswer(done.message),
  );
}
