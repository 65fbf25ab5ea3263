import { languageForSystemLocales } from '@shared/settings';
import { DatabaseOpenError, type DatabaseOpenFailure } from './services/store/errors';

/**
 * The few sentences main shows before the window exists (start-up failures),
 * in both app languages, chosen from the OS locale. Each names its cause and
 * the path it is about, and says that nothing was changed.
 */
const MESSAGES: Record<
  'en' | 'fr-CA',
  Record<DatabaseOpenFailure | 'startFailed', (path: string) => string>
> = {
  en: {
    newer: (path) =>
      `The data file ${path} was written by a newer version of Integration Desk. Install the latest version to open it; the file has not been changed.`,
    foreign: (path) =>
      `The file ${path} is not an Integration Desk data file (another program's database is in its place). Move it elsewhere, then start the app again; the file has not been changed.`,
    busy: (path) =>
      `The data file ${path} is in use by another program. Close that program, then start the app again; the file has not been changed.`,
    notAFile: (path) =>
      `Integration Desk keeps its data in ${path}, but a folder or something other than a file is there. Move it elsewhere, then start the app again; nothing has been changed.`,
    notAFolder: (path) =>
      `Integration Desk keeps its data in the folder ${path}, but something other than a folder is there. Move it elsewhere, then start the app again; nothing has been changed.`,
    readOnlyFolder: (path) =>
      `Integration Desk cannot write in its data folder ${path}. Make the folder writable for your user, then start the app again; nothing has been changed.`,
    readOnlyFile: (path) =>
      `The data file ${path} is read-only. Make it writable for your user, then start the app again; the file has not been changed.`,
    unreadableFile: (path) =>
      `Your user cannot read the data file ${path} (another account may own it). Give your user read and write access to it, then start the app again; the file has not been changed.`,
    corrupt: (path) =>
      `The data file ${path} is damaged and could not be moved aside to start a new one. Make its folder writable, or move the file elsewhere yourself, then start the app again.`,
    startFailed: () => 'Integration Desk could not start. Your data has not been changed.',
  },
  'fr-CA': {
    newer: (path) =>
      `Le fichier de données ${path} a été écrit par une version plus récente d'Integration Desk. Installez la dernière version pour l'ouvrir; le fichier n'a pas été modifié.`,
    foreign: (path) =>
      `Le fichier ${path} n'est pas un fichier de données d'Integration Desk (la base de données d'un autre programme s'y trouve). Déplacez-le ailleurs, puis redémarrez l'application; le fichier n'a pas été modifié.`,
    busy: (path) =>
      `Le fichier de données ${path} est utilisé par un autre programme. Fermez ce programme, puis redémarrez l'application; le fichier n'a pas été modifié.`,
    notAFile: (path) =>
      `Integration Desk conserve ses données dans ${path}, mais un dossier ou autre chose qu'un fichier s'y trouve. Déplacez-le ailleurs, puis redémarrez l'application; rien n'a été modifié.`,
    notAFolder: (path) =>
      `Integration Desk conserve ses données dans le dossier ${path}, mais autre chose qu'un dossier s'y trouve. Déplacez-le ailleurs, puis redémarrez l'application; rien n'a été modifié.`,
    readOnlyFolder: (path) =>
      `Integration Desk ne peut pas écrire dans son dossier de données ${path}. Rendez ce dossier accessible en écriture pour votre utilisateur, puis redémarrez l'application; rien n'a été modifié.`,
    readOnlyFile: (path) =>
      `Le fichier de données ${path} est en lecture seule. Rendez-le accessible en écriture pour votre utilisateur, puis redémarrez l'application; le fichier n'a pas été modifié.`,
    unreadableFile: (path) =>
      `Votre utilisateur ne peut pas lire le fichier de données ${path} (un autre compte en est peut-être propriétaire). Donnez à votre utilisateur l'accès en lecture et en écriture à ce fichier, puis redémarrez l'application; le fichier n'a pas été modifié.`,
    corrupt: (path) =>
      `Le fichier de données ${path} est endommagé et n'a pas pu être mis de côté pour en commencer un nouveau. Rendez son dossier accessible en écriture, ou déplacez vous-même le fichier ailleurs, puis redémarrez l'application.`,
    startFailed: () => "Integration Desk n'a pas pu démarrer. Vos données n'ont pas été modifiées.",
  },
};

export type StartupMessage = keyof (typeof MESSAGES)['en'];

export function startupMessage(key: StartupMessage, systemLocales: readonly string[], path = ''): string {
  return MESSAGES[languageForSystemLocales(systemLocales)][key](path);
}

/** The sentence for a start-up failure: its cause and path when known, the general one otherwise. */
export function startupFailureMessage(error: unknown, systemLocales: readonly string[]): string {
  return error instanceof DatabaseOpenError
    ? startupMessage(error.reason, systemLocales, error.path)
    : startupMessage('startFailed', systemLocales);
}
