/**
 * A URL that carries no user info (`https://user:pass@host/`), or null when `raw` is not a URL or
 * carries some: every allow-list in main judges only such URLs, so `app://bundle@evil/` or
 * `https://allowed.example@evil/` can never be mistaken for an allowed origin.
 */
export function parseUrlWithoutCredentials(raw: string): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  return url.username || url.password ? null : url;
}
