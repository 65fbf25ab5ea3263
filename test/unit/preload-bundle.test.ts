import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { API_NAMES, CHANNEL_NAMES, wireChannel } from '@shared/ipc/contract';
import { wireEvent } from '@shared/ipc/channel-names';
import { assertBuiltFromCurrentSources, builtPreload } from './support/built-app';
import { loadBuiltPreload } from './support/load-preload';
import { createRecordingElectron, type RecordingElectron } from './support/recording-electron';

/**
 * The BUILT preload (out/preload/index.js) as a sandboxed renderer loads it. In a sandboxed preload
 * `require` knows only 'electron' and a few polyfills: anything else bundled as a require() would make
 * the preload fail to load, and with it window.api (support/load-preload.ts).
 */
let source: string;
let required: string[];
let stand: RecordingElectron;
let dir: string;
let loadError: unknown;

beforeAll(() => {
  assertBuiltFromCurrentSources(builtPreload, ['src/preload', 'src/shared']);
  dir = mkdtempSync(join(tmpdir(), 'integration-desk-preload-'));
  stand = createRecordingElectron({ pathsRoot: dir });
  ({ source, required, error: loadError } = loadBuiltPreload(stand));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the built preload', () => {
  it("requires only 'electron', statically and when it runs", () => {
    const calls = source.match(/\brequire\s*\(/g) ?? [];
    const literalElectron = source.match(/\brequire\s*\(\s*(["'`])electron\1\s*\)/g) ?? [];
    expect(calls.length).toBeGreaterThan(0);
    expect(literalElectron.length).toBe(calls.length);
    expect(source).not.toMatch(/\bimport\s*\(/);
    expect(loadError).toBeUndefined();
    expect([...new Set(required)]).toEqual(['electron']);
  });

  it('exposes one object, window.api, with one function per contract channel and per declared event, nothing else', () => {
    expect([...stand.exposed.keys()]).toEqual(['api']);
    const api = stand.exposed.get('api') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...API_NAMES].sort());
    for (const name of API_NAMES) expect(typeof api[name], name).toBe('function');
    expect(API_NAMES).toEqual(expect.arrayContaining([...CHANNEL_NAMES]));
    expect(Object.isFrozen(api)).toBe(true);
  });

  it("evaluates zod and the contract's schemas only once the page's HTML is parsed, not before it", async () => {
    // The preload runs before the HTML parser; schemas built there would hold back the page's scripts.
    const fresh = loadBuiltPreload(createRecordingElectron({ pathsRoot: dir }));
    expect(fresh.error).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 0));
    // zod's core, when first evaluated, keeps its configuration on the global (the app sets jitless).
    expect(fresh.globals['__zod_globalConfig']).toBeUndefined();
    fresh.document.parsed();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fresh.globals['__zod_globalConfig']).toMatchObject({ jitless: true });
  });

  it('checks a call made before the HTML is parsed as strictly as any other', async () => {
    const early = createRecordingElectron({ pathsRoot: dir });
    expect(loadBuiltPreload(early).error).toBeUndefined();
    const api = early.exposed.get('api') as Record<string, (input?: unknown) => Promise<unknown>>;
    const refused = await api['getIntegration']?.({ platform: 'not-a-platform' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(early.invocations).toHaveLength(0);
    await api['getSettings']?.();
    expect(early.invocations.map((i) => i.channel)).toEqual([wireChannel('getSettings')]);
  });

  it('sends a valid call on its namespaced channel, and refuses a bad one without sending', async () => {
    const api = stand.exposed.get('api') as Record<string, (input?: unknown) => Promise<unknown>>;
    await api['getSettings']?.();
    expect(stand.invocations.map((i) => i.channel)).toEqual([wireChannel('getSettings')]);
    const refused = await api['getIntegration']?.({ platform: 'not-a-platform' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(stand.invocations).toHaveLength(1);
  });

  it("gives an event's listener the checked payload alone, never Electron's event object", async () => {
    const api = stand.exposed.get('api') as {
      onMenuCommand(listener: (...args: unknown[]) => void): () => void;
    };
    const calls: unknown[][] = [];
    const stop = api.onMenuCommand((...args) => calls.push(args));
    const ipcRenderer = stand.electron['ipcRenderer'] as import('node:events').EventEmitter;
    // As Electron calls an ipcRenderer.on listener: its event object (with the sender), then the payload.
    const electronEvent = { sender: ipcRenderer, senderId: 0, ports: [] };
    ipcRenderer.emit(wireEvent('menuCommand'), electronEvent, { command: 'showScreen', screen: 'review' });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toEqual([{ command: 'showScreen', screen: 'review' }]);
    stop();
    expect(ipcRenderer.listenerCount(wireEvent('menuCommand'))).toBe(0);
  });
});
