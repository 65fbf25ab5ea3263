import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

import { dispatch, type ChannelHandlers } from '../../src/main/ipc/dispatch';
import { createIpcHandlers } from '../../src/main/ipc/handlers';
import {
  isTrustedSender,
  registerIpcHandlers,
  type InvokeEventLike,
} from '../../src/main/ipc/register-handlers';
import { buildApi } from '../../src/preload/build-api';
import { noEvents } from './support/no-events';
import { AppError } from '../../src/shared/ipc/errors';
import { SCREENS } from '../../src/shared/screens';
import { sendEvent } from '../../src/main/ipc/events';
import {
  API_NAMES,
  CHANNEL_NAMES,
  contract,
  EVENT_NAMES,
  parseChannelInput,
  wireChannel,
  wireEvent,
  type ChannelName,
} from '../../src/shared/ipc/contract';
import { MAX_LONG_TEXT, MAX_SHORT_TEXT } from '../../src/shared/ipc/limits';
import { MAX_API_KEY_LENGTH, MAX_CREDENTIAL_LENGTH } from '../../src/shared/platforms/field-checks';
import { captureLog, testServices } from './support/temp';

/** Handlers that record calls, to prove nothing runs on refused input. */
function spyHandlers(): ChannelHandlers & { calls: string[] } {
  const calls: string[] = [];
  const fake = {
    listIntegrations: () => [],
    getIntegration: ({ platform }: { platform: 'sage' }) => ({
      platform,
      configured: false,
      enabled: false,
      updatedAt: null,
      clientId: null,
      secretFingerprints: {},
      options: {},
      configuredAt: null,
    }),
    setIntegrationEnabled: ({ platform, enabled }: { platform: 'sage'; enabled: boolean }) => ({
      platform,
      enabled,
      configured: true,
      updatedAt: null,
    }),
    getSettings: () => ({ language: 'en', languageFromSystem: true, theme: 'auto', dataFilePath: '/x' }),
    updateSettings: () => ({ language: 'en', languageFromSystem: false, theme: 'auto', dataFilePath: '/x' }),
    openPlatformLink: () => ({ opened: true }),
    getStartupNotices: () => [],
  } as unknown as ChannelHandlers;
  const spied = Object.fromEntries(
    Object.entries(fake).map(([name, fn]) => [
      name,
      (input: unknown) => (calls.push(name), (fn as (i: unknown) => unknown)(input)),
    ]),
  );
  return Object.assign(spied as unknown as ChannelHandlers, { calls });
}

const appEvent = (overrides: Partial<InvokeEventLike> = {}): InvokeEventLike => ({
  sender: { id: 7 },
  senderFrame: { url: 'app://bundle/index.html', parent: null },
  ...overrides,
});
const policy = { isOwnWindow: (id: number) => id === 7 };

