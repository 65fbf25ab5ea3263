/**
 * Runs the app's real services in a child process against whatever keychain the
 * environment gives it (no bus, a hung bus, a locked or collection-less
 * keyring, a keytar that cannot load), and prints what a person would see as
 * one line of JSON. Used by keychain-health.test.ts. It ends itself with
 * SIGKILL: a keychain call that never answers holds a libuv worker thread, and
 * even process.exit() waits for that thread to finish.
 *
 * node --import tsx keychain-child.ts <seed|start> <dataDir> <service>
 */
import { composeServices } from '../../../src/main/services/compose';
import { createLogger } from '../../../src/main/services/log';
import { KeytarSecretStore } from '../../../src/main/services/vault/keytar-secret-store';

const [command, dataDir, service] = process.argv.slice(2) as [string, string, string];

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? 'ERROR',
  );

async function main(): Promise<unknown> {
  const started = Date.now();
  const services = composeServices({
    dataDir,
    secrets: new KeytarSecretStore(service),
    systemLocales: ['en-CA'],
    osUser: 'child',
    openExternal: async () => {},
    log: createLogger(() => {}),
    clipboard: { writeSecret: () => {}, readText: () => '', clear: () => {} },
    chooseSavePath: async () => null,
    keychainTimeoutMs: Number(process.env['KEYCHAIN_TIMEOUT_MS'] ?? 1500),
  });
  const report = await services.reconciliation.run();
  const probedMs = Date.now() - started;
  if (command === 'seed') {
    await services.integrations.saveConfiguration('freshbooks', {
      clientId: 'fb-client-id',
      secrets: { clientSecret: 'fb-client-secret-7a1e' },
      options: { writeScopes: [] },
    });
    const { connectionId } = await services.connections.storeOAuth({
      platform: 'sage',
      server: {
        region: 'GB',
        tokenEndpoint: 'https://127.0.0.1:1/token',
        revocationEndpoint: null,
        apiBase: 'https://127.0.0.1:1',
      },
      account: { externalId: 'business-1', label: 'Acme Trading Ltd' },
      tokens: {
        access_token: 'access',
        token_type: 'bearer',
        refresh_token: 'refresh-token-5d2c',
        expires_in: 300,
      },
      requestedScopes: ['full_access'],
      ownerHint: null,
      client: { clientId: 'sage-client-id', clientSecret: 'sage-client-secret', options: {} },
    });
    return { report, connectionId };
  }
  const connections = () =>
    services.connections.list().map((c) => ({ id: c.id, status: c.status, lastError: c.lastError }));
  const before = connections();
  const oauthClient = await outcome(services.integrations.oauthClient('freshbooks'));
  const reveal = await outcome(
    services.review.reveal({ kind: 'connection', connectionId: before[0]?.id ?? 'none' }),
  );
  const disconnect = before[0] ? await outcome(services.connections.disconnect(before[0].id, true)) : 'none';
  const save = await outcome(
    services.integrations.saveConfiguration('zohobooks', {
      clientId: 'zoho-client-id',
      secrets: { clientSecret: 'zoho-secret-3f9b' },
      options: { regions: ['us'] },
    }),
  );
  return {
    probedMs,
    report,
    startup: services.startupNotices(),
    review: services.review.currentReview().keychain,
    before,
    oauthClient,
    reveal,
    disconnect,
    save,
    after: connections(),
    secretProblems: services.db
      .prepare('SELECT platform, secret_problem FROM integrations WHERE secret_problem IS NOT NULL')
      .all(),
    elapsedMs: Date.now() - started,
  };
}

main().then(
  (result) => {
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    process.kill(process.pid, 'SIGKILL');
  },
  (error: unknown) => {
    process.stdout.write(`FAILED ${error instanceof Error ? error.message : String(error)}\n`);
    process.kill(process.pid, 'SIGKILL');
  },
);
