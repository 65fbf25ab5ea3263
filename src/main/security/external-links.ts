import { parseUrlWithoutCredentials } from './parse-url';

/** Windows' ShellExecute limit for URLs handed to the system browser. */
export const MAX_EXTERNAL_URL_LENGTH = 2081;

/**
 * Whether a URL may be opened in the system browser: https only, host exactly on
 * the allow-list, no user info, bounded length. Anything else could launch a
 * local program through a custom protocol handler.
 */
export function isAllowedExternalUrl(raw: string, allowedHosts: ReadonlySet<string>): boolean {
  if (raw.length > MAX_EXTERNAL_URL_LENGTH) return false;
  const url = parseUrlWithoutCredentials(raw);
  return url !== null && url.protocol === 'https:' && allowedHosts.has(url.hostname) && url.port === '';
}
