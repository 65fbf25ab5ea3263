import { describe, expect, it } from 'vitest';

import en from '../../src/renderer/src/i18n/locales/en.json';
import frCA from '../../src/renderer/src/i18n/locales/fr-CA.json';
import reviewEn from '../../src/renderer/src/i18n/locales/review.en.json';
import reviewFrCA from '../../src/renderer/src/i18n/locales/review.fr-CA.json';
import shellEn from '../../src/renderer/src/i18n/locales/shell.en.json';
import shellFrCA from '../../src/renderer/src/i18n/locales/shell.fr-CA.json';
import { PLATFORMS, type PlatformId } from '../../src/shared/platforms';
import { flatten } from './catalog-entries';

type Language = 'en' | 'fr-CA';

/** Every text of a language, keyed like the UI asks for it ("review:…" and "shell:…" for the other namespaces). */
const texts: Record<Language, Map<string, string>> = {
  en: new Map([...flatten(en), ...flatten(reviewEn, 'review:'), ...flatten(shellEn, 'shell:')]),
  'fr-CA': new Map([...flatten(frCA), ...flatten(reviewFrCA, 'review:'), ...flatten(shellFrCA, 'shell:')]),
};
const LANGUAGES: Language[] = ['en', 'fr-CA'];
const labelsOf = (language: Language) => new Set(texts[language].values());

/**
 * The providers' own console labels that the steps name in bold: English label → the label the
 * provider shows in French. Zoho's and Sage's consoles are shown in French as their French set-up
 * guides name them (docs.codat.io, fr-ca "Configurer l'intégration Zoho Books" and "… Sage
 * Accounting"); where that guide keeps the English (Sage's Client ID and Client Secret) and for
 * FreshBooks and Clear Books, whose French guides keep every label in English, the label is the same.
 */
const CONSOLE_LABELS: Record<PlatformId, Record<string, string>> = {
  zohobooks: {
    'GET STARTED': 'COMMENCER',
    Applications: 'Applications',
    'ADD CLIENT': 'AJOUTER UN CLIENT',
    'Server-based Applications': 'Applications basées sur serveur',
    'Create New Client': 'Créer un nouveau client',
    'Client Type': 'Type de client',
    'Client Name': 'Nom du client',
    'Homepage URL': "URL de la page d'accueil",
    'Authorized Redirect URIs': 'URI de redirection autorisés',
    CREATE: 'Créer',
    'Client Secret': 'Secret client',
    Settings: 'Paramètres',
    'Use the same OAuth credentials for all data centers':
      'Utiliser les mêmes identifiants OAuth pour tous les centres de données',
    Manage: 'Gérer',
    'Mark as default': 'Marquer comme par défaut',
  },
  sage: {
    'Create App': 'Créer une application',
    'App Name': "Nom de l'application",
    'Email Address': 'Adresse courriel',
    'Homepage URL': "URL de la page d'accueil",
    'Callback URL': 'URL de rappel',
    Save: 'Enregistrer',
    'Client ID': 'Client ID',
    'Client Secret': 'Client Secret',
  },
  freshbooks: Object.fromEntries(
    [
      'Try it Free',
      'Developer Portal',
      'Apps',
      'Create New App',
      'Application Name',
      'Application Type',
      'Private App',
      'Scopes',
      'Redirect URIs',
      'Save',
      'All Apps',
      'Client ID',
      'Client Secret',
    ].map((label) => [label, label]),
  ),
  clearbooks: Object.fromEntries(
    [
      'Settings',
      'Configure system',
      'API keys',
      'Provide required information',
      'Intended API usage',
      'Third-party software information',
      'SOAP API',
    ].map((label) => [label, label]),
  ),
};

const consoleLabels = (language: Language) =>
  new Set(
    Object.values(CONSOLE_LABELS).flatMap((labels) =>
      language === 'en' ? Object.keys(labels) : Object.values(labels),
    ),
  );

/** Quoted values to type or to recognise, not names of anything on screen. */
const QUOTED_VALUES = new Set(['1000.']);

const bold = (text: string) => [...text.matchAll(/<b>(.*?)<\/b>/g)].map((m) => m[1]!);
const quoted = (text: string, language: Language) =>
  [...text.matchAll(language === 'en' ? /“(.*?)”/g : /«\u00a0(.*?)\u00a0»/g)].map((m) => m[1]!);

/** The keys of a platform's console steps: the wizard's, and for Clear Books the customer's. */
const stepKeys = (platform: PlatformId) =>
  [...texts.en.keys()].filter(
    (key) =>
      key.startsWith(`wizard.${platform}.register.`) ||
      (platform === 'clearbooks' && key.startsWith('connections.clearBooks.steps.')),
  );