describe('IPC sender validation', () => {
  it('accepts only the app’s own top frame in a window the app created', () => {
    expect(isTrustedSender(appEvent(), policy)).toBe(true);
    expect(isTrustedSender(appEvent({ senderFrame: null }), policy)).toBe(false);
    expect(
      isTrustedSender(appEvent({ senderFrame: { url: 'https://evil.example/', parent: null } }), policy),
    ).toBe(false);
    expect(
      isTrustedSender(appEvent({ senderFrame: { url: 'app://bundle/index.html', parent: {} } }), policy),
    ).toBe(false);
    expect(
      isTrustedSender(
        appEvent({ senderFrame: { url: 'app://bundle.evil/index.html', parent: null } }),
        policy,
      ),
    ).toBe(false);
    expect(
      isTrustedSender(
        appEvent({ senderFrame: { url: 'app://user@bundle/index.html', parent: null } }),
        policy,
      ),
    ).toBe(false);
    expect(isTrustedSender(appEvent({ sender: { id: 8 } }), policy)).toBe(false);
    expect(
      isTrustedSender(appEvent({ senderFrame: { url: 'http://localhost:5173/', parent: null } }), policy),
    ).toBe(false);
    expect(
      isTrustedSender(appEvent({ senderFrame: { url: 'http://localhost:5173/', parent: null } }), {
        ...policy,
        devServerOrigin: 'http://localhost:5173',
      }),
    ).toBe(true);
  });

  it('registers every contract channel through the wrapper, which refuses foreign senders before any handler runs', async () => {
    const registered = new Map<string, (event: InvokeEventLike, payload: unknown) => Promise<unknown>>();
    const handlers = spyHandlers();
    const channels = registerIpcHandlers(
      { handle: (c, l) => void registered.set(c, l) },
      handlers,
      policy,
      captureLog().logger,
    );
    expect(channels.sort()).toEqual(CHANNEL_NAMES.map(wireChannel).sort());
    expect([...registered.keys()].sort()).toEqual(channels.sort());
    for (const [channel, listener] of registered) {
      for (const event of [
        appEvent({ senderFrame: null }),
        appEvent({ senderFrame: { url: 'https://evil.example/', parent: null } }),
        appEvent({ senderFrame: { url: 'app://bundle/index.html', parent: {} } }),
      ]) {
        expect(await listener(event, {}), channel).toEqual({
          ok: false,
          error: { code: 'FORBIDDEN_SENDER', messageKey: 'errors.FORBIDDEN_SENDER' },
        });
      }
    }
    expect(handlers.calls).toEqual([]);
    expect(await registered.get(wireChannel('listIntegrations'))!(appEvent(), undefined)).toEqual({
      ok: true,
      value: [],
    });
  });
});

