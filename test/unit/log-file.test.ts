import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { createLogger } from '../../src/main/services/log';
import { openLogFile } from '../../src/main/services/log-file';
import { tempDir } from './support/temp';

const posix = process.platform !== 'win32';
const at = () => new Date('2026-12-02T10:00:00.000Z');
/** Files this process holds open (Linux), to see a rotation or a close that leaves one behind. */
const openFiles = () => (process.platform === 'linux' ? readdirSync('/proc/self/fd').length : 0);
/** What a line takes in the file: the time, a space, the line and its end. */
const lineBytes = (line: string) => Buffer.byteLength(`${at().toISOString()} ${line}\n`);

afterEach(() => {
  vi.restoreAllMocks();
});

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
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const dir = tempDir();
    writeFileSync(join(dir, 'not-a-folder'), '');
    const file = openLogFile({ dir: join(dir, 'not-a-folder') });
    expect(() => file.write('INFO still fine')).not.toThrow();
    expect(file.recentLines(5)).toEqual([]);
    expect(() => file.close()).not.toThrow();
    // Said once, when it happened; each later line does not add a complaint.
    expect(consoleError.mock.calls).toEqual([['Log file unavailable', 'EEXIST']]);
  });

  it('a disk that fails later stops the file, says so once on the console, and keeps the app running', () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const dir = join(tempDir(), 'logs');
    const file = openLogFile({ dir, maxBytes: lineBytes('INFO first'), now: at });
    file.write('INFO first');
    rmSync(dir, { recursive: true }); // the next line's rotation has nowhere to go
    expect(() => file.write('INFO second')).not.toThrow();
    expect(() => file.write('INFO third')).not.toThrow();
    expect(consoleError.mock.calls).toEqual([
      ['Log file write failed; logging to the console only', 'ENOENT'],
    ]);
    file.close();
  });

  it('a line break written straight to the file cannot start a fake entry either', () => {
    const dir = tempDir();
    const file = openLogFile({ dir, now: at });
    file.write('INFO linked Acme\nERROR forged\r');
    file.close();
    expect(readFileSync(file.path, 'utf8')).toBe('2026-12-02T10:00:00.000Z INFO linked Acme ERROR forged \n');
  });

  it('rotates only a file that would grow past the limit: a full file is kept whole, one long line gets a file alone', () => {
    const first = openLogFile({ dir: tempDir(), maxBytes: 10, now: at });
    first.write('INFO longer than the limit'); // the first line of a new file: nothing to rotate
    expect(readdirSync(dirname(first.path))).toEqual(['main.log']);
    first.close();

    const dir = tempDir();
    const file = openLogFile({ dir, maxBytes: 2 * lineBytes('INFO 1'), keep: 3, now: at });
    file.write('INFO 1');
    file.write('INFO 2'); // exactly at the limit: no rotation yet
    expect(readdirSync(dir)).toEqual(['main.log']);
    file.write('INFO 3');
    expect(readdirSync(dir).sort()).toEqual(['main.1.log', 'main.log']);
    file.write(`INFO ${'x'.repeat(100)}`); // longer than the limit: rotated away from "INFO 3"…
    file.write('INFO 5'); // …and alone in its file
    expect(readdirSync(dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.3.log', 'main.log']);
    const lines = (name: string) => readFileSync(join(dir, name), 'utf8').split('\n').filter(Boolean).length;
    expect([lines('main.3.log'), lines('main.2.log'), lines('main.1.log'), lines('main.log')]).toEqual([
      2, 1, 1, 1,
    ]);
    // The last lines asked for are the last ones written, no more.
    expect(file.recentLines(1)).toEqual([expect.stringMatching(/INFO 5$/)]);
    expect(file.recentLines(2)).toEqual([expect.stringMatching(/x{100}$/), expect.stringMatching(/INFO 5$/)]);
    file.close();
  });

  it('keeps as many rotated files as asked, none at all if asked, under its own name', () => {
    for (const keep of [0, 1]) {
      const dir = tempDir();
      const file = openLogFile({ dir, fileName: 'desk', maxBytes: lineBytes('INFO 1'), keep, now: at });
      for (let i = 1; i <= 4; i++) file.write(`INFO ${i}`);
      expect(readdirSync(dir).sort()).toEqual(keep === 0 ? ['desk'] : ['desk', 'desk.1']);
      expect(file.recentLines(5)).toEqual(
        (keep === 0 ? [4] : [3, 4]).map((i) => `2026-12-02T10:00:00.000Z INFO ${i}`),
      );
      file.close();
    }
  });

  it('a log file deleted by hand while the app runs is started again at the next rotation', () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    for (const keep of [0, 2]) {
      const dir = tempDir();
      const file = openLogFile({ dir, maxBytes: lineBytes('INFO 1'), keep, now: at });
      file.write('INFO 1');
      rmSync(file.path);
      file.write('INFO 2');
      file.write('INFO 3');
      expect(file.recentLines(5).map((l) => l.slice(-1))).toEqual(keep === 0 ? ['3'] : ['2', '3']);
      file.close();
    }
    expect(consoleError).not.toHaveBeenCalled();
  });

  it('holds one file open while writing, none once closed, and writes nothing after', () => {
    const before = openFiles();
    const dir = tempDir();
    const file = openLogFile({ dir, maxBytes: lineBytes('INFO 00'), keep: 2, now: at });
    for (let i = 0; i < 20; i++) file.write(`INFO ${String(i).padStart(2, '0')}`);
    if (process.platform === 'linux') expect(openFiles()).toBe(before + 1);
    file.close();
    expect(openFiles()).toBe(before);
    file.write('INFO after close');
    expect(readFileSync(file.path, 'utf8')).toBe('2026-12-02T10:00:00.000Z INFO 19\n');
    expect(() => file.close()).not.toThrow();
  });
});
