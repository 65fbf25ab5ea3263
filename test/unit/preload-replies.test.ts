// The preload checks every reply against the contract, then hands over the reply it received
// (not zod's deep copy) when the output schema parses to its input. These tests prove that the
// shortcut keeps the check as strict: a reply main would never send is still refused.
import { describe, expect, it } from 'vitest';

import { dispatch } from '../../src/main/ipc/dispatch';
import { createIpcHandlers } from '../../src/main/ipc/handlers';
import { parsesToItsInput } from '../../src/preload/as-received';
import { buildApi } from '../../src/preload/build-api';
import { noEvents } from './support/no-events';
import { CHANNEL_NAMES, contract } from '../../src/shared/ipc/contract';
import { PROBLEM_CODES } from '../../src/shared/ipc/schemas';
import { z } from '../../src/shared/ipc/zod';
import { seedConnections } from '../harness/seed';
import { captureLog, testServices } from './support/temp';
import { nothingKnown } from './support/review-row';

async function realReview(count: number): Promise<unknown> {
  const services = testServices();
  seedConnections(services.db, count, Date.now());
  const reply = await dispatch(createIpcHandlers(services), 'getReview', undefined, captureLog().logger);
  // What crosses the process boundary: structured-clone-like, no shared references with main.
  return JSON.parse(JSON.stringify(reply)) as unknown;
}

describe('replies through the preload', () => {
  it('hands over a large valid review as received, after checking it', async () => {
    const reply = (await realReview(500)) as { ok: true; value: { rows: unknown[] } };
    expect(reply.ok).toBe(true);
    const api = buildApi(async () => reply, noEvents);
    const result = await api.getReview();
    expect(result.ok).toBe(true);
    // The same object, not a copy: no second 10,000-row tree for the garbage collector.
    expect(result.ok && result.value).toBe(reply.value);
    expect(result.ok && result.value.rows).toHaveLength(reply.value.rows.length);
  });

  it('still refuses a review with one extra field in one row (a secret-shaped value cannot slip through)', async () => {
    const reply = (await realReview(50)) as { ok: true; value: { rows: Record<string, unknown>[] } };
    reply.value.rows[37]!['accessToken'] = 'eyJhbGciOi-not-in-the-contract';
    const result = await buildApi(async () => reply, noEvents).getReview();
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', messageKey: 'errors.INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('eyJhbGciOi');
  });

  it('still refuses a review whose row has a value of the wrong type', async () => {
    const reply = (await realReview(20)) as { ok: true; value: { rows: Record<string, unknown>[] } };
    reply.value.rows[3]!['status'] = { toString: 'active' };
    expect(await buildApi(async () => reply, noEvents).getReview()).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });

  it('still refuses a review whose problem summary has a key outside the contract', async () => {
    const reply = (await realReview(20)) as { ok: true; value: { summary: Record<string, unknown> } };
    reply.value.summary['clientSecret'] = 1;
    expect(await buildApi(async () => reply, noEvents).getReview()).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });

  it('returns zod’s result, not the input, for schemas whose parse changes the value', () => {
    expect(parsesToItsInput(z.strictObject({ a: z.string() }))).toBe(true);
    expect(parsesToItsInput(z.object({ a: z.string() }))).toBe(false); // strips unknown keys
    expect(parsesToItsInput(z.strictObject({ a: z.string().trim() }))).toBe(false);
    expect(parsesToItsInput(z.strictObject({ a: z.string().default('x') }))).toBe(false);
    expect(parsesToItsInput(z.strictObject({ a: z.string().transform((s) => s.length) }))).toBe(false);
    expect(parsesToItsInput(z.array(z.strictObject({ a: z.number().nullable().optional() })))).toBe(true);
  });

  it('hands over as received only when every part of the schema does', () => {
    const strict = z.strictObject({ a: z.string() });
    const stripping = z.object({ a: z.string() });
    // Plain values and literals.
    expect(parsesToItsInput(z.strictObject({ n: z.null(), l: z.literal('x'), e: z.enum(['a', 'b']) }))).toBe(
      true,
    );
    // Objects: strict, and every field too; an object that keeps or strips unknown keys is copied.
    expect(parsesToItsInput(z.strictObject({ a: strict, b: stripping }))).toBe(false);
    expect(parsesToItsInput(z.object({ a: z.string() }).catchall(z.string()))).toBe(false);
    expect(parsesToItsInput(z.looseObject({ a: z.string() }))).toBe(false);
    // Records: the key and the value.
    expect(parsesToItsInput(z.record(z.enum(['a', 'b']), strict))).toBe(true);
    expect(parsesToItsInput(z.record(z.enum(['a', 'b']), stripping))).toBe(false);
    expect(parsesToItsInput(z.record(z.string().toLowerCase(), z.string()))).toBe(false);
    // Unions: every option.
    expect(parsesToItsInput(z.union([strict, z.null()]))).toBe(true);
    expect(parsesToItsInput(z.union([strict, stripping]))).toBe(false);
    // Anything not known to parse to its input.
    expect(parsesToItsInput(z.tuple([z.string()]))).toBe(false);
    expect(parsesToItsInput(z.unknown())).toBe(false);
  });

  it('walks a recursive schema once per part', () => {
    interface Node {
      name: string;
      children: Node[];
    }
    const node: z.ZodType<Node> = z.strictObject({
      name: z.string(),
      get children() {
        return z.array(node);
      },
    });
    expect(parsesToItsInput(node)).toBe(true);
  });

  it('the review and the integration list, the large and the first replies, are handed over as received', () => {
    expect(parsesToItsInput(contract.getReview.output)).toBe(true);
    expect(parsesToItsInput(contract.listIntegrations.output)).toBe(true);
    // Every output either qualifies or gets zod's copy: both are checked the same way.
    expect(CHANNEL_NAMES.every((name) => typeof parsesToItsInput(contract[name].output) === 'boolean')).toBe(
      true,
    );
  });
});