describe('IPC dispatch', () => {
  const log = captureLog();

  it('never returns a stack trace, path, SQL or message: unknown failures become INTERNAL', async () => {
    const handlers = {
      ...spyHandlers(),
      listIntegrations: () => {
        throw new Error('SQLITE_ERROR near "SELECT * FROM integrations" at /home/someone/.config/x.sqlite');
      },
    };
    const result = await dispatch(handlers, 'listIntegrations', undefined, log.logger);
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', messageKey: 'errors.INTERNAL' } });
  });

  it('passes expected failures through as their code only', async () => {
    const handlers = {
      ...spyHandlers(),
      setIntegrationEnabled: () => {
        throw new AppError('NOT_CONFIGURED', 'zohobooks must be set up first (internal detail)');
      },
    };
    expect(
      await dispatch(handlers, 'setIntegrationEnabled', { platform: 'zohobooks', enabled: true }, log.logger),
    ).toEqual({
      ok: false,
      error: { code: 'NOT_CONFIGURED', messageKey: 'errors.NOT_CONFIGURED' },
    });
  });

  it('refuses output that does not match the contract (a secret-shaped extra field cannot slip out)', async () => {
    const handlers = {
      ...spyHandlers(),
      getStartupNotices: () => [{ kind: 'keychainUnavailable', refreshToken: 'x' }],
    } as unknown as ChannelHandlers;
    expect(await dispatch(handlers, 'getStartupNotices', undefined, log.logger)).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });

  it('maps a busy database to DB_BUSY', async () => {
    const handlers = {
      ...spyHandlers(),
      listIntegrations: () => {
        throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      },
    };
    expect(await dispatch(handlers, 'listIntegrations', undefined, log.logger)).toMatchObject({
      ok: false,
      error: { code: 'DB_BUSY' },
    });
  });

  it('refuses unknown channels, including prototype names', async () => {
    for (const channel of ['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(await dispatch(spyHandlers(), channel, {}, log.logger)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
    }
  });
});

/** Valid examples per channel, used for mutation tests. */
const validInputs: { [C in ChannelName]: unknown } = {
  listIntegrations: {},
  getIntegration: { platform: 'sage' },
  setIntegrationEnabled: { platform: 'clearbooks', enabled: true },
  getSettings: {},
  updateSettings: { language: 'fr-CA' },
  openPlatformLink: { platform: 'zohobooks', link: 'console' },
  getStartupNotices: {},
  getRedirectUri: { platform: 'freshbooks' },
  saveIntegration: {
    platform: 'sage',
    clientId: 'abc',
    clientSecret: 'def',
    options: { credentialType: 'v3.1' },
  },
  removeIntegration: { platform: 'sage' },
  getReview: {},
  revealSecret: { target: { kind: 'connection', connectionId: 'conn-1' } },
  copySecret: { target: { kind: 'integration', platform: 'sage', field: 'clientSecret' } },
  compareSecret: { target: { kind: 'connection', connectionId: 'conn-1' }, candidate: 'abc' },
  listAuditEvents: { limit: 10 },
  exportReview: { format: 'csv' },
  deleteOrphanSecret: { account: 'connection-1234' },
  listConnections: { platform: 'zohobooks' },
  startConnect: { platform: 'sage' },
  getConnectFlow: { flowId: 'f-1' },
  cancelConnect: { flowId: 'f-1' },
  chooseConnectCompany: { flowId: 'f-1', companyId: '712345678' },
  completeConnectFromUrl: { flowId: 'f-1', url: 'http://127.0.0.1:47318/oauth/sage/callback?code=x&state=y' },
  linkClearBooks: { label: 'Acme Ltd', apiKey: 'key-123' },
  testConnection: { connectionId: 'conn-1' },
  refreshConnection: { connectionId: 'conn-1' },
  disconnectConnection: { connectionId: 'conn-1', removeLocallyIfRevokeFails: false },
  getUpdateStatus: {},
  checkForUpdates: {},
  installUpdate: {},
  getAppInfo: {},
  openSupportFolder: { folder: 'logs' },
  exportDiagnostics: {},
};

describe('bad input on every channel', () => {
  it('random payloads never crash, never run a handler unless they fit the schema', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CHANNEL_NAMES),
        fc.anything({
          withBigInt: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withTypedArray: true,
          withSparseArray: true,
          withNullPrototype: true,
        }),
        async (channel, payload) => {
          const handlers = spyHandlers();
          const fits = parseChannelInput(channel, payload).success;
          const result = await dispatch(handlers, channel, payload, captureLog().logger);
          if (!fits) {
            expect(result).toEqual({
              ok: false,
              error: { code: 'INVALID_INPUT', messageKey: 'errors.INVALID_INPUT' },
            });
            expect(handlers.calls).toEqual([]);
          }
        },
      ),
      { numRuns: 600, seed: 20261121 },
    );
  });

  it('random payloads against the real services change nothing in the store', async () => {
    const services = testServices();
    const handlers = createIpcHandlers(services);
    const snapshot = () =>
      services.db
        .prepare(
          "SELECT (SELECT COUNT(*) FROM integrations) || ':' || (SELECT COUNT(*) FROM settings) || ':' || (SELECT COUNT(*) FROM audit_events)",
        )
        .pluck()
        .get();
    const before = snapshot();
    const mutating = ['setIntegrationEnabled', 'updateSettings'] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...mutating), fc.anything(), async (channel, payload) => {
        fc.pre(!parseChannelInput(channel, payload).success);
        expect((await dispatch(handlers, channel, payload, services.log)).ok).toBe(false);
      }),
      { numRuns: 300, seed: 7 },
    );
    expect(snapshot()).toBe(before);
    expect(services.opened).toEqual([]);
  });

  it.each(CHANNEL_NAMES)(
    '%s: a wrong type, an unknown key, an oversize string or a __proto__ key is refused',
    async (channel) => {
      const valid = validInputs[channel] as Record<string, unknown>;
      expect(contract[channel].input.safeParse(valid).success).toBe(true);
      const mutations: unknown[] = [
        { ...valid, unexpected: 1 },
        JSON.parse(
          `{"__proto__":{"polluted":1}${Object.keys(valid).length ? ',' : ''}${JSON.stringify(valid).slice(1)}`,
        ),
        { ...valid, constructor: { prototype: { polluted: 1 } } },
        'x'.repeat(1_000_000),
        [valid],
        new Map(Object.entries(valid)),
      ];
      for (const key of Object.keys(valid)) {
        mutations.push(
          { ...valid, [key]: 12345 },
          { ...valid, [key]: 'x'.repeat(5000) },
          { ...valid, [key]: null },
        );
      }
      for (const payload of mutations) {
        const handlers = spyHandlers();
        const result = await dispatch(handlers, channel, payload, captureLog().logger);
        expect(result, JSON.stringify(payload)?.slice(0, 80)).toEqual({
          ok: false,
          error: { code: 'INVALID_INPUT', messageKey: 'errors.INVALID_INPUT' },
        });
        expect(handlers.calls).toEqual([]);
      }
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    },
  );

  it('a deeply nested or huge payload is refused quickly', async () => {
    let deep: unknown = {};
    for (let i = 0; i < 1000; i++) deep = { a: deep };
    const big = Array.from({ length: 100_000 }, (_, i) => i);
    for (const payload of [deep, big, 'x'.repeat(50_000_000)]) {
      const handlers = spyHandlers();
      const started = performance.now();
      expect((await dispatch(handlers, 'updateSettings', payload, captureLog().logger)).ok).toBe(false);
      // Refused at the top, not walked through; the bound leaves a busy machine room.
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(handlers.calls).toEqual([]);
    }
  });
});

