/**
 * Crash harness (npm run test:crash): a child process (worker.ts) does random
 * operations that touch both the keychain and SQLite — app registrations saved,
 * re-saved and removed; companies linked, re-linked, refreshed with rotation,
 * disconnected, removed locally — against the real keychain, a real SQLite file
 * and the fake providers, and is killed with SIGKILL at random moments. After
 * each kill the app starts on the same file and keychain, reconciles, and the
 * checker asserts: integrity ok, no acknowledged write lost, no torn pair, no
 * valid rotated refresh token lost. It prints the counts; exit 1 on any failure.
 *
 * CRASH_KILLS (default 110) and CRASH_SEED (printed) repeat a run.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { build } from 'esbuild';

import { composeServices } from '../../src/main/services/compose';
import { redirectUriFor } from '../../src/main/services/oauth/flows';
import { createLogger } from '../../src/main/services/log';
import type { ReconciliationReport } from '../../src/main/services/keychain-sync/reconciliation';
import {
  connectionSecret,
  parseConnectionItem,
  parseIntegrationItem,
} from '../../src/main/services/vault/keychain-items';
import { KeytarSecretStore } from '../../src/main/services/vault/keytar-secret-store';
import { startAllFakes, type AllFakes } from '../fakes';
import { checkConsistency, CONSISTENT } from '../unit/support/consistency';
import { freePort } from '../unit/support/ports';
import { secretFor, seededRandom, type WorkerConfig } from './shared';

const repo = resolve(__dirname, '../..');
const KILLS = Number(process.env['CRASH_KILLS'] ?? 110);
const SEED = Number(process.env['CRASH_SEED'] ?? Math.floor(Math.random() * 1e9));

const random = seededRandom(SEED);

interface Logged {
  kind: 'BEGIN' | 'ACK' | 'FAIL';
  op: string;
  platform?: string;
  clientId?: string;
  connectionId?: string;
  result?: unknown;
}

/** The worker as one CommonJS file inside the repository (so keytar and better-sqlite3 resolve). */
async function bundleWorker(): Promise<string> {
  const outdir = join(repo, 'node_modules/.cache/crash-harness');
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'worker.cjs');
  await build({
    entryPoints: [join(__dirname, 'worker.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3', 'keytar'],
    logLevel: 'error',
    plugins: [
      {
        name: 'shared-alias',
        setup(b) {
          b.onResolve({ filter: /^@shared\// }, (args) =>
            b.resolve(`./${args.path.slice('@shared/'.length)}`, {
              resolveDir: join(repo, 'src/shared'),
              kind: args.kind,
            }),
          );
        },
      },
    ],
  });
  return outfile;
}

/** Runs the worker and kills it with SIGKILL at a random moment; returns what it printed. */
function runUntilKilled(
  bundle: string,
  config: WorkerConfig,
): Promise<{ log: Logged[]; duringStartup: boolean; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [bundle], {
      env: { ...process.env, CRASH_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log: Logged[] = [];
    let buffer = '';
    let stderr = '';
    let ready = false;
    const kill = () => child.kill('SIGKILL');
    // About one kill in ten lands while the app is still starting (opening, probing, reconciling).
    const earlyKill = random() < 0.1;
    const timers = [earlyKill ? setTimeout(kill, 20 + random() * 400) : setTimeout(kill, 30_000)];
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line === 'READY') {
          ready = true;
          if (!earlyKill) timers.push(setTimeout(kill, random() * 1200));
          continue;
        }
        const space = line.indexOf(' ');
        const kind = line.slice(0, space) as Logged['kind'];
        if (kind === 'BEGIN' || kind === 'ACK' || kind === 'FAIL')
          log.push({ kind, ...(JSON.parse(line.slice(space + 1)) as Omit<Logged, 'kind'>) });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', () => {
      for (const t of timers) clearTimeout(t);
      done({ log, duringStartup: !ready, stderr });
    });
  });
}

interface Model {
  freshbooks: string | null;
  connections: Map<string, string>;
}

