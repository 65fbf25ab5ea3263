import { join } from 'node:path';

import type { FuseName } from './fuses';

/**
 * Behavioural checks of a packaged app's fuses: reading the fuse bits back (check-fuses.ts) proves
 * what was written; these prove the binary then refuses what each fuse is there to stop. What each
 * probe does follows Electron's fuse documentation (https://www.electronjs.org/docs/latest/tutorial/fuses)
 * and its tests (electron/electron `spec/fuses-spec.ts`: ELECTRON_RUN_AS_NODE, NODE_OPTIONS).
 *
 * This module is pure: what to launch and how to judge what happened. `check-fuses-behaviour.ts`
 * launches; a test drives these with stand-in binaries.
 */

/** Where one probe's files live (a fresh temporary folder per probe). */
export interface ProbeFolder {
  /** A file the injected code writes: it exists afterwards only if the injection ran. */
  marker: string;
  dir: string;
}

export interface LaunchPlan {
  /** The binary's arguments (the app's own, or those the attack adds). */
  args: string[];
  /** Added to the runner's environment (which has no NODE_OPTIONS / ELECTRON_RUN_AS_NODE of its own). */
  env: Record<string, string>;
  /** Files to write before launching, path → content. */
  files: Record<string, string>;
  /** Send SIGUSR1 (Node's "start the inspector") this long after launch (not on Windows). */
  sigusr1AfterMs?: number;
  /** A loopback port an inspector would listen on: the runner tries to connect while the app runs. */
  inspectorPort?: number;
  /** How long the app may run before the runner ends it (a refused attack leaves the app running). */
  runMs: number;
}

export interface LaunchOutcome {
  markerWritten: boolean;
  /** A TCP connection to `inspectorPort` succeeded at least once. */
  inspectorReached: boolean;
  output: string;
}

export interface FuseProbe {
  fuse: FuseName;
  /** What the attack is, in one line. */
  attack: string;
  plan(folder: ProbeFolder, ports: { inspector: number }): LaunchPlan;
}

const RUN_MS = 15_000;

/** Node's message when an inspector starts (node `src/inspector_socket_server.cc`). */
const INSPECTOR_BANNER = /Debugger listening on ws:\/\//;

/** JavaScript that writes `marker` (as a string literal, safe for any path). */
function writeMarker(marker: string): string {
  return `require('fs').writeFileSync(${JSON.stringify(marker)}, 'injected code ran')`;
}

export function fuseProbes(platform: NodeJS.Platform): FuseProbe[] {
  const probes: FuseProbe[] = [
    {
      fuse: 'RunAsNode',
      attack: 'ELECTRON_RUN_AS_NODE=1 <app> -e <code>',
      plan: ({ marker }) => ({
        args: ['-e', writeMarker(marker)],
        env: { ELECTRON_RUN_AS_NODE: '1' },
        files: {},
        runMs: RUN_MS,
      }),
    },
    {
      fuse: 'EnableNodeOptionsEnvironmentVariable',
      attack: 'NODE_OPTIONS=--require=<canary.js> <app>',
      plan: ({ marker, dir }) => {
        const canary = join(dir, 'canary.js');
        return {
          args: [],
          env: { NODE_OPTIONS: `--require=${canary}` },
          files: { [canary]: `${writeMarker(marker)};\n` },
          runMs: RUN_MS,
        };
      },
    },
    {
      fuse: 'EnableNodeCliInspectArguments',
      attack: '<app> --inspect=127.0.0.1:<port>',
      plan: (_folder, ports) => ({
        args: [`--inspect=127.0.0.1:${ports.inspector}`],
        env: {},
        files: {},
        inspectorPort: ports.inspector,
        runMs: RUN_MS,
      }),
    },
  ];
  if (platform !== 'win32') {
    probes.push({
      fuse: 'EnableNodeCliInspectArguments',
      attack: 'SIGUSR1 to a running app (Node starts an inspector on 127.0.0.1:9229)',
      plan: () => ({
        args: [],
        env: {},
        files: {},
        sigusr1AfterMs: 5_000,
        inspectorPort: 9229,
        runMs: RUN_MS,
      }),
    });
  }
  return probes;
}

/** The problem a probe's outcome shows, or null when the attack was refused. */
export function judgeProbe(probe: FuseProbe, outcome: LaunchOutcome): string | null {
  const signs: string[] = [];
  if (outcome.markerWritten) signs.push('the injected code ran');
  if (outcome.inspectorReached) signs.push('an inspector accepted a connection');
  if (INSPECTOR_BANNER.test(outcome.output)) signs.push('an inspector started');
  return signs.length === 0 ? null : `${probe.fuse} is not enforced: ${probe.attack} → ${signs.join(', ')}.`;
}

/**
 * The command that starts the app: for a macOS bundle, the executable inside it
 * (`Integration Desk.app/Contents/MacOS/Integration Desk`); otherwise the binary itself.
 */
export function launchableBinary(app: string): string {
  const bundle = /([^/\\]+)\.app[/\\]?$/.exec(app);
  return bundle ? join(app, 'Contents', 'MacOS', bundle[1]!) : app;
}