describe('each input bound, at the bound and one past it', () => {
  const target = { kind: 'connection', connectionId: 'conn-1' };
  /** channel, the payload around one value, the longest length (or largest number) accepted. */
  const bounds: Array<[ChannelName, (value: string) => unknown, number]> = [
    ['getConnectFlow', (flowId) => ({ flowId }), 80],
    ['cancelConnect', (flowId) => ({ flowId }), 80],
    ['chooseConnectCompany', (flowId) => ({ flowId, companyId: '1' }), 80],
    ['chooseConnectCompany', (companyId) => ({ flowId: 'f-1', companyId }), MAX_SHORT_TEXT],
    ['completeConnectFromUrl', (url) => ({ flowId: 'f-1', url }), MAX_LONG_TEXT],
    ['testConnection', (connectionId) => ({ connectionId }), 80],
    ['refreshConnection', (connectionId) => ({ connectionId }), 80],
    ['disconnectConnection', (connectionId) => ({ connectionId, removeLocallyIfRevokeFails: true }), 80],
    ['revealSecret', (connectionId) => ({ target: { kind: 'connection', connectionId } }), 80],
    ['compareSecret', (candidate) => ({ target, candidate }), 2560],
    ['listAuditEvents', (action) => ({ action, limit: 1 }), 60],
    ['listAuditEvents', (target) => ({ target, limit: 1 }), MAX_SHORT_TEXT],
    ['linkClearBooks', (label) => ({ label, apiKey: 'key' }), MAX_SHORT_TEXT],
    ['linkClearBooks', (apiKey) => ({ label: 'Acme', apiKey }), MAX_API_KEY_LENGTH],
    [
      'saveIntegration',
      (clientId) => ({ platform: 'freshbooks', clientId, options: { writeScopes: [] } }),
      MAX_CREDENTIAL_LENGTH,
    ],
    // The orphan's name is bounded by its pattern: a prefix and at most 80 letters, digits or dashes.
    ['deleteOrphanSecret', (tail) => ({ account: `integration-${tail}` }), 80],
  ];

  it.each(bounds)('%s: %#', async (channel, payload, max) => {
    expect(parseChannelInput(channel, payload('x'.repeat(max))).success).toBe(true);
    const handlers = spyHandlers();
    for (const value of ['x'.repeat(max + 1), 'x'.repeat(max * 4)]) {
      expect(await dispatch(handlers, channel, payload(value), captureLog().logger)).toEqual({
        ok: false,
        error: { code: 'INVALID_INPUT', messageKey: 'errors.INVALID_INPUT' },
      });
    }
    expect(handlers.calls).toEqual([]);
  });

  it('an empty id, company, address or candidate is refused', () => {
    for (const [channel, payload] of [
      ['getConnectFlow', { flowId: '' }],
      ['testConnection', { connectionId: '' }],
      ['chooseConnectCompany', { flowId: 'f-1', companyId: '' }],
      ['completeConnectFromUrl', { flowId: 'f-1', url: '' }],
      ['compareSecret', { target, candidate: '' }],
      ['deleteOrphanSecret', { account: 'integration-' }],
    ] as const)
      expect(parseChannelInput(channel, payload).success, channel).toBe(false);
  });

  it('the audit screen asks for 1 to 5000 events, whole numbers only', () => {
    const fits = (limit: unknown) => parseChannelInput('listAuditEvents', { limit }).success;
    expect([1, 5000].map(fits)).toEqual([true, true]);
    expect([0, 5001, 2.5, -1, '10'].map(fits)).toEqual([false, false, false, false, false]);
  });

  it('a payload object with no prototype (as a safe JSON reader makes) is read like a plain one', () => {
    const bare = Object.assign(Object.create(null) as object, { platform: 'sage' });
    expect(parseChannelInput('getIntegration', bare)).toEqual({ success: true, data: { platform: 'sage' } });
    for (const wrapped of [new Map([['platform', 'sage']]), [{ platform: 'sage' }], 'sage', null, 42])
      expect(parseChannelInput('getIntegration', wrapped)).toEqual({ success: false });
    expect(parseChannelInput('getIntegration', { platform: 'quickbooks' })).toEqual({ success: false });
  });
});

