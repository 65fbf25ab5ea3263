import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { createLogger } from '../../src/main/services/log';
import { openLogFile } from '../../src/main/services/log-file';
import { tempDir } from './support/temp';

const posix = process.platform !== 'win32';
const at = () => new Date('2026-12-02T10:00:00.000Z');

describe('the main-process log file', () => {
  it('is created owner-only in an owner-only folder, one timestamped line per entry', () => {
    const dir = join(tempDir(), 'logs');
    const file = openLogFile({ dir, now: at });
    const log = createLogger((line) => file.write(line));
    log.info('Started', { version: '0.1.0' });
    log.warn('Company linked', { name: 'Acme\n2026-12-02T10:00:00.000Z ERROR forged entry\r' });
    file.close();
    const text = readFileSync(file.path, 'utf8');
    expect(text.split('\n').filter(Boolean)).toHaveLength(2);
    expect(text).toMatch(/^2026-12-02T10:00:00\.000Z INFO Started \{"version":"0\.1\.0"\}\n/);
    expect(text).not.toMatch(/\nERROR forged/);
    if (posix) {
      expect(statSync(file.path).mode & 0o777).toBe(0o600);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    }
  });

  it('tightens a file left readable by others', () => {
    if (!posix) return;
    const dir = tempDir();
    writeFileSync(join(dir, 'main.log'), 'old line\n');
    chmodSync(join(dir, 'main.log'), 0o644);
    const file = openLogFile({ dir });
    file.write('INFO new');
    expect(statSync(file.path).mode & 0o777).toBe(0o600);
    expect(file.recentLines(5)).toEqual(['old line', expect.stringMatching(/INFO new$/)]);
    file.close();
  });

  it('rotates by size, keeping a bounded number of files, and reads the recent lines across them', () => {
    const dir = tempDir();
    const file = openLogFile({ dir, maxBytes: 400, keep: 2, now: at });
    for (let i = 0; i < 60; i++) file.write(`INFO entry ${String(i).padStart(3, '0')}`);
    expect(readdirSync(dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    for (const name of readdirSync(dir)) {
      expect(statSync(join(dir, name)).size).toBeLessThanOrEqual(400);
      if (posix) expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
    }
    const recent = file.recentLines(12);
    expect(recent).toHaveLength(12);
    expect(recent.at(-1)).toMatch(/entry 059$/);
    expect(recent.map((l) => Number(l.slice(-3)))).toEqual(Array.from({ length: 12 }, (_, i) => 48 + i));
    expect(existsSync(join(dir, 'main.3.log'))).toBe(false);
    file.close();
  });

  it('never lets a secret through: every line is the redacted one (canary)', () => {
    const dir = tempDir();
    const file = openLogFile({ dir });
    const log = createLogger((line) => file.write(line));
    const canaries = ['rt-CANARY-7f3a9c1e55', 'cs-CANARY-0b1d2e3f44', 'code-CANARY-99aa77'];
    log.error('Refresh failed', {
      refresh_token: canaries[0],
      nested: { client_secret: canaries[1] },
      error: new Error(`GET /oauth/sage/callback?code=${canaries[2]}&state=abc`),
    });
    file.close();
    const bytes = readFileSync(file.path);
    expect(bytes.toString('utf8')).toContain('Refresh failed');
    for (const canary of canaries) {
      expect(bytes.includes(Buffer.from(canary, 'utf8'))).toBe(false);
      expect(bytes.includes(Buffer.from(canary, 'utf16le'))).toBe(false);
    }
  });

  it('a folder that cannot be written leaves the app running, logging to the console only', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'not-a-folder'), '');
    const file = openLogFile({ dir: join(dir, 'not-a-folder') });
    expect(() => file.write('INFO still fine')).not.toThrow();
    expect(file.recentLines(5)).toEqual([]);
  });
});
