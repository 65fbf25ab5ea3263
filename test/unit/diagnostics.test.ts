import { readFileSync, statSync } from 'node:fs';
import { release } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { FaultyStore } from './support/faulty-store';
import { startLinkingRig, type LinkingRig } from './support/linking';
import { tempDir } from './support/temp';

let rig: LinkingRig;
beforeEach(async () => {
  rig = await startLinkingRig();
});
afterEach(async () => rig.close());

describe('Export diagnostics', () => {
  it('writes one owner-only file: versions, settings, keychain health, the review and the recent log', async () => {
    const sage = await rig.link('sage');
    rig.services.log.info('Support marker line');
    const path = join(tempDir(), 'diagnostics.json');
    rig.services.savePath.next = path;
    expect(await rig.services.exportDiagnostics()).toEqual({ saved: true });
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);

    const doc = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual([
      'kind',
      'formatVersion',
      'generatedAt',
      'app',
      'settings',
      'keychain',
      'review',
      'log',
    ]);
    expect(doc['app']).toMatchObject({ nodeVersion: process.versions.node, dataFolder: expect.any(String) });
    expect(doc['settings']).toMatchObject({ loopbackPort: rig.port, language: 'en' });
    expect(doc['keychain']).toEqual({
      state: 'healthy',
      missingLibrary: null,
      startupNotices: [],
      secretsMissing: 0,
      orphanItems: 0,
    });
    const rows = (doc['review'] as { rows: Array<{ id: string; fingerprints: string[] }> }).rows;
    const row = rows.find((r) => r.id === sage)!;
    expect(row.fingerprints).toEqual([rig.services.connections.get(sage).secretFingerprint]);
    const log = doc['log'] as string[];
    expect(log.at(-1)).toMatch(/INFO Support marker line$/);
    expect(rig.services.review.auditEvents({ action: 'diagnostics.', limit: 5 })).toMatchObject([
      { action: 'diagnostics.export', outcome: 'success' },
    ]);
  });

  it('suggests a dated JSON file name, and labels the file and its audit entry for what they are', async () => {
    const { testServices } = await import('./support/temp');
    const asked: Array<[string, string]> = [];
    const path = join(tempDir(), 'chosen.json');
    const services = testServices({
      clock: () => new Date('2026-12-06T23:59:59.000Z'),
      chooseSavePath: async (name, format) => (asked.push([name, format]), path),
    });
    expect(await services.exportDiagnostics()).toEqual({ saved: true });
    expect(asked).toEqual([['integration-desk-diagnostics-2026-12-06.json', 'json']]);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({
      kind: 'integration-desk-diagnostics',
      formatVersion: 1,
      generatedAt: '2026-12-06T23:59:59.000Z',
    });
    expect(services.review.auditEvents({ action: 'diagnostics.', limit: 5 })).toMatchObject([
      { action: 'diagnostics.export', target: 'json', outcome: 'success' },
    ]);
  });

  it('writes nothing when the save dialog is cancelled', async () => {
    rig.services.savePath.next = null;
    expect(await rig.services.exportDiagnostics()).toEqual({ saved: false });
    expect(rig.services.review.auditEvents({ action: 'diagnostics.', limit: 5 })).toEqual([]);
  });

  it('reports a keychain that answers but keeps nothing (locked) as the probe measured it', async () => {
    await rig.close();
    let faulty: FaultyStore | undefined;
    rig = await startLinkingRig({}, { wrapSecrets: (keychain) => (faulty = new FaultyStore(keychain)) });
    faulty!.fault = 'answerEmpty';
    expect(await rig.services.reconciliation.run()).toBeNull();
    const path = join(tempDir(), 'd.json');
    rig.services.savePath.next = path;
    await rig.services.exportDiagnostics();
    const keychain = JSON.parse(readFileSync(path, 'utf8')).keychain as {
      state: string;
      startupNotices: string[];
    };
    expect(keychain.state).not.toBe('healthy');
    expect(keychain.state).toBe(rig.services.keychainHealth.state);
    expect(keychain.startupNotices).toEqual(['keychain']);
  });

  it('canary: no client secret, API key, refresh token, code or verifier, even after secrets were revealed, copied and logged', async () => {
    const sage = await rig.link('sage');
    await rig.link('zohobooks');
    const apiKey = [...rig.fakes.clearbooks.apiKeys][0]!;
    await rig.services.connections.linkClearBooks('Birch Ltd', apiKey);
    await rig.services.review.reveal({ kind: 'connection', connectionId: sage });
    await rig.services.review.copy({ kind: 'connection', connectionId: sage });
    await rig.services.review.reveal({ kind: 'integration', platform: 'zohobooks', field: 'clientSecret' });
    const tokenCall = rig.fakes.sage.tokenRequests('authorization_code')[0]!.body as Record<string, string>;
    const liveRefresh = rig.fakes.sage.liveRefreshTokens()[0]!;
    // Careless log calls: the file only ever gets the redacted line.
    rig.services.log.error('Refresh failed', { refresh_token: liveRefresh, apiKey });
    rig.services.log.warn(`Callback GET /oauth/sage/callback?code=${tokenCall['code']!}&state=s`);

    const path = join(tempDir(), 'diagnostics.json');
    rig.services.savePath.next = path;
    await rig.services.exportDiagnostics();
    const bytes = readFileSync(path);
    expect(bytes.toString('utf8')).toContain('Refresh failed');
    const canaries = [
      rig.fakes.sage.app.clientSecret,
      rig.fakes.zoho.app.clientSecret,
      apiKey,
      liveRefresh,
      ...rig.fakes.zoho.liveRefreshTokens(),
      tokenCall['code']!,
      tokenCall['code_verifier']!,
    ];
    // Positive control: the secrets exist and are long enough to be found.
    expect(rig.services.clipboard.text).toBe(liveRefresh);
    for (const canary of canaries) {
      expect(canary.length).toBeGreaterThan(8);
      expect(bytes.includes(Buffer.from(canary, 'utf8'))).toBe(false);
      expect(bytes.includes(Buffer.from(canary, 'utf16le'))).toBe(false);
    }
  });
});

