import type { Language } from '@shared/settings';

/** Each language is named in itself, so these are the same in every catalog and live here. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', 'fr-CA': 'Français (Canada)' };
