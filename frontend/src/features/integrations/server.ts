// Whether an edited base URL points at another server. The backend decides what a move
// does (it removes the credentials and says so in Integration.notice); this only lets the
// edit dialog warn before saving, so it compares what the URL API calls the origin.

/** scheme://host[:port] of url, with default ports dropped; null while it is no URL yet. */
export function serverOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (!parsed.host) return null;
  // URL lowercases scheme and host and drops a default port (":443" on https).
  return `${parsed.protocol}//${parsed.host}`;
}

/**
 * True when next is a complete URL on another server than current (scheme, host or
 * port differ). A half-typed value is not a move: the form's own checks handle it.
 */
export function movesToAnotherServer(current: string, next: string): boolean {
  const to = serverOf(next);
  return to !== null && to !== serverOf(current);
}
