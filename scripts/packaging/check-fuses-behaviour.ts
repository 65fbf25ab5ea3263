/**
 * Launches a packaged app once per attack its fuses must refuse (fuse-probes.ts) and fails when
 * one gets through. Run by the release workflow after packaging, on each OS:
 *
 *   npx tsx scripts/packaging/check-fuses-behaviour.ts --app <binary or .app> [--run-ms 15000]
 *
 * The app starts normally when an attack is refused, so each launch is ended after --run-ms.
 * Only the release flavour is checked: an e2e build keeps the inspector on by design.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import {
  fuseProbes,
  judgeProbe,
  launchableBinary,
  type FuseProbe,
  type LaunchOutcome,
  type LaunchPlan,
} from './fuse-probes';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A loopback port nothing listens on now. */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Ends the app and everything it started (Electron's helpers included). */
function endTree(pid: number): void {
  try {
    if (process.platform === 'win32')
      spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore' });
    else process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Runs one launch plan against `binary` and reports what happened. */
export async function launch(binary: string, plan: LaunchPlan, marker: string): Promise<LaunchOutcome> {
  for (const [path, content] of Object.entries(plan.files)) writeFileSync(path, content);
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['NODE_OPTIONS'];
  delete env['ELECTRON_RUN_AS_NODE'];
  const child = spawn(binary, plan.args, {
    env: { ...env, ...plan.env },
    detached: process.platform !== 'win32',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      output += `\n(launch failed: ${error.message})`;
      resolve();
    });
  }).then(() => {
    exited = true;
  });
  const started = Date.now();
  let inspectorReached = false;
  let signalled = false;
  while (!exited && Date.now() - started < plan.runMs) {
    if (plan.sigusr1AfterMs !== undefined && !signalled && Date.now() - started >= plan.sigusr1AfterMs) {
      signalled = true;
      if (child.pid) process.kill(child.pid, 'SIGUSR1');
    }
    if (plan.inspectorPort !== undefined && !inspectorReached)
      inspectorReached = await canConnect(plan.inspectorPort);
    await Promise.race([exit, sleep(250)]);
  }
  if (!exited && child.pid) endTree(child.pid);
  await Promise.race([exit, sleep(5_000)]);
  return { markerWritten: existsSync(marker), inspectorReached, output };
}

/** Every probe against `app`: one problem line per attack that got through. */
export async function checkFuseBehaviour(
  app: string,
  options: { runMs?: number; probes?: FuseProbe[] } = {},
): Promise<string[]> {
  const binary = launchableBinary(app);
  const problems: string[] = [];
  for (const probe of options.probes ?? fuseProbes(process.platform)) {
    const dir = mkdtempSync(join(tmpdir(), 'fuse-probe-'));
    try {
      const marker = join(dir, 'marker');
      const plan = probe.plan({ marker, dir }, { inspector: await freeLoopbackPort() });
      if (options.runMs !== undefined) {
        plan.runMs = options.runMs;
        if (plan.sigusr1AfterMs !== undefined) plan.sigusr1AfterMs = Math.floor(options.runMs / 3);
      }
      const problem = judgeProbe(probe, await launch(binary, plan, marker));
      console.log(`${problem ? 'NOT REFUSED' : 'refused    '}  ${probe.fuse}: ${probe.attack}`);
      if (problem) problems.push(problem);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return problems;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { app: { type: 'string', multiple: true }, 'run-ms': { type: 'string' } },
  });
  const apps = values.app ?? [];
  if (apps.length === 0) {
    console.error('Name the packaged app: --app <binary or .app>');
    return 2;
  }
  const runMs = values['run-ms'] === undefined ? undefined : Number(values['run-ms']);
  let failed = false;
  for (const app of apps) {
    console.log(app);
    const problems = await checkFuseBehaviour(app, { runMs });
    if (problems.length > 0) {
      failed = true;
      for (const problem of problems) console.error(`::error::${problem}`);
    }
  }
  return failed ? 1 : 0;
}

if (typeof require !== 'undefined' && require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
