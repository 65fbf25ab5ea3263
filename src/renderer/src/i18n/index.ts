import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

import { languageForSystemLocales, type Language } from '@shared/settings';
import en from './locales/en.json';
import reviewEn from './locales/review.en.json';
import shellEn from './locales/shell.en.json';

// Only English is bundled; other catalogs are fetched when their language is chosen.
const catalogs: Record<Exclude<Language, 'en'>, () => Promise<{ default: Record<string, unknown> }>> = {
  'fr-CA': () => import('./locales/fr-CA.json'),
};
// The Review screen's strings are a namespace of their own ('review'), fetched with their language.
const reviewCatalogs: typeof catalogs = {
  'fr-CA': () => import('./locales/review.fr-CA.json'),
};
// The desktop shell's strings (About, support, unsaved values) are the 'shell' namespace.
const shellCatalogs: typeof catalogs = {
  'fr-CA': () => import('./locales/shell.fr-CA.json'),
};
const loading = new Map<Language, Promise<void>>();

function ensureCatalog(language: Language): Promise<void> {
  if (language === 'en') return Promise.resolve();
  let pending = loading.get(language);
  if (!pending) {
    pending = Promise.all([catalogs[language](), reviewCatalogs[language](), shellCatalogs[language]()]).then(
      ([{ default: catalog }, { default: review }, { default: shell }]) => {
        i18n.addResourceBundle(language, 'translation', catalog);
        i18n.addResourceBundle(language, 'review', review);
        i18n.addResourceBundle(language, 'shell', shell);
      },
    );
    // A failed fetch may be retried by the next change of language.
    pending.catch(() => loading.delete(language));
    loading.set(language, pending);
  }
  return pending;
}

/** Switches the UI language, fetching its catalog first; English if the catalog cannot be loaded. */
export async function loadLanguage(language: Language): Promise<void> {
  try {
    await ensureCatalog(language);
    await i18n.changeLanguage(language);
  } catch {
    await i18n.changeLanguage('en');
  }
}

// Screen readers and spell checkers follow <html lang>, so keep it in step with the UI.
i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en, review: reviewEn, shell: shellEn } },
  // The saved setting replaces this as soon as it loads; English until then.
  lng: 'en',
  fallbackLng: { 'fr-CA': ['fr', 'en'], default: ['en'] },
  supportedLngs: ['en', 'fr', 'fr-CA'],
  interpolation: { escapeValue: false }, // React escapes text children itself
  initAsync: false,
});

// Most likely the saved language follows the system: start fetching its catalog now.
const systemLanguage = languageForSystemLocales(navigator.languages);
if (systemLanguage !== 'en') void ensureCatalog(systemLanguage).catch(() => undefined);

export default i18n;
