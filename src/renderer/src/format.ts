/** Date and time in the UI language; an unparsable value is shown as it came. */
export function formatDateTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short' }).format(date);
}

/** Time of day only (for "stops waiting at…" within the next hour), in the UI language. */
export function formatTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language, { timeStyle: 'short' }).format(date);
}

/** A moment later today as a time of day; another day with its date too (an unparsable value as it came). */
export function formatWhen(iso: string, language: string, now: Date = new Date()): string {
  // An invalid date is never today: formatDateTime then shows the value as it came.
  return new Date(iso).toDateString() === now.toDateString()
    ? formatTime(iso, language)
    : formatDateTime(iso, language);
}

/** How many groups of a fingerprint a table shows: enough to tell two apart at a glance. */
const SHORT_FINGERPRINT_GROUPS = 4;

/**
 * A fingerprint ("hmac-sha256:9f3a 1c07 …", eight groups) cut to its first groups
 * for a table cell; the full value stays one click away (tooltip, copy, details).
 */
export function shortFingerprint(fingerprint: string): string {
  // The algorithm prefix is the same on every row: the groups after it are what differ.
  const groups = fingerprint.replace(/^[a-z0-9-]+:/i, '').split(' ');
  return groups.length <= SHORT_FINGERPRINT_GROUPS
    ? groups.join(' ')
    : `${groups.slice(0, SHORT_FINGERPRINT_GROUPS).join(' ')}…`;
}