describe('catalog wording', () => {
  it("name every console label in bold as the provider shows it in that language, and this app's buttons by their label", () => {
    const unused = new Set(Object.values(CONSOLE_LABELS).flatMap((labels) => Object.values(labels)));
    for (const platform of PLATFORMS) {
      const linkLabels = (language: Language) =>
        platform.links.map((link) => texts[language].get(`links.${link.id}`));
      const keys = stepKeys(platform.id);
      expect(keys.length, platform.id).toBeGreaterThan(3);
      for (const key of keys) {
        const english = bold(texts.en.get(key)!);
        const french = bold(texts['fr-CA'].get(key)!);
        expect(french.length, key).toBe(english.length);
        english.forEach((label, i) => {
          const inFrench = CONSOLE_LABELS[platform.id][label];
          if (inFrench !== undefined) {
            expect(french[i], `${key}: ${label}`).toBe(inFrench);
            unused.delete(inFrench);
          } else {
            // Not a console label: then it is one of this platform's link buttons, by its label.
            const link = linkLabels('en').indexOf(label);
            expect(link, `${key}: "${label}" is neither a console label nor a link button`).not.toBe(-1);
            expect(french[i], `${key}: ${label}`).toBe(linkLabels('fr-CA')[link]);
          }
        });
      }
    }
    // Labels the notes quote (Zoho's Manage and Mark as default) count as used too.
    for (const text of texts['fr-CA'].values()) for (const name of quoted(text, 'fr-CA')) unused.delete(name);
    expect([...unused], 'console labels no step names any more').toEqual([]);
  });

  it('quote only names that exist: a label of this app in the same language, a console label or a value to type', () => {
    for (const language of LANGUAGES) {
      const known = new Set([...labelsOf(language), ...consoleLabels(language), ...QUOTED_VALUES]);
      const unknown = [...texts[language]].flatMap(([key, text]) =>
        [...quoted(text, language), ...bold(text)]
          .filter((name) => !known.has(name))
          .map((name) => `${key}: ${name}`),
      );
      expect(unknown, language).toEqual([]);
    }
    // The French refers to its buttons in « »: the references that used to go stale are quoted.
    expect(quoted(texts['fr-CA'].get('review:problems.neverVerified.action')!, 'fr-CA')).toEqual([
      texts['fr-CA'].get('connections.test'),
    ]);
    expect(quoted(texts['fr-CA'].get('integrations.retiredHelp')!, 'fr-CA')).toEqual([
      texts['fr-CA'].get('integrations.manage'),
    ]);
  });

  it('name screens by their navigation labels', () => {
    const screens: Record<Language, Set<string | undefined>> = {
      en: new Set(
        ['nav.integrations', 'nav.connections', 'nav.settings', 'review:nav'].map((k) => texts.en.get(k)),
      ),
      'fr-CA': new Set(
        ['nav.integrations', 'nav.connections', 'nav.settings', 'review:nav'].map((k) =>
          texts['fr-CA'].get(k),
        ),
      ),
    };
    const mentions: Record<Language, RegExp> = {
      en: /\bthe (\p{Lu}\p{L}+) screen/gu,
      'fr-CA': /\bl'écran (\p{Lu}\p{L}+)/gu,
    };
    for (const language of LANGUAGES) {
      const named = [...texts[language]].flatMap(([key, text]) =>
        [...text.matchAll(mentions[language])].map((m) => [key, m[1]] as const),
      );
      expect(named.length, language).toBeGreaterThan(10);
      expect(
        named.filter(([, screen]) => !screens[language].has(screen)),
        language,
      ).toEqual([]);
    }
  });

  describe('French: one word per concept', () => {
    const french = [...texts['fr-CA']];

    it('"connexion" is a linked company, never the sign-in ("ouverture de session")', () => {
      // The sign-in verb is "ouvrir une session"; only "déconnecter" (disconnect a company) remains.
      expect(french.filter(([, text]) => /(?<!dé)connect/iu.test(text)).map(([key]) => key)).toEqual([]);
      // Each French "connexion" stands for an English "connection".
      const count = (text: string, word: RegExp) => [...text.matchAll(word)].length;
      const extra = french.filter(
        ([key, text]) =>
          count(text, /(?<!\p{L})connexions?(?!\p{L})/giu) >
          count(texts.en.get(key)!, /(?<![a-z])connections?(?![a-z])/gi),
      );
      expect(extra.map(([key]) => key)).toEqual([]);
      // And every English sign-in is a French "session".
      const signIns = french.filter(([key]) => /sign(ed|s)?[- ]in(?![a-z])/i.test(texts.en.get(key)!));
      expect(signIns.length).toBeGreaterThan(20);
      expect(signIns.filter(([, text]) => !/session/i.test(text)).map(([key]) => key)).toEqual([]);
    });

    it('"identifiants" are credentials and an ID is an "ID"', () => {
      expect(
        french.filter(([, text]) => /(?<!\p{L})identifiant(?!s)/iu.test(text)).map(([key]) => key),
      ).toEqual([]);
      const clientIds = french.filter(([key]) => /client ID/i.test(texts.en.get(key)!));
      expect(clientIds.length).toBeGreaterThan(8);
      expect(clientIds.filter(([, text]) => !/ID client|Client ID/.test(text)).map(([key]) => key)).toEqual(
        [],
      );
      expect(texts['fr-CA'].get('review:columns.credentialKind')).toBe("Type d'identifiants");
    });

    it('"inscription" is an app registration, never an account sign-up', () => {
      expect(
        french.filter(([, text]) => /inscrivez-vous|page d'inscription/i.test(text)).map(([key]) => key),
      ).toEqual([]);
    });
  });

  it('French follows Canadian typography: non-breaking space before ":" and inside « », none before ; ? !', () => {
    const faults = [...texts['fr-CA']].flatMap(([key, text]) => {
      const found: string[] = [];
      if (/ :/.test(text)) found.push('ordinary space before ":"');
      if (/[^\u00a0]:(?!\/\/|\d)/.test(text.replace(/\{\{\w+\}\}/g, 'x').replace(/https?:\S+/g, '')))
        found.push('":" without a non-breaking space');
      if (/«(?!\u00a0)|(?<!\u00a0)»/.test(text)) found.push('« » without non-breaking spaces');
      if ((text.match(/«/g) ?? []).length !== (text.match(/»/g) ?? []).length) found.push('unbalanced « »');
      if (/[\s\u00a0][;?!]/.test(text)) found.push('space before ; ? !');
      if (/[’“”"]/.test(text)) found.push('English quotation marks or a curly apostrophe');
      return found.map((fault) => `${key}: ${fault}`);
    });
    expect(faults).toEqual([]);
  });
});