describe('About details, support folders and settings followers', () => {
  it('opens the data and logs folders by name (creating the logs folder, owner-only), never another path', async () => {
    const { testServices } = await import('./support/temp');
    const opened: string[] = [];
    const dataDir = tempDir();
    const services = testServices({
      dataDir,
      appInfo: {
        appVersion: '1.2.3',
        electronVersion: '45.4.1',
        chromiumVersion: '142.0',
        nodeVersion: '22.20.0',
        os: 'linux',
        dataFolder: dataDir,
        logsFolder: join(dataDir, 'logs', 'main'),
      },
      openPath: async (path) => (opened.push(path), true),
    });
    expect(services.support.appInfo()).toMatchObject({ appVersion: '1.2.3', electronVersion: '45.4.1' });
    expect(await services.support.openFolder('data')).toEqual({ opened: true });
    expect(await services.support.openFolder('logs')).toEqual({ opened: true });
    expect(opened).toEqual([dataDir, join(dataDir, 'logs', 'main')]);
    if (process.platform !== 'win32')
      expect(statSync(join(dataDir, 'logs', 'main')).mode & 0o777).toBe(0o700);
  });

  it('outside Electron (the bench): says it is a development build on Node, keeps logs under the data folder, opens no folder', async () => {
    const { testServices } = await import('./support/temp');
    const dataDir = tempDir();
    // No file manager and no log file were handed over.
    const services = testServices({ dataDir, recentLog: undefined });
    expect(services.support.appInfo()).toEqual({
      appVersion: 'development',
      electronVersion: 'none',
      chromiumVersion: 'none',
      nodeVersion: process.versions.node,
      os: `${process.platform} ${release()} ${process.arch}`,
      dataFolder: dataDir,
      logsFolder: join(dataDir, 'logs'),
    });
    expect(await services.support.openFolder('logs')).toEqual({ opened: false });
    expect(statSync(join(dataDir, 'logs')).isDirectory()).toBe(true);
    const path = join(tempDir(), 'diagnostics.json');
    services.savePath.next = path;
    expect(await services.exportDiagnostics()).toEqual({ saved: true });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ log: [] });
  });

  it('tells followers (the menu language, the native theme) about each saved change', () => {
    const seen: string[] = [];
    const stop = rig.services.settings.onChange((settings) =>
      seen.push(`${settings.language}/${settings.theme}`),
    );
    rig.services.settings.update({ theme: 'dark' });
    rig.services.settings.update({ language: 'fr-CA' });
    stop();
    rig.services.settings.update({ theme: 'light' });
    expect(seen).toEqual(['en/dark', 'fr-CA/dark']);
    // A follower that throws does not turn a saved change into a failure.
    rig.services.settings.onChange(() => {
      throw new Error('menu not ready');
    });
    expect(rig.services.settings.update({ theme: 'auto' }).theme).toBe('auto');
  });
});
