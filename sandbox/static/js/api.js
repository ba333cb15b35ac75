/* The sandbox server's contract: GET /api/state, GET /api/events (server-sent events),
 * POST /api/{users,send,upload,contact,press,edit,block}, GET /api/files/<file_id>. */

import { showToast } from "./toasts.js";

class ApiError extends Error {}

const UNREACHABLE = "The sandbox server cannot be reached.";

/** What to tell the person about a failed call. */
export function failureText(error) {
  return error instanceof ApiError ? error.message : UNREACHABLE;
}

async function readAnswer(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const reason = body && body.error ? body.error : `The server answered ${response.status}.`;
    throw new ApiError(reason);
  }
  return body;
}

export async function getState() {
  return readAnswer(await fetch("/api/state"));
}

export async function postJson(path, payload) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(payload),
  });
  return readAnswer(response);
}

export async function postForm(path, form) {
  return readAnswer(await fetch(path, { method: "POST", body: form }));
}

const RESUBSCRIBE_AFTER = 2000; // ms

export function fileUrl(fileId, download = false) {
  const url = `/api/files/${encodeURIComponent(fileId)}`;
  return download ? `${url}?download=1` : url;
}

/** Run an action started by a click; a failure shows as an error toast in `pane`. */
export async function attempt(pane, action) {
  try {
    return await action();
  } catch (error) {
    showToast(pane, failureText(error), { error: true });
    return undefined;
  }
}

/** Listen to the event stream: `handlers` by event name get each event's JSON data. */
export function subscribe(handlers, { open, error }) {
  const source = new EventSource("/api/events");
  source.addEventListener("open", open);
  source.addEventListener("error", () => {
    error();
    // The browser retries a dropped stream by itself, but gives up after an error status.
    if (source.readyState === EventSource.CLOSED) {
      setTimeout(() => subscribe(handlers, { open, error }), RESUBSCRIBE_AFTER);
    }
  });
  for (const [name, handler] of Object.entries(handlers)) {
    source.addEventListener(name, (event) => {
      let data;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      handler(data);
    });
  }
  return source;
}