describe('the preload API', () => {
  it('exposes exactly one function per contract channel and event, and nothing generic', () => {
    const api = buildApi(async () => ({ ok: true, value: [] }), noEvents);
    expect(Object.keys(api).sort()).toEqual([...API_NAMES].sort());
    expect(API_NAMES).toEqual([...CHANNEL_NAMES, 'onMenuCommand']);
    expect(Object.values(api).every((f) => typeof f === 'function')).toBe(true);
    for (const generic of ['invoke', 'send', 'on', 'ipcRenderer']) expect(api).not.toHaveProperty(generic);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('checks input before sending and output after receiving', async () => {
    const invoke = vi.fn(async () => ({ ok: true, value: { opened: true, extra: 'not in the contract' } }));
    const api = buildApi(invoke, noEvents);
    expect(await api.setIntegrationEnabled({ platform: 'nope' as 'sage', enabled: true })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(invoke).not.toHaveBeenCalled();
    expect(await api.openPlatformLink({ platform: 'sage', link: 'console' })).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
    expect(invoke).toHaveBeenCalledWith('integration-desk:openPlatformLink', {
      platform: 'sage',
      link: 'console',
    });
  });

  it('sends a call before its caller’s script returns once the schemas are built (the first screen’s calls overlap its start-up)', async () => {
    vi.resetModules();
    const fresh = await import('../../src/preload/build-api');
    const invoke = vi.fn((_channel: string, _payload: unknown) => new Promise<never>(() => undefined));
    const api = fresh.buildApi(invoke, noEvents);
    // Made before the schemas exist: sent as soon as they are, checked like any other.
    void api.getSettings();
    void api.setIntegrationEnabled({ platform: 'nope' as 'sage', enabled: true });
    await fresh.loadContract();
    expect(invoke.mock.calls.map(([channel]) => channel)).toEqual(['integration-desk:getSettings']);
    void api.listIntegrations();
    expect(invoke.mock.calls.map(([channel]) => channel)).toEqual([
      'integration-desk:getSettings',
      'integration-desk:listIntegrations',
    ]);
  });

  it('passes on when to try again only as an instant in main’s own format', async () => {
    const throttled = (retryAt: unknown) =>
      buildApi(
        async () => ({
          ok: false,
          error: { code: 'RATE_LIMITED', messageKey: 'errors.RATE_LIMITED', retryAt },
        }),
        noEvents,
      ).listIntegrations();
    expect(await throttled('2026-12-06T10:00:05.123Z')).toEqual({
      ok: false,
      error: { code: 'RATE_LIMITED', messageKey: 'errors.RATE_LIMITED', retryAt: '2026-12-06T10:00:05.123Z' },
    });
    for (const retryAt of [
      '2026-12-06T10:00:05Z',
      '2026-12-06 10:00:05.123Z',
      '2026-12-06T10:00:05.1234Z',
      '2026-12-06T10:00:05.123+01:00',
      '12026-12-06T10:00:05.123Z',
      ' 2026-12-06T10:00:05.123Z',
      '2026-12-06T10:00:05.123Z<script>',
      '2026-1a-06T10:00:05.123Z',
      'in five seconds',
      5000,
      // Not a string, only dressed as one when coerced.
      { toString: () => '2026-12-06T10:00:05.123Z' },
    ])
      expect(await throttled(retryAt), String(retryAt)).toEqual({
        ok: false,
        error: { code: 'RATE_LIMITED', messageKey: 'errors.RATE_LIMITED' },
      });
  });

  it('turns anything but a failure with a code main sends into INTERNAL', async () => {
    const internal = { ok: false, error: { code: 'INTERNAL', messageKey: 'errors.INTERNAL' } };
    for (const reply of [
      undefined,
      null,
      'NOT_FOUND',
      {},
      { ok: false },
      { ok: false, error: null },
      { ok: false, error: {} },
      { ok: false, error: { code: 'SOMETHING_ELSE' } },
      { ok: false, error: { code: 'NOT_FOUND ' } },
      { ok: false, error: { code: 'not_found' } },
      { ok: 'false', error: { code: 'NOT_FOUND' } },
      { ok: 0, error: { code: 'NOT_FOUND' } },
    ])
      expect(await buildApi(async () => reply, noEvents).listIntegrations(), JSON.stringify(reply)).toEqual(
        internal,
      );
  });

  it('subscribes nothing for a listener that is not a function', () => {
    const subscribe = vi.fn(noEvents);
    const stop = buildApi(vi.fn(), subscribe).onMenuCommand('not a function' as never);
    expect(subscribe).not.toHaveBeenCalled();
    expect(stop()).toBeUndefined();
  });

  it('builds the schemas once the page’s HTML is parsed, or at once when it already is', async () => {
    /** A fresh preload whose schema module reports when it is loaded. */
    async function freshPreload() {
      vi.resetModules();
      const state = { built: false };
      vi.doMock('@shared/ipc/contract', async (original) => {
        state.built = true;
        return original();
      });
      return { state, preload: await import('../../src/preload/build-api') };
    }
    const documentIn = (readyState: string) => ({ readyState, addEventListener: vi.fn() });
    try {
      const loading = await freshPreload();
      const parsing = documentIn('loading');
      loading.preload.loadContractOnceParsed(parsing);
      await new Promise((ok) => setTimeout(ok, 50));
      expect(loading.state.built).toBe(false); // not while the HTML is still being parsed
      expect(parsing.addEventListener).toHaveBeenCalledWith('readystatechange', expect.any(Function), {
        once: true,
      });
      (parsing.addEventListener.mock.calls[0]![1] as () => void)();
      await vi.waitFor(() => expect(loading.state.built).toBe(true));

      const parsed = await freshPreload();
      const interactive = documentIn('interactive');
      parsed.preload.loadContractOnceParsed(interactive);
      expect(interactive.addEventListener).not.toHaveBeenCalled();
      await vi.waitFor(() => expect(parsed.state.built).toBe(true));
    } finally {
      vi.doUnmock('@shared/ipc/contract');
    }
  });

  it('passes error codes through and turns a rejected call into INTERNAL', async () => {
    const refused = buildApi(
      async () => ({
        ok: false,
        error: { code: 'NOT_CONFIGURED', messageKey: 'errors.NOT_CONFIGURED', stack: 'at x' },
      }),
      noEvents,
    );
    expect(await refused.listIntegrations()).toEqual({
      ok: false,
      error: { code: 'NOT_CONFIGURED', messageKey: 'errors.NOT_CONFIGURED' },
    });
    const broken = buildApi(
      async () => Promise.reject(new Error('Error invoking remote method: /home/x')),
      noEvents,
    );
    expect(await broken.listIntegrations()).toEqual({
      ok: false,
      error: { code: 'INTERNAL', messageKey: 'errors.INTERNAL' },
    });
  });
});

describe('main → renderer events', () => {
  it('reach the listener only through the contract: one wire name per event, payloads checked, in order', async () => {
    const wired = new Map<string, (payload: unknown) => void>();
    const api = buildApi(
      async () => ({ ok: true, value: [] }),
      (channel, listener) => {
        wired.set(channel, listener);
        return () => wired.delete(channel);
      },
    );
    expect(EVENT_NAMES).toEqual(['menuCommand']);
    const received: unknown[] = [];
    const stop = api.onMenuCommand((command) => received.push(command));
    expect([...wired.keys()]).toEqual([wireEvent('menuCommand')]);
    expect(CHANNEL_NAMES.map(wireChannel)).not.toContain(wireEvent('menuCommand'));
    const deliver = wired.get(wireEvent('menuCommand'))!;
    deliver({ command: 'showScreen', screen: 'review' });
    deliver({ command: 'showScreen', screen: 'somewhere-else' });
    deliver({ command: 'showAbout', extra: 'not in the contract' });
    deliver('findInReview');
    deliver({ command: 'findInReview' });
    await vi.waitFor(() => expect(received).toHaveLength(2));
    expect(received).toEqual([{ command: 'showScreen', screen: 'review' }, { command: 'findInReview' }]);
    // One on its way when the listener stops never reaches it.
    deliver({ command: 'showAbout' });
    stop();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(received).toHaveLength(2);
    expect(wired.size).toBe(0);
    // A non-function listener subscribes to nothing.
    (api.onMenuCommand as (listener: unknown) => () => void)('not a function')();
    expect(wired.size).toBe(0);
  });

  it('every menu command reaches the page: each screen, Find in Review, About', () => {
    const sent: unknown[] = [];
    const target = { send: (_c: string, p: unknown) => void sent.push(p), isDestroyed: () => false };
    const commands = [
      ...SCREENS.map((screen) => ({ command: 'showScreen', screen }) as const),
      { command: 'findInReview' } as const,
      { command: 'showAbout' } as const,
    ];
    for (const command of commands)
      expect(sendEvent(target, 'menuCommand', command), JSON.stringify(command)).toBe(true);
    expect(sent).toEqual(commands);
    for (const stray of [
      { command: 'showAbout', screen: 'review' },
      { command: 'quit' },
      { screen: 'review' },
    ])
      expect(
        sendEvent(target, 'menuCommand', stray as unknown as { command: 'showAbout' }),
        JSON.stringify(stray),
      ).toBe(false);
  });

  it('main sends only payloads the contract declares, and nothing to a closed window', () => {
    const sent: Array<[string, unknown]> = [];
    let destroyed = false;
    const target = { send: (c: string, p: unknown) => void sent.push([c, p]), isDestroyed: () => destroyed };
    expect(sendEvent(target, 'menuCommand', { command: 'showScreen', screen: 'connections' })).toBe(true);
    expect(
      sendEvent(target, 'menuCommand', { command: 'showScreen', screen: 'nowhere' } as unknown as {
        command: 'findInReview';
      }),
    ).toBe(false);
    destroyed = true;
    expect(sendEvent(target, 'menuCommand', { command: 'findInReview' })).toBe(false);
    expect(sent).toEqual([
      ['integration-desk:event:menuCommand', { command: 'showScreen', screen: 'connections' }],
    ]);
  });
});
