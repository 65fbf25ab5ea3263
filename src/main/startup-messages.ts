import { languageForSystemLocales } from '@shared/settings';

/**
 * The few sentences main shows before the window exists (start-up failures),
 * in both app languages, chosen from the OS locale.
 */
const MESSAGES = {
  en: {
    databaseFromFuture:
      'This data file was written by a newer version of Integration Desk. Install the latest version to open it; the file has not been changed.',
    startFailed: 'Integration Desk could not start. Your data has not been changed.',
  },
  'fr-CA': {
    databaseFromFuture:
      "Ce fichier de données a été écrit par une version plus récente d'Integration Desk. Installez la dernière version pour l'ouvrir; le fichier n'a pas été modifié.",
    startFailed: "Integration Desk n'a pas pu démarrer. Vos données n'ont pas été modifiées.",
  },
} as const;

export type StartupMessage = keyof (typeof MESSAGES)['en'];

export function startupMessage(key: StartupMessage, systemLocales: readonly string[]): string {
  return MESSAGES[languageForSystemLocales(systemLocales)][key];
}
