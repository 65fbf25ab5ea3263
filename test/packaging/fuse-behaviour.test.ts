import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { checkFuseBehaviour } from '../../scripts/packaging/check-fuses-behaviour';
import { fuseProbes, judgeProbe, launchableBinary } from '../../scripts/packaging/fuse-probes';

// The real launch needs a packaged Electron app (release workflow, each OS); here the launcher
// and its judgement run against two stand-ins: plain Node, which lets every attack through, and
// a process that ignores them all, as a binary with the release fuses does.
const dir = mkdtempSync(join(tmpdir(), 'fuse-behaviour-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const folder = { marker: '/probe/it ran', dir: '/probe' };
const ports = { inspector: 45678 };
const clean = { markerWritten: false, inspectorReached: false, output: '' };

describe('what each probe launches', () => {
  const byAttack = (platform: NodeJS.Platform) =>
    Object.fromEntries(fuseProbes(platform).map((p) => [p.attack, p.plan(folder, ports)]));

  it('RunAsNode: ELECTRON_RUN_AS_NODE=1 with code that writes the marker', () => {
    const plan = byAttack('linux')['ELECTRON_RUN_AS_NODE=1 <app> -e <code>']!;
    expect(plan.env).toEqual({ ELECTRON_RUN_AS_NODE: '1' });
    expect(plan.args[0]).toBe('-e');
    expect(plan.args[1]).toContain(JSON.stringify(folder.marker));
  });

  it('NODE_OPTIONS: --require of a canary that writes the marker', () => {
    const plan = byAttack('linux')['NODE_OPTIONS=--require=<canary.js> <app>']!;
    const canary = join('/probe', 'canary.js');
    expect(plan.env).toEqual({ NODE_OPTIONS: `--require=${canary}` });
    expect(plan.files[canary]).toContain(JSON.stringify(folder.marker));
  });

  it('--inspect on a free loopback port, which the runner then tries to reach', () => {
    const plan = byAttack('linux')['<app> --inspect=127.0.0.1:<port>']!;
    expect(plan.args).toEqual(['--inspect=127.0.0.1:45678']);
    expect(plan.inspectorPort).toBe(45678);
  });

  it('SIGUSR1 where the OS has it, not on Windows', () => {
    expect(fuseProbes('linux').map((p) => p.fuse)).toEqual([
      'RunAsNode',
      'EnableNodeOptionsEnvironmentVariable',
      'EnableNodeCliInspectArguments',
      'EnableNodeCliInspectArguments',
    ]);
    expect(
      fuseProbes('darwin')
        .find((p) => p.attack.startsWith('SIGUSR1'))
        ?.plan(folder, ports),
    ).toMatchObject({
      sigusr1AfterMs: expect.any(Number),
      inspectorPort: 9229,
    });
    expect(fuseProbes('win32').some((p) => p.attack.startsWith('SIGUSR1'))).toBe(false);
  });

  it('launches the executable inside a macOS bundle, other binaries as they are', () => {
    expect(launchableBinary('/dist/mac-arm64/Integration Desk.app')).toBe(
      join('/dist/mac-arm64/Integration Desk.app', 'Contents', 'MacOS', 'Integration Desk'),
    );
    expect(launchableBinary('/dist/linux-unpacked/integration-desk')).toBe(
      '/dist/linux-unpacked/integration-desk',
    );
  });
});

describe('how an outcome is judged', () => {
  const [runAsNode, , inspect] = fuseProbes('linux');

  it('refused when nothing ran and no inspector was seen', () => {
    expect(judgeProbe(runAsNode!, clean)).toBeNull();
    expect(judgeProbe(inspect!, { ...clean, output: 'app started\n' })).toBeNull();
  });

  it('not refused when the marker exists, an inspector answers, or Node announces one', () => {
    expect(judgeProbe(runAsNode!, { ...clean, markerWritten: true })).toBe(
      'RunAsNode is not enforced: ELECTRON_RUN_AS_NODE=1 <app> -e <code> → the injected code ran.',
    );
    expect(judgeProbe(inspect!, { ...clean, inspectorReached: true })).toMatch(
      /an inspector accepted a connection/,
    );
    expect(
      judgeProbe(inspect!, { ...clean, output: 'Debugger listening on ws://127.0.0.1:9229/0f2c\nFor help…' }),
    ).toMatch(/an inspector started/);
  });
});

describe.skipIf(process.platform === 'win32')('the launcher against stand-in binaries', () => {
  const standIn = (name: string, script: string) => {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\n${script}\n`);
    chmodSync(path, 0o755);
    return path;
  };
  // Plain Node: honours -e, NODE_OPTIONS, --inspect and SIGUSR1, and keeps running like an app.
  const node = JSON.stringify(process.execPath);
  const unprotected = standIn(
    'unprotected',
    `if [ "$1" = "-e" ]; then exec ${node} "$@"; fi\nexec ${node} "$@" -e "setInterval(() => {}, 1000)"`,
  );
  // Ignores the environment, its arguments and SIGUSR1, as a binary with the release fuses does.
  const refusing = standIn('refusing', `trap '' USR1\nexec sleep 60`);

  it('finds every attack that gets through a binary without the fuses', async () => {
    const problems = await checkFuseBehaviour(unprotected, { runMs: 3_000 });
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/^RunAsNode is not enforced: .*the injected code ran/);
    expect(problems[1]).toMatch(
      /^EnableNodeOptionsEnvironmentVariable is not enforced: .*the injected code ran/,
    );
    expect(problems[2]).toMatch(/^EnableNodeCliInspectArguments is not enforced: <app> --inspect.*inspector/);
    expect(problems[3]).toMatch(/^EnableNodeCliInspectArguments is not enforced: SIGUSR1.*inspector/);
  }, 60_000);

  it('passes a binary that refuses them all, and ends it when the run is over', async () => {
    expect(await checkFuseBehaviour(refusing, { runMs: 1_000 })).toEqual([]);
  }, 60_000);
});

describe('the release workflow', () => {
  it('runs the behaviour check after packaging on each OS', () => {
    const workflow = readFileSync(join(__dirname, '../../.github/workflows/release.yml'), 'utf8');
    const runs = workflow.match(/check-fuses-behaviour\.ts --app [^\n]+/g) ?? [];
    expect(runs.map((r) => r.replace(/^check-fuses-behaviour\.ts --app /, ''))).toEqual([
      '"$app"', // the deb's binary, installed with apt, under xvfb
      'dist/mac-arm64/"Integration Desk.app"',
      '"dist/win-unpacked/Integration Desk.exe"',
    ]);
  });
});
