import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

import { languageForSystemLocales } from '../../../shared/settings';
import en from './locales/en.json';
import frCA from './locales/fr-CA.json';

export const resources = {
  en: { translation: en },
  'fr-CA': { translation: frCA },
} as const;

// Screen readers and spell checkers follow <html lang>, so keep it in step with the UI.
i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

void i18n.use(initReactI18next).init({
  resources,
  // The saved setting replaces this as soon as it loads; until then, follow the system.
  lng: languageForSystemLocales(navigator.languages),
  fallbackLng: { 'fr-CA': ['fr', 'en'], default: ['en'] },
  supportedLngs: ['en', 'fr', 'fr-CA'],
  interpolation: { escapeValue: false }, // React escapes text children itself
  initAsync: false,
});

export default i18n;
