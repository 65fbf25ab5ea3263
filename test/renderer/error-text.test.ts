import { afterAll, describe, expect, it } from 'vitest';

import type { ConnectFlow } from '../../src/shared/ipc/schemas';
import { formatWhen } from '../../src/renderer/src/format';
import i18n, { loadLanguage } from '../../src/renderer/src/i18n';
import {
  errorText,
  flowEndText,
  platformCodeText,
  storedCodeText,
} from '../../src/renderer/src/i18n/error-text';

/** The sentences a failure reads as, for the codes and endings the screen tests leave out. */
const flow = (fields: Partial<ConnectFlow>): ConnectFlow => ({
  flowId: 'flow-1',
  platform: 'freshbooks',
  status: 'failed',
  redirectUri: 'https://127.0.0.1:53682/callback',
  expiresAt: '2026-11-20T10:00:00.000Z',
  warnings: [],
  ...fields,
});
const retryAt = '2026-11-22T15:45:00.000Z';

afterAll(async () => {
  await loadLanguage('en');
});

describe('error sentences', () => {
  it('in English: a code main sends, an unknown one as INTERNAL, a wait with its time', async () => {
    await loadLanguage('en');
    const t = i18n.t.bind(i18n);
    const when = formatWhen(retryAt, 'en');
    expect(errorText(t, { code: 'NOT_FOUND' } as never)).toBe('That item could not be found.');
    expect(errorText(t, { code: 'SOMETHING_NEW' } as never)).toMatch(/^Something went wrong inside/);
    expect(errorText(t, { code: 'NOT_FOUND', retryAt } as never)).toBe(
      `The provider asked to wait: try again at ${when}.`,
    );
    expect(storedCodeText(t, 'SECRET_MISSING', 'connections.noError')).toBe(
      'The secret is missing from the keychain. Link the company again.',
    );
    expect(storedCodeText(t, 'SOMETHING_NEW', 'errors.FLOW_CANCELLED')).toBe('The sign-in was cancelled.');
    expect(storedCodeText(t, null, 'errors.FLOW_CANCELLED')).toBe('The sign-in was cancelled.');
    expect(platformCodeText(t, 'freshbooks', 'ACCOUNT_NOT_SUPPORTED', 'errors.INTERNAL')).toMatch(
      /^This is a FreshBooks Classic account/,
    );
    expect(platformCodeText(t, 'sage', 'SOMETHING_NEW', 'errors.FLOW_CANCELLED')).toBe(
      'The sign-in was cancelled.',
    );
    // A sign-in that ended without a code says why from how it ended.
    expect(flowEndText(t, flow({ status: 'cancelled' }))).toBe('The sign-in was cancelled.');
    expect(flowEndText(t, flow({ status: 'timedOut' }))).toBe(
      'The sign-in took too long and was stopped. Start it again.',
    );
    expect(flowEndText(t, flow({ status: 'failed' }))).toMatch(/^Something went wrong inside/);
    expect(flowEndText(t, flow({ errorCode: 'RATE_LIMITED', retryAt }))).toBe(
      `The provider is receiving too many requests and asked to wait: try again at ${when}.`,
    );
    // A wait with a code this build does not know is no wait it can name.
    expect(flowEndText(t, flow({ status: 'cancelled', errorCode: 'SOMETHING_NEW', retryAt }))).toBe(
      'The sign-in was cancelled.',
    );
  });

  it('in Canadian French', async () => {
    await loadLanguage('fr-CA');
    const t = i18n.t.bind(i18n);
    const when = formatWhen(retryAt, 'fr-CA');
    expect(errorText(t, { code: 'NOT_FOUND' } as never)).toBe('Cet élément est introuvable.');
    expect(errorText(t, { code: 'NOT_FOUND', retryAt } as never)).toBe(
      `Le fournisseur a demandé d'attendre\u00a0: réessayez à ${when}.`,
    );
    expect(flowEndText(t, flow({ status: 'timedOut' }))).toBe(
      "L'ouverture de session a pris trop de temps et a été arrêtée. Recommencez-la.",
    );
    expect(flowEndText(t, flow({ status: 'cancelled' }))).toBe("L'ouverture de session a été annulée.");
    expect(platformCodeText(t, 'freshbooks', 'ACCOUNT_NOT_SUPPORTED', 'errors.INTERNAL')).toMatch(
      /^Ce compte est un compte FreshBooks Classic/,
    );
  });
});
