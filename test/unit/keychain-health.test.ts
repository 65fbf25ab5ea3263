import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { join, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { tempDir } from './support/temp';

// The app against keychains that are not usable, each in a child process with its own D-Bus
// session (or none): no Secret Service at all, a Secret Service whose socket never answers, a
// keyring with no default collection, a locked keyring, and a keytar whose native module cannot
// load. The app must start, say which it is, and change nothing because of it.

const repo = resolve(__dirname, '../..');
const child = join(__dirname, 'support/keychain-child.ts');
const nodeChild = (command: string, dataDir: string, service: string) =>
  `node --import tsx ${child} ${command} ${dataDir} ${service}`;

interface ChildResult {
  probedMs: number;
  report: unknown;
  startup: { notices: unknown[]; checking: boolean };
  review: string;
  before: Array<{ id: string; status: string; lastError: string | null }>;
  oauthClient: string;
  reveal: string;
  disconnect: string;
  save: string;
  after: Array<{ id: string; status: string; lastError: string | null }>;
  secretProblems: unknown[];
  elapsedMs: number;
}

function results(stdout: string): ChildResult[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('RESULT '))
    .map((line) => JSON.parse(line.slice('RESULT '.length)) as ChildResult);
}

/**
 * Runs a shell script in a private D-Bus session; `$KEYRING_HOME` is an empty folder for
 * gnome-keyring's files. Keyring daemons of the session are stopped at the end (found by the
 * session's bus address, as scripts/with-keyring.sh does).
 */
function inKeyringSession(script: string): ChildResult[] {
  const keyringHome = tempDir();
  const result = spawnSync(
    'dbus-run-session',
    [
      '--',
      'bash',
      '-c',
      `export XDG_DATA_HOME="${keyringHome}"
       ${script}
       for pid in $(pgrep gnome-keyring); do
         if { tr "\\0" "\\n" < "/proc/$pid/environ"; } 2>/dev/null | grep -qxF "DBUS_SESSION_BUS_ADDRESS=$DBUS_SESSION_BUS_ADDRESS"; then kill "$pid"; fi
       done`,
    ],
    { cwd: repo, encoding: 'utf8', timeout: 120_000, env: { ...process.env, DISPLAY: '' } },
  );
  return results(result.stdout);
}

const unlockedKeyring = 'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1';
const lockKeyring =
  'dbus-send --session --dest=org.freedesktop.secrets --print-reply /org/freedesktop/secrets org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null';
// Signing in again: a new daemon replaces the old one and unlocks the same keyring files.
const signInAgain =
  'printf pw | gnome-keyring-daemon --replace --unlock --components=secrets >/dev/null 2>&1; sleep 0.5';
const service = () => `com.integrationdesk.test.${randomUUID().slice(0, 8)}`;

/** Nothing was marked missing, re-authorised, deleted or saved because the keychain could not be used. */
function expectNothingChanged(run: ChildResult, linked: boolean) {
  expect(run.report).toBeNull();
  expect(run.secretProblems).toEqual([]);
  expect(run.after).toEqual(run.before);
  for (const c of run.after) expect(c).toMatchObject({ status: 'linked', lastError: null });
  expect(run.after).toHaveLength(linked ? 1 : 0);
  expect(run.save).toBe('KEYCHAIN_UNAVAILABLE');
  if (linked) {
    expect(run.disconnect).toBe('KEYCHAIN_UNAVAILABLE');
    expect(run.oauthClient).toBe('KEYCHAIN_UNAVAILABLE');
    expect(run.reveal).toBe('KEYCHAIN_UNAVAILABLE');
  }
}

