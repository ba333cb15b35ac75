/* Times and days as the bot writes them: in the server's TIMEZONE (the state names it), not in
 * the zone of the browser the page happens to run in. */

import { store } from "./state.js";

/** The zone to show times in: the server's when this browser knows it, else its own. */
export function knownZone(name) {
  try {
    return new Intl.DateTimeFormat("en-GB", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined; // no name, or one this browser's zone data lacks
  }
}

function format(date, options) {
  const style = new Intl.DateTimeFormat("en-GB", { timeZone: store.timeZone, ...options });
  return style.format(new Date(date * 1000));
}

/** "14:05" for a Telegram date (seconds since 1970). */
export function shortTime(date) {
  return date ? format(date, { hour: "2-digit", minute: "2-digit" }) : "";
}

/** "7 December 2026". */
export function dayLabel(date) {
  return format(date, { day: "numeric", month: "long", year: "numeric" });
}
