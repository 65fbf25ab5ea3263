/**
 * The Content Security Policy of every app page. No inline script or style,
 * no eval, nothing from the network: the renderer reaches main only via IPC.
 * Typed, not `as const`: Stryker mutates nothing inside an `as const` expression.
 */
const DIRECTIVES: readonly string[] = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

/** The policy sent as a response header by the app:// handler. */
export const CONTENT_SECURITY_POLICY = DIRECTIVES.join('; ');

/**
 * Directives a `<meta http-equiv>` policy cannot carry: browsers ignore them there and log an error
 * (CSP Level 3, https://www.w3.org/TR/CSP3/#meta-element).
 */
const HEADER_ONLY_DIRECTIVES = ['frame-ancestors', 'report-uri', 'sandbox'];

/**
 * The same policy for the `<meta http-equiv="Content-Security-Policy">` in src/renderer/index.html
 * (defence in depth, should a page ever be loaded without the header). The build fails when that
 * tag differs from this (electron.vite.config.ts).
 */
export const META_CONTENT_SECURITY_POLICY = metaPolicyOf(CONTENT_SECURITY_POLICY);

/** A header policy less the directives a `<meta>` cannot carry. */
export function metaPolicyOf(policy: string): string {
  return policy
    .split('; ')
    .filter((directive) => !HEADER_ONLY_DIRECTIVES.includes(directive.split(' ')[0] ?? ''))
    .join('; ');
}

/**
 * Response headers sent with every app page and asset. No `Cross-Origin-Opener-Policy`: the window
 * opens no window and none can open it (every new-window request is denied, links go to the system
 * browser), so there is no opener for it to cut; what it did do was make Chromium switch browsing
 * context groups on the window's first navigation, a second renderer process before the HTML is
 * parsed (~20 ms of the first screen's ~100 ms in `npm run bench`).
 */
export const APP_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

const CSP_META = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/g;

/** The policies declared by `<meta http-equiv="Content-Security-Policy">` tags in a page (build check, tests). */
export function cspMetaPolicies(html: string): string[] {
  return [...html.matchAll(CSP_META)].map((match) => match[1] ?? '');
}

/** The page without its CSP `<meta>` tags (the dev server's copy of index.html). */
export function withoutCspMeta(html: string): string {
  return html.replace(CSP_META, '');
}
