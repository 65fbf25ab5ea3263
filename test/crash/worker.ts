/**
 * The crash harness's child: the app's real services on a real SQLite file and
 * the real keychain, doing random two-store operations against the fake
 * providers until the parent kills it with SIGKILL. It starts as the app does
 * (open, probe, reconcile), then reports each operation on stdout, written
 * synchronously so that nothing it printed is lost with the process:
 *
 *   BEGIN {op}          before the operation starts
 *   ACK {op, result}    after it resolved (an acknowledged write)
 *   FAIL {op, code}     after it failed
 */
import { writeSync } from 'node:fs';

import { composeServices } from '../../src/main/services/compose';
import { createLogger } from '../../src/main/services/log';
import { KeytarSecretStore } from '../../src/main/services/vault/keytar-secret-store';
import type { SecretStore } from '../../src/main/services/vault/secret-store';
import type { PlatformId } from '../../src/shared/platforms';
import { secretFor, seededRandom, type WorkerConfig } from './shared';

const config = JSON.parse(process.env['CRASH_CONFIG']!) as WorkerConfig;
const say = (line: string) => writeSync(1, `${line}\n`);

const random = seededRandom(config.seed);
const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];

/**
 * The real keychain, made a little slower (up to 15 ms before and after each call, as a busy
 * Secret Service can be): the kills then land more often in the windows between a keychain call
 * and the SQLite write around it, which are the ones under test.
 */
function slower(store: SecretStore): SecretStore {
  const pause = () => new Promise((resolve) => setTimeout(resolve, random() * 15));
  const around =
    <A extends unknown[], T>(call: (...args: A) => Promise<T>) =>
    async (...args: A): Promise<T> => {
      await pause();
      const result = await call(...args);
      await pause();
      return result;
    };
  return {
    set: around((a: string, v: string) => store.set(a, v)),
    get: around((a: string) => store.get(a)),
    delete: around((a: string) => store.delete(a)),
    accounts: around(() => store.accounts()),
    entries: around(() => store.entries()),
  };
}

const opened: string[] = [];
const services = composeServices({
  dataDir: config.dataDir,
  secrets: slower(new KeytarSecretStore(config.service)),
  systemLocales: ['en-CA'],
  osUser: 'crash-harness',
  openExternal: async (url) => void opened.push(url),
  log: createLogger(() => {}),
  clipboard: { writeSecret: () => {}, readText: () => '', clear: () => {} },
  chooseSavePath: async () => null,
  endpoints: config.endpoints,
  backoff: async () => {},
});

async function configure(platform: 'sage' | 'zohobooks'): Promise<void> {
  const app = config.apps[platform];
  await services.integrations.saveConfiguration(platform, {
    clientId: app.clientId,
    secrets: { clientSecret: app.clientSecret },
    options:
      platform === 'zohobooks'
        ? { regions: ['us'], includeLineItems: false, includeCustomerContacts: false }
        : { credentialType: 'v3.1' },
  });
}

/** The whole sign-in: authorize (the fake approves at once), then the browser's redirect to the loopback. */
async function link(platform: 'sage' | 'zohobooks'): Promise<string> {
  if (!services.integrations.get(platform).configured) await configure(platform);
  const flow = await services.flows.start(platform, await services.integrations.oauthClient(platform));
  const authorize = await fetch(opened.at(-1)!, { redirect: 'manual' });
  const callback = authorize.headers.get('location');
  if (!callback) throw new Error(`authorize answered ${authorize.status}`);
  await (await fetch(callback)).text();
  const view = services.flows.view(flow.flowId);
  if (view.status !== 'linked') throw Object.assign(new Error('not linked'), { code: view.errorCode });
  return view.connectionId!;
}

type Operation = { op: string } & Record<string, unknown>;

/** One random operation touching both stores; returns what it did, for the acknowledgement. */
async function step(): Promise<[Operation, () => Promise<unknown>] | undefined> {
  const connections = services.connections.list();
  const oauth = connections.filter((c) => c.kind === 'oauth' && c.status === 'linked');
  const roll = random();
  if (roll < 0.14) {
    const clientId = `fb-${Math.floor(random() * 1e9)}`;
    return [
      { op: 'saveRegistration', platform: 'freshbooks', clientId },
      () =>
        services.integrations.saveConfiguration('freshbooks', {
          clientId,
          secrets: { clientSecret: secretFor(clientId) },
          options: { writeScopes: [] },
        }),
    ];
  }
  if (roll < 0.2)
    return [
      { op: 'removeRegistration', platform: 'freshbooks' },
      () => services.integrations.remove('freshbooks'),
    ];
  if (roll < 0.27) {
    const platform = pick(['sage', 'zohobooks'] as const)!;
    return [{ op: 'resaveRegistration', platform }, () => configure(platform)];
  }
  if (roll < 0.45) {
    const platform = pick(['sage', 'zohobooks'] as const)!;
    return [{ op: 'link', platform }, () => link(platform)];
  }
  if (roll < 0.72 && oauth.length) {
    const target = pick(oauth)!;
    return [
      { op: 'refresh', platform: target.platform, connectionId: target.id },
      () => services.connections.refresh(target.id),
    ];
  }
  if (roll < 0.8 && connections.length) {
    const target = pick(connections)!;
    return [
      { op: 'disconnect', platform: target.platform, connectionId: target.id },
      () => services.connections.disconnect(target.id, false),
    ];
  }
  if (roll < 0.86 && connections.length) {
    const target = pick(connections)!;
    return [
      { op: 'removeLocally', platform: target.platform, connectionId: target.id },
      () => services.connections.disconnect(target.id, true),
    ];
  }
  if (roll < 0.96) {
    return [
      { op: 'linkClearBooks', platform: 'clearbooks' },
      async () =>
        (
          await services.connections.linkClearBooks(
            `Company ${Math.floor(random() * 1000)}`,
            config.clearBooksKey,
          )
        ).id,
    ];
  }
  // Removing a provider's integration: its companies are disconnected first, then the registration.
  const platform = pick(['sage', 'zohobooks'] as const)! as PlatformId;
  return [
    { op: 'removeIntegration', platform },
    async () => {
      for (const c of services.connections.list(platform)) await services.connections.disconnect(c.id, true);
      await services.integrations.remove(platform);
    },
  ];
}

async function main(): Promise<void> {
  if (services.settings.get().loopbackPort !== config.port)
    services.settings.update({ loopbackPort: config.port });
  // Start-up, as the app does it: probe the keychain, reconcile it with SQLite.
  await services.reconciliation.run();
  say('READY');
  for (;;) {
    const next = await step();
    if (!next) continue;
    const [operation, run] = next;
    say(`BEGIN ${JSON.stringify(operation)}`);
    try {
      const outcome = await run();
      // Only what the checker needs: the linked connection's id, or whether a disconnect removed it.
      const result =
        operation.op === 'link' || operation.op === 'linkClearBooks'
          ? outcome
          : operation.op === 'disconnect' || operation.op === 'removeLocally'
            ? (outcome as { removed: boolean }).removed
            : null;
      say(`ACK ${JSON.stringify({ ...operation, result })}`);
    } catch (error) {
      say(
        `FAIL ${JSON.stringify({ ...operation, code: (error as { code?: string }).code ?? String(error) })}`,
      );
    }
  }
}

void main();