async function main(): Promise<void> {
  const port = await freePort();
  const redirect = (p: 'zohobooks' | 'sage') => ({
    app: { redirectUris: [redirectUriFor(p, port)] },
    behaviour: { autoApprove: true },
  });
  const fakes: AllFakes = await startAllFakes({ zoho: redirect('zohobooks'), sage: redirect('sage') });
  const dataDir = mkdtempSync(join(tmpdir(), 'integration-desk-crash-'));
  const service = `com.integrationdesk.crash.${randomUUID().slice(0, 8)}`;
  const keychain = new KeytarSecretStore(service);
  const bundle = await bundleWorker();
  const fakeFor = (platform: string) => (platform === 'sage' ? fakes.sage : fakes.zoho);

  const model: Model = { freshbooks: null, connections: new Map() };
  const failures: string[] = [];
  const counts = {
    kills: 0,
    duringStartup: 0,
    acknowledged: 0,
    integrityOk: 0,
    acknowledgedLost: 0,
    tornPairs: 0,
    rotatedTokensLost: 0,
    tokensLostBeforeKeychain: 0,
    recovered: { rolledForward: 0, rolledBack: 0, deletesFinished: 0, disconnectsFinished: 0 },
    killedDuring: {} as Record<string, number>,
    ackedByOperation: {} as Record<string, number>,
    failedByOperation: {} as Record<string, string[]>,
  };
  const reportedDead = new Set<string>();

  try {
    for (let kill = 1; kill <= KILLS; kill++) {
      // Revocation fails in about a third of the runs, so removing locally takes its other path too.
      for (const fake of [fakes.sage, fakes.zoho]) {
        fake.behaviour.revokeResponses.length = 0;
        if (random() < 0.3) fake.behaviour.revokeResponses.push({ status: 503, sticky: true });
      }
      const { log, duringStartup, stderr } = await runUntilKilled(bundle, {
        dataDir,
        service,
        endpoints: fakes.endpoints,
        port,
        apps: { sage: fakes.sage.app, zohobooks: fakes.zoho.app },
        clearBooksKey: [...fakes.clearbooks.apiKeys][0]!,
        seed: Math.floor(random() * 2 ** 31),
      });
      counts.kills += 1;
      if (duringStartup) counts.duringStartup += 1;
      if (stderr.trim())
        failures.push(`kill ${kill}: worker wrote to stderr: ${stderr.trim().slice(0, 300)}`);
      const acked = log.filter((l) => l.kind === 'ACK');
      counts.acknowledged += acked.length;
      for (const l of acked) counts.ackedByOperation[l.op] = (counts.ackedByOperation[l.op] ?? 0) + 1;
      for (const l of log.filter((x) => x.kind === 'FAIL'))
        (counts.failedByOperation[l.op] ??= []).push(String((l as { code?: string }).code));
      const last = log.at(-1);
      const inFlight = last?.kind === 'BEGIN' ? last : undefined;
      if (inFlight) counts.killedDuring[inFlight.op] = (counts.killedDuring[inFlight.op] ?? 0) + 1;
      // Outcomes the checker cannot predict: the operation the kill interrupted, and failed ones.
      const uncertain = log.filter((l) => l.kind === 'FAIL').concat(inFlight ? [inFlight] : []);

      // What an acknowledged operation changed must still be there.
      const expected: Model = { freshbooks: model.freshbooks, connections: new Map(model.connections) };
      for (const l of acked) {
        if (l.op === 'saveRegistration') expected.freshbooks = l.clientId!;
        if (l.op === 'removeRegistration') expected.freshbooks = null;
        if ((l.op === 'link' || l.op === 'linkClearBooks') && typeof l.result === 'string')
          expected.connections.set(l.result, l.platform!);
        if ((l.op === 'disconnect' || l.op === 'removeLocally') && l.result === true)
          expected.connections.delete(l.connectionId!);
        if (l.op === 'removeIntegration')
          for (const [id, platform] of expected.connections)
            if (platform === l.platform) expected.connections.delete(id);
      }

      // The keychain as the kill left it, before start-up touches it.
      const before = await keychain.entries();
      const services = composeServices({
        dataDir,
        secrets: keychain,
        systemLocales: ['en-CA'],
        osUser: 'crash-checker',
        openExternal: async () => {},
        log: createLogger(() => {}),
        clipboard: { writeSecret: () => {}, readText: () => '', clear: () => {} },
        chooseSavePath: async () => null,
        endpoints: fakes.endpoints,
      });
      try {
        const report: ReconciliationReport | null = await services.reconciliation.run();
        if (!report) {
          failures.push(`kill ${kill}: start-up found the keychain unusable`);
          continue;
        }
        for (const key of Object.keys(counts.recovered) as Array<keyof typeof counts.recovered>)
          counts.recovered[key] += report[key];

        const consistency = await checkConsistency(services.db, keychain);
        if (consistency.integrity === 'ok') counts.integrityOk += 1;
        const torn =
          consistency.tornPairs.length + consistency.missing.length + consistency.unreferenced.length;
        counts.tornPairs += torn;
        if (JSON.stringify(consistency) !== JSON.stringify(CONSISTENT))
          failures.push(`kill ${kill}: not consistent after start-up: ${JSON.stringify(consistency)}`);

        // The app registration: the acknowledged one (or, if interrupted, the one being written), with its own secret.
        const registration = services.integrations.get('freshbooks');
        const actualClientId = registration.configured ? registration.clientId : null;
        const touchesFreshBooks = uncertain.filter((l) => l.platform === 'freshbooks');
        const allowed = new Set<string | null>([expected.freshbooks]);
        for (const l of touchesFreshBooks) allowed.add(l.op === 'saveRegistration' ? l.clientId! : null);
        if (!allowed.has(actualClientId)) {
          counts.acknowledgedLost += 1;
          failures.push(
            `kill ${kill}: FreshBooks registration is ${actualClientId}, expected ${[...allowed].join(' or ')}`,
          );
        }
        if (actualClientId) {
          const ref = services.db
            .prepare("SELECT secret_ref FROM integrations WHERE platform = 'freshbooks'")
            .pluck()
            .get() as string;
          const item = parseIntegrationItem(await keychain.get(ref));
          if (item?.fields.clientSecret !== secretFor(actualClientId)) {
            counts.tornPairs += 1;
            failures.push(
              `kill ${kill}: FreshBooks client ID ${actualClientId} is paired with another secret`,
            );
          }
        }

        // Connections: every acknowledged one is there, every acknowledged removal is gone.
        const actual = new Map(services.connections.list().map((c) => [c.id, c.platform]));
        for (const [id, platform] of expected.connections) {
          const excused = uncertain.some(
            (l) => l.connectionId === id || (l.op === 'removeIntegration' && l.platform === platform),
          );
          if (!actual.has(id) && !excused) {
            counts.acknowledgedLost += 1;
            failures.push(`kill ${kill}: acknowledged connection ${id} (${platform}) is gone`);
          }
        }
        for (const [id, platform] of actual) {
          const excused = uncertain.some(
            (l) => (l.op === 'link' || l.op === 'linkClearBooks') && l.platform === platform,
          );
          if (!expected.connections.has(id) && !excused) {
            counts.acknowledgedLost += 1;
            failures.push(
              `kill ${kill}: connection ${id} (${platform}) is back after its removal was acknowledged`,
            );
          }
        }

        // No valid refresh token lost: a connection left with a dead token while a live one sat in the keychain.
        const tokens = new Map<string, string>();
        for (const connection of services.connections.list().filter((c) => c.kind === 'oauth')) {
          const ref = services.db
            .prepare('SELECT secret_ref FROM connections WHERE id = ?')
            .pluck()
            .get(connection.id) as string;
          const item = parseConnectionItem(await keychain.get(ref));
          tokens.set(connection.id, item ? connectionSecret(item) : '');
        }
        const held = new Set(tokens.values());
        for (const connection of services.connections.list().filter((c) => c.kind === 'oauth')) {
          const token = tokens.get(connection.id)!;
          const fake = fakeFor(connection.platform);
          if (fake.isLive(token) || reportedDead.has(token)) continue;
          reportedDead.add(token);
          const liveInKeychain = before
            .map((e) => parseConnectionItem(e.value))
            .some((i) => i?.kind === 'oauth' && fake.isLive(i.refreshToken) && !held.has(i.refreshToken));
          if (liveInKeychain) {
            counts.rotatedTokensLost += 1;
            failures.push(
              `kill ${kill}: ${connection.id} was left with a dead token although a live one was in the keychain`,
            );
          } else counts.tokensLostBeforeKeychain += 1;
        }

        model.freshbooks = actualClientId;
        model.connections = actual;
      } finally {
        services.close();
      }
    }
  } finally {
    await fakes.close();
    for (const account of await keychain.accounts()) await keychain.delete(account);
    rmSync(dataDir, { recursive: true, force: true });
  }

  const r = counts.recovered;
  console.log(
    `Crash harness: ${counts.kills} SIGKILLs (CRASH_SEED=${SEED}), ${counts.acknowledged} operations acknowledged`,
  );
  console.log(`  integrity_check ok after start-up:       ${counts.integrityOk}/${counts.kills}`);
  console.log(`  acknowledged writes lost:                ${counts.acknowledgedLost}`);
  console.log(`  torn pairs after start-up:               ${counts.tornPairs}`);
  console.log(`  valid rotated refresh tokens lost:       ${counts.rotatedTokensLost}`);
  console.log(
    `  tokens lost before reaching the keychain: ${counts.tokensLostBeforeKeychain} (killed between the provider's answer and the keychain write; the connection then asks to be linked again)`,
  );
  console.log(
    `  recovered at start-up: ${r.rolledForward} writes rolled forward, ${r.rolledBack} rolled back, ${r.deletesFinished} deletes finished, ${r.disconnectsFinished} disconnects finished`,
  );
  console.log(
    `  killed during: start-up ${counts.duringStartup}, ${Object.entries(counts.killedDuring)
      .sort()
      .map(([op, n]) => `${op} ${n}`)
      .join(', ')}`,
  );
  const list = (entries: Record<string, unknown>) =>
    Object.entries(entries)
      .sort()
      .map(
        ([op, n]) => `${op} ${Array.isArray(n) ? `${n.length} (${[...new Set(n)].join(' ')})` : String(n)}`,
      )
      .join(', ');
  console.log(`  acknowledged: ${list(counts.ackedByOperation)}`);
  console.log(`  failed: ${list(counts.failedByOperation) || 'none'}`);
  if (failures.length) {
    console.log(`FAILED: ${failures.length} problem(s)`);
    for (const failure of failures.slice(0, 20)) console.log(`  - ${failure}`);
    process.exitCode = 1;
  } else console.log('OK');
}

void main();