// Secret Service and D-Bus faults exist on Linux only; macOS and Windows keychains have neither.
describe.runIf(process.platform === 'linux')(
  'keychain health, measured in a child process (Linux Secret Service)',
  { timeout: 120_000 },
  () => {
    it('a locked keyring: says so, marks and deletes nothing, and everything works once it is unlocked', () => {
      const data = tempDir();
      const svc = service();
      const [seeded, locked, back] = inKeyringSession(`
      ${unlockedKeyring}
      ${nodeChild('seed', data, svc)}
      ${lockKeyring}
      ${nodeChild('start', data, svc)}
      ${signInAgain}
      ${nodeChild('start', data, svc)}
    `);
      expect(seeded).toBeDefined();
      expect(locked!.startup).toEqual({
        notices: [{ kind: 'keychain', health: 'locked', missingLibrary: null }],
        checking: false,
      });
      expect(locked!.review).toBe('locked');
      expectNothingChanged(locked!, true);

      // Unlocked again: no re-linking, nothing missing, every operation works.
      expect(back!.startup).toEqual({ notices: [], checking: false });
      expect(back!.report).toMatchObject({ missing: [], orphans: [], mismatched: [] });
      expect(back!.before).toEqual(locked!.before);
      expect(back!.oauthClient).toBe('ok');
      expect(back!.reveal).toBe('ok');
      expect(back!.disconnect).toBe('ok');
      expect(back!.save).toBe('ok');
      expect(back!.after).toEqual([]);
    });

    it('a keyring with no default collection: says so and saves nothing', () => {
      const [run] = inKeyringSession(`
      gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1
      ${nodeChild('start', tempDir(), service())}
    `);
      expect(run!.startup).toEqual({
        notices: [{ kind: 'keychain', health: 'noCollection', missingLibrary: null }],
        checking: false,
      });
      expectNothingChanged(run!, false);
    });

    it('no Secret Service on the bus: says the keychain is unavailable', () => {
      const result = spawnSync('bash', ['-c', nodeChild('start', tempDir(), service())], {
        cwd: repo,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' },
      });
      const [run] = results(result.stdout);
      expect(run!.startup.notices).toEqual([
        { kind: 'keychain', health: 'unavailable', missingLibrary: null },
      ]);
      expectNothingChanged(run!, false);
    });

    it('a D-Bus that never answers: every call gives up within its time limit, and start-up says so', async () => {
      // A socket that accepts connections and never replies, as a hung session bus does.
      const socket = join(tempDir(), 'hung-bus');
      const held: Socket[] = [];
      const bus = createServer((connection) => void held.push(connection.on('data', () => {})));
      await new Promise<void>((ok) => bus.listen(socket, ok));
      try {
        const stdout = await new Promise<string>((ok) => {
          let out = '';
          const run = spawn('bash', ['-c', nodeChild('start', tempDir(), service())], {
            cwd: repo,
            env: {
              ...process.env,
              DBUS_SESSION_BUS_ADDRESS: `unix:path=${socket}`,
              DISPLAY: '',
              KEYCHAIN_TIMEOUT_MS: '1000',
            },
          });
          run.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
          run.on('close', () => ok(out));
        });
        const [run] = results(stdout);
        expect(run!.startup).toEqual({
          notices: [{ kind: 'keychain', health: 'unavailable', missingLibrary: null }],
          checking: false,
        });
        // The probe gave up after its time limit; later calls failed at once instead of queueing.
        expect(run!.probedMs).toBeGreaterThanOrEqual(1000);
        expect(run!.probedMs).toBeLessThan(2500);
        expect(run!.elapsedMs - run!.probedMs).toBeLessThan(1000);
        expectNothingChanged(run!, false);
      } finally {
        for (const c of held) c.destroy();
        bus.close();
      }
    });

    it('a keytar whose native module cannot load (libsecret missing): the app starts and names the library', () => {
      const work = tempDir();
      const result = spawnSync(
        'bash',
        [
          '-c',
          `node --require ./test/unit/support/keytar-without-libsecret.cjs --import tsx ${child} start ${join(work, 'data')} ${service()}`,
        ],
        {
          cwd: repo,
          encoding: 'utf8',
          timeout: 60_000,
          env: { ...process.env, BROKEN_KEYTAR_DIR: join(work, 'keytar') },
        },
      );
      const [run] = results(result.stdout);
      expect(run!.startup.notices).toEqual([
        { kind: 'keychain', health: 'unavailable', missingLibrary: 'libsecret-9.so.0' },
      ]);
      expectNothingChanged(run!, false);
    });
  },
);
