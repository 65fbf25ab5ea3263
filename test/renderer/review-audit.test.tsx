import { describe, expect, it } from 'vitest';

import type { FakeReviewOptions } from './fake-review-api';
import { auditCells, renderReview } from './render-review';

/**
 * The audit log's words for what the Review tests' usual events leave out: details of each kind,
 * and events an older or newer version wrote, whose unknown parts are left out rather than shown raw.
 */
type Detail = Record<string, string | number | boolean>;
const events = (rows: Array<[string, string, Detail]>): FakeReviewOptions['audit'] =>
  rows.map(([action, target, detail], i) => ({
    at: `2026-11-${String(10 + i)}T09:00:00.000Z`,
    actor: 'support',
    action,
    target,
    outcome: 'success',
    detail,
  }));

/** Action, target and details of each row, oldest first (the order of AUDIT). */
async function auditRows(user: Awaited<ReturnType<typeof renderReview>>['user'], tab: RegExp) {
  const rows = await auditCells(user, tab);
  // Cells: action, target, outcome, details.
  return rows.map(([action, target, , details]) => [action, target, details]).reverse();
}

const AUDIT = events([
  // A platform named in the details only; then none at all.
  ['integration.enable', 'integration', { platform: 'sage', was: false }],
  ['integration.enable', 'integration', { was: true }],
  // An action this build does not know, and values it has no words for.
  ['queue.flush', 'somewhere', { ending: 'exploded', revocation: 'maybe', reason: 'nope', was: 'yes' }],
  ['secret.compare', 'sage:clientSecret', { matches: true, fields: 'password,signingSecret' }],
  ['secret.compare', 'sage:clientSecret', { matches: false, count: '3' }],
  ['integration.configure', 'zohobooks', { secretsReplaced: '', platform: 'zohobooks' }],
  ['connection.test', 'conn-a', { code: 'SOMETHING_NEW' }],
  ['secret.rollForward', 'conn-a', { resumed: true }],
  ['secret.rollForward', 'conn-a', { resumed: false }],
  ['review.export', 'review', { rows: 12 }],
  ['settings.update', 'redirectHost', { value: 'localhost' }],
  ['settings.update', 'keepLinksAlive', { value: true }],
  ['settings.update', 'theme', { value: 'neon' }],
  ['settings.update', 'language', { value: 'xx' }],
  ['settings.update', 'colour', { value: 'blue' }],
  ['settings.update', 'signInTimeoutMinutes', { value: 10 }],
  ['integration.configure', 'sage', { fields: 'clientSecret,signingSecret' }],
  // Values of the wrong type, as a damaged or foreign file could hold.
  ['secret.compare', 'conn-a', { code: 3, matches: 'yes', resumed: 1, rows: '12', fields: 3 }],
]);

describe('Audit log details', () => {
  it('says each kind of detail in English, and leaves out what this version has no words for', async () => {
    const { user } = await renderReview({ audit: AUDIT });
    expect(await auditRows(user, /Audit log/)).toEqual([
      ['Sage Accounting enabled', 'integration', 'Platform: Sage Accounting. It was disabled'],
      ['A platform enabled', 'integration', 'It was enabled'],
      ['Another action (recorded by another version of the app)', 'somewhere', ''],
      ['Secret compared', 'sage:clientSecret', 'Secrets stored: Signing secret. The value matches'],
      ['Secret compared', 'sage:clientSecret', 'The value does not match'],
      ['Zoho Books app registration saved', 'Zoho Books', 'Secrets kept as they were'],
      [
        'Connection tested',
        'conn-a',
        'Reason: Something went wrong inside Integration Desk. Try again, and restart the app if it keeps happening.',
      ],
      ['Interrupted secret change completed', 'conn-a', 'Finished at start-up after an interruption'],
      ['Interrupted secret change completed', 'conn-a', 'Finished'],
      ['Review exported', 'review', 'Rows: 12'],
      ['Setting changed', 'Host in the redirect URIs', 'New value: localhost'],
      ['Setting changed', 'Refresh Sage links before they lapse', 'New value: On'],
      ['Setting changed', 'Theme', ''],
      ['Setting changed', 'Language', ''],
      ['Setting changed', 'colour', ''],
      ['Setting changed', 'Time allowed for a sign-in (minutes)', 'New value: 10'],
      [
        'Sage Accounting app registration saved',
        'Sage Accounting',
        'Secrets stored: Client secret, Signing secret',
      ],
      ['Secret compared', 'conn-a', ''],
    ]);
  });

  it('says the same in Canadian French', async () => {
    const { user } = await renderReview({ audit: AUDIT, settings: { language: 'fr-CA' } });
    const rows = await auditRows(user, /Journal d’audit|Journal d'audit/);
    expect(rows.slice(0, 3)).toEqual([
      [
        'Intégration Sage Accounting activée',
        'integration',
        'Plateforme\u00a0: Sage Accounting. Elle était désactivée',
      ],
      ["Intégration d'une plateforme activée", 'integration', 'Elle était activée'],
      ["Autre action (enregistrée par une autre version de l'application)", 'somewhere', ''],
    ]);
    expect(rows[3]?.[2]).toBe('Secrets enregistrés\u00a0: Secret de signature. La valeur correspond');
    expect(rows[5]?.[2]).toBe('Secrets conservés tels quels');
    expect(rows[7]?.[2]).toBe('Terminé au démarrage après une interruption');
    expect(rows[9]?.[2]).toBe('Lignes\u00a0: 12');
    expect(rows[16]?.[2]).toBe('Secrets enregistrés\u00a0: Secret client, Secret de signature');
    expect(rows[11]?.slice(1)).toEqual([
      "Actualiser les liaisons Sage avant qu'elles expirent",
      'Nouvelle valeur\u00a0: Activé',
    ]);
  });
});
