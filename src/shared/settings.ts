/** Languages the app ships catalogs for. */
export const LANGUAGES = ['en', 'fr-CA'] as const;
export type Language = (typeof LANGUAGES)[number];

export const THEMES = ['auto', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/**
 * The host the loopback redirect URIs name. RFC 8252 §7.3 and §8.3 prefer the IP
 * literal; providers match registered URIs exactly and their examples use
 * `localhost`, so both can be chosen. The listener binds 127.0.0.1 either way.
 */
export const REDIRECT_HOSTS = ['127.0.0.1', 'localhost'] as const;
export type RedirectHost = (typeof REDIRECT_HOSTS)[number];

/**
 * Picks the app language for an operating-system locale list (most preferred
 * first): any French locale gets Canadian French, anything else English.
 */
export function languageForSystemLocales(locales: readonly string[]): Language {
  for (const locale of locales) {
    const primary = locale.toLowerCase().split(/[-_]/)[0];
    if (primary === 'fr') return 'fr-CA';
    if (primary === 'en') return 'en';
  }
  return 'en';
}