describe('every value main may send reaches the page', () => {
  /** What the page gets when main answers `value`: the value itself, or INTERNAL when the preload refuses it. */
  const received = (channel: (typeof CHANNEL_NAMES)[number], value: unknown) => {
    const api = buildApi(async () => ({ ok: true, value }), noEvents) as unknown as Record<
      string,
      (input?: unknown) => Promise<unknown>
    >;
    const inputs: Partial<Record<string, unknown>> = {
      disconnectConnection: { connectionId: 'c-1', removeLocallyIfRevokeFails: false },
      getConnectFlow: { flowId: 'f-1' },
    };
    return api[channel]!(inputs[channel]);
  };
  const internal = { ok: false, error: { code: 'INTERNAL', messageKey: 'errors.INTERNAL' } };

  it('each state of an update, with its version', async () => {
    for (const state of ['idle', 'checking', 'up-to-date', 'downloading', 'ready', 'failed']) {
      const status = { available: true, state, version: state === 'idle' ? null : '1.4.2' };
      expect(await received('getUpdateStatus', status), state).toEqual({ ok: true, value: status });
    }
    expect(await received('getUpdateStatus', { available: true, state: 'paused', version: null })).toEqual(
      internal,
    );
  });

  it('each start-up notice: a file moved aside (damaged or empty), a keychain that cannot be used and why', async () => {
    const notices = [
      {
        kind: 'databaseMovedAside',
        fileName: 'integration-desk.sqlite.corrupt-2026',
        at: '2026-12-06T10:00:00.000Z',
        reason: 'corrupt',
      },
      {
        kind: 'databaseMovedAside',
        fileName: 'integration-desk.sqlite.empty-2026',
        at: '2026-12-06T10:00:00.000Z',
        reason: 'empty',
      },
      { kind: 'keychain', health: 'unavailable', missingLibrary: 'libsecret-1.so.0' },
      { kind: 'keychain', health: 'locked', missingLibrary: null },
      { kind: 'keychain', health: 'noCollection', missingLibrary: null },
    ];
    for (const notice of notices) {
      const reply = { notices: [notice], checking: false };
      expect(await received('getStartupNotices', reply), JSON.stringify(notice)).toEqual({
        ok: true,
        value: reply,
      });
    }
    expect(
      await received('getStartupNotices', {
        notices: [{ ...notices[0], reason: 'deleted' }],
        checking: false,
      }),
    ).toEqual(internal);
  });

  it('each connection status, with the error code of its last check', async () => {
    for (const status of ['linked', 'needsReauth', 'deleting']) {
      const connection = {
        id: 'c-1',
        platform: 'sage',
        kind: 'oauth',
        label: 'Acme Ltd',
        externalId: 'b-1',
        region: 'gb',
        status,
        scopes: ['readonly'],
        tokenExpiresAt: null,
        refreshExpiresAt: null,
        createdAt: '2026-12-06T10:00:00.000Z',
        lastVerifiedAt: null,
        lastError: 'INVALID_GRANT',
        secretFingerprint: 'fp',
      };
      expect(await received('listConnections', [connection]), status).toEqual({
        ok: true,
        value: [connection],
      });
    }
  });

  it('each sign-in status, with the companies to choose from, the provider’s words and the token-cap warning', async () => {
    for (const status of ['waiting', 'linking', 'choosing', 'linked', 'failed', 'cancelled', 'timedOut']) {
      const flow = {
        flowId: 'f-1',
        platform: 'zohobooks',
        status,
        redirectUri: 'http://127.0.0.1:47318/callback',
        expiresAt: '2026-12-06T10:10:00.000Z',
        connectionId: 'c-1',
        errorCode: 'ACCESS_DENIED',
        // Short, or cut at 200 characters with an ellipsis as main cleans it.
        providerText: status === 'failed' ? `${'x'.repeat(200)}…` : 'The user denied access.',
        companies: [
          { id: '20001234', name: 'Acme Ltd' },
          { id: '20005678', name: 'Acme Holdings' },
        ],
        retryAt: '2026-12-06T10:01:00.000Z',
        warnings: ['tokenCapNear'],
        signInCap: { live: 18, cap: 20 },
      };
      expect(await received('getConnectFlow', flow), status).toEqual({ ok: true, value: flow });
    }
  });

  it('each outcome of a revocation when a company is disconnected', async () => {
    for (const revocation of ['revoked', 'notSupported', 'failed']) {
      const result = { revocation, removed: revocation !== 'failed' };
      expect(await received('disconnectConnection', result), revocation).toEqual({ ok: true, value: result });
    }
  });

  it('review rows of each kind and credential kind, in each keychain state', async () => {
    const rows = (['integration', 'connection', 'orphan'] as const).flatMap((kind) =>
      (['appRegistration', 'appRegistrationRetired', 'oauth', 'apiKey', 'unknown'] as const).map(
        (credentialKind) => ({
          id: `${kind}:${credentialKind}`,
          kind,
          platform: kind === 'orphan' ? null : 'sage',
          label: 'Acme Ltd',
          credentialKind,
          status: 'linked',
          ...nothingKnown(),
        }),
      ),
    );
    const summary = Object.fromEntries(PROBLEM_CODES.map((code) => [code, 0]));
    for (const keychain of ['checking', 'healthy', 'unavailable', 'locked', 'noCollection']) {
      const review = { generatedAt: '2026-12-06T10:00:00.000Z', keychain, rows, summary };
      expect(await received('getReview', review), keychain).toEqual({ ok: true, value: review });
    }
  });
});
