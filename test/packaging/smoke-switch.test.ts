import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { FuseV1Options } from '@electron/fuses';
import { afterAll, describe, expect, it } from 'vitest';

import { flipPackagedFuses, readFuses } from '../../scripts/packaging/fuses';
import { FUSE_WIRE_ORDER, fuseWireFile, readFuseWire } from '../../src/main/fuse-wire';
import { isSandboxed, prepareSmokeTest, smokeTestRequest, type SmokeApp } from '../../src/main/smoke-test';
import { createStandInElectron } from './stand-in-electron';

const dir = mkdtempSync(join(tmpdir(), 'integration-desk-smoke-switch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the --smoke-test switch', () => {
  const report = join(dir, 'report.json');

  it('is refused unless the app is packaged', () => {
    expect(smokeTestRequest(['electron', '.', `--smoke-test=${report}`], false)).toEqual({
      refused: 'only a packaged app honours --smoke-test',
    });
    expect(smokeTestRequest(['integration-desk', `--smoke-test=${report}`], true)).toEqual({
      reportPath: report,
    });
    expect(smokeTestRequest(['integration-desk'], true)).toBeNull();
    expect(smokeTestRequest(['integration-desk', '--smoke-test=report.json'], true)).toMatchObject({
      refused: expect.stringContaining('absolute') as unknown,
    });
  });

  it('changes nothing in a development run (no temporary user data, no exit), and says so in the log', () => {
    const calls: string[] = [];
    const app: SmokeApp = {
      isPackaged: false,
      setPath: (name) => calls.push(`setPath ${name}`),
      getVersion: () => '0.0.0',
      exit: (code) => calls.push(`exit ${code}`),
      getAppMetrics: () => [],
      commandLine: { hasSwitch: () => false },
    };
    const warnings: string[] = [];
    const log = { info: () => undefined, warn: (m: string) => warnings.push(m), error: () => undefined };
    expect(prepareSmokeTest(app, log, { argv: ['electron', '.', `--smoke-test=${report}`] })).toBeUndefined();
    expect(calls).toEqual([]);
    expect(warnings).toEqual(['Smoke-test switch ignored']);
  });
});

describe('whether the packaged app runs in Chromium’s sandbox (the smoke report’s `sandboxed`)', () => {
  type Metric = ReturnType<SmokeApp['getAppMetrics']>[number];
  const app = (metrics: Metric[], switches: string[] = []) => ({
    getAppMetrics: () => metrics,
    commandLine: { hasSwitch: (name: string) => switches.includes(name) },
  });
  const browser: Metric = { pid: 10, type: 'Browser' };
  const status = (seccomp: number) => `Name:\tintegration-desk\nSeccomp:\t${seccomp}\nSeccomp_filters:\t1\n`;

  it('macOS and Windows: every renderer must say it is sandboxed', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      expect(isSandboxed(app([browser, { pid: 11, type: 'Tab', sandboxed: true }]), platform)).toBe(true);
      expect(
        isSandboxed(
          app([
            { pid: 11, type: 'Tab', sandboxed: true },
            { pid: 12, type: 'Tab', sandboxed: false },
          ]),
          platform,
        ),
      ).toBe(false);
      // Not saying is not enough.
      expect(isSandboxed(app([{ pid: 11, type: 'Tab' }]), platform)).toBe(false);
    }
  });

  it('Linux, where Electron does not say: every renderer’s system calls are filtered (seccomp-bpf)', () => {
    const statuses = new Map([
      [11, status(2)],
      [12, status(0)],
    ]);
    const read = (pid: number) => statuses.get(pid) ?? null;
    expect(isSandboxed(app([browser, { pid: 11, type: 'Tab' }]), 'linux', read)).toBe(true);
    expect(
      isSandboxed(
        app([
          { pid: 11, type: 'Tab' },
          { pid: 12, type: 'Tab' },
        ]),
        'linux',
        read,
      ),
    ).toBe(false);
    // A renderer that is gone (no status to read) proves nothing.
    expect(isSandboxed(app([{ pid: 13, type: 'Tab' }]), 'linux', read)).toBe(false);
    // Electron's `sandboxed: true` alone does not count on Linux.
    expect(isSandboxed(app([{ pid: 12, type: 'Tab', sandboxed: true }]), 'linux', read)).toBe(false);
  });

  it('never with --no-sandbox, and never with no renderer to ask', () => {
    const sandboxedTab: Metric = { pid: 11, type: 'Tab', sandboxed: true };
    expect(isSandboxed(app([sandboxedTab], ['no-sandbox']), 'darwin')).toBe(false);
    expect(isSandboxed(app([browser]), 'darwin')).toBe(false);
    expect(isSandboxed(app([browser]), 'linux', () => status(2))).toBe(false);
  });
});

describe('reading the running binary’s fuses (src/main/fuse-wire.ts)', () => {
  it('names the wire bytes in @electron/fuses order', () => {
    expect(FUSE_WIRE_ORDER.map((name) => FuseV1Options[name])).toEqual(FUSE_WIRE_ORDER.map((_, i) => i));
    expect(Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k)))).toEqual([...FUSE_WIRE_ORDER]);
  });

  it('reads what @electron/fuses flipped, and nothing from a file without a wire', async () => {
    const binary = createStandInElectron(join(dir, 'electron'));
    await flipPackagedFuses(binary, 'release', { resetAdHocDarwinSignature: false });
    const expected = Object.fromEntries((await readFuses(binary)).map((r) => [r.name, r.state]));
    expect(readFuseWire(readFileSync(binary))).toEqual(expected);
    expect(readFuseWire(Buffer.from('#!/bin/sh\necho not electron\n'))).toBeNull();
    expect(fuseWireFile('/A/Integration Desk.app/Contents/MacOS/Integration Desk', 'darwin')).toBe(
      join('/A/Integration Desk.app/Contents/Frameworks/Electron Framework.framework/Electron Framework'),
    );
    expect(fuseWireFile('/opt/Integration Desk/integration-desk', 'linux')).toBe(
      '/opt/Integration Desk/integration-desk',
    );
  });
});
