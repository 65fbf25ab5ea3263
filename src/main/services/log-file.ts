import {
  chmodSync,
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/**
 * The main-process log file support can be sent: one line per entry, each line already
 * formatted and redacted by `createLogger` (log.ts), prefixed with the time. The file is created
 * 0600 in a 0700 folder (it names companies and folders, never a secret, but it is the user's
 * business alone), and rotated by size: `main.log`, then `main.1.log` … `main.<keep>.log`.
 *
 * Writes are synchronous appends: a crash right after a line still leaves it on disk, and the
 * volume (a few lines per user action) makes that cheap. A failing disk never takes the app
 * down: the file stops being written and the console keeps the lines.
 */
export interface LogFile {
  readonly path: string;
  /** Appends one formatted line (from createLogger). */
  write(line: string): void;
  /** The last `count` lines, oldest first, across the current and previous file. */
  recentLines(count: number): string[];
  close(): void;
}

export interface LogFileOptions {
  dir: string;
  fileName?: string;
  /** Size at which the file is rotated. */
  maxBytes?: number;
  /** Rotated files kept besides the current one. */
  keep?: number;
  now?: () => Date;
}

export const LOG_FILE_NAME = 'main.log';
const DEFAULT_MAX_BYTES = 1024 * 1024;
const DEFAULT_KEEP = 3;

export function openLogFile(options: LogFileOptions): LogFile {
  const fileName = options.fileName ?? LOG_FILE_NAME;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const keep = options.keep ?? DEFAULT_KEEP;
  const now = options.now ?? (() => new Date());
  const path = join(options.dir, fileName);
  const rotated = (n: number) => join(options.dir, fileName.replace(/(\.log)?$/, `.${n}$1`));

  let fd: number | null = null;
  let size = 0;
  let broken = false;

  const open = () => {
    fd = openSync(path, 'a', 0o600);
    // An existing file keeps its old mode on open: tighten it too.
    chmodSync(path, 0o600);
    size = fstatSync(fd).size;
  };
  const rotate = () => {
    if (fd !== null) closeSync(fd);
    fd = null;
    rmSync(rotated(keep), { force: true });
    for (let n = keep - 1; n >= 1; n--) if (existsSync(rotated(n))) renameSync(rotated(n), rotated(n + 1));
    // The file may have been deleted by hand while open (to clear the log): start a new one then.
    if (keep >= 1 && existsSync(path)) renameSync(path, rotated(1));
    else rmSync(path, { force: true });
    open();
  };

  try {
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    open();
  } catch (error) {
    broken = true;
    console.error('Log file unavailable', (error as { code?: unknown }).code);
  }

  return {
    path,
    write(line) {
      if (broken) return;
      // createLogger already keeps an entry on one line; a stray line break must not start a fake entry.
      const text = `${now().toISOString()} ${line.replace(/[\r\n]/g, ' ')}\n`;
      const bytes = Buffer.byteLength(text);
      try {
        if (size > 0 && size + bytes > maxBytes) rotate();
        size += writeSync(fd!, text);
      } catch (error) {
        broken = true;
        console.error(
          'Log file write failed; logging to the console only',
          (error as { code?: unknown }).code,
        );
      }
    },
    recentLines(count) {
      const lines: string[] = [];
      for (const file of [path, rotated(1)]) {
        if (lines.length >= count || !existsSync(file)) continue;
        const text = readFileSync(file, 'utf8');
        lines.unshift(
          ...text
            .split('\n')
            .filter((l) => l !== '')
            .slice(-(count - lines.length)),
        );
      }
      return lines;
    },
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
      broken = true;
    },
  };
}
