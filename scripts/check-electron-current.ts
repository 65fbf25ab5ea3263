/**
 * Electron's security checklist, item 16: use a current Electron. Fails unless the installed
 * Electron is on one of the three newest stable lines (the ones Electron supports:
 * https://www.electronjs.org/docs/latest/tutorial/electron-timelines) and on its line's newest
 * release, or a newer one came out less than `GRACE_DAYS` ago (time for the update's pull request,
 * which Dependabot raises: .github/dependabot.yml). Run by CI on every push and once a week.
 *
 *   npx tsx scripts/check-electron-current.ts     (asks the npm registry: `npm view electron time`)
 */
import { execFileSync } from 'node:child_process';

import { DEFAULT_ELECTRON_DIR, electronVersion } from './ensure-electron';

/** Supported stable lines (majors), newest first: Electron supports the latest three. */
export const SUPPORTED_LINES = 3;
export const GRACE_DAYS = 14;
const DAY_MS = 24 * 3600 * 1000;

type Version = readonly [major: number, minor: number, patch: number];

/** A stable release's numbers; `null` for a prerelease (`-alpha`, `-beta`, nightly) or a non-version key. */
function stable(version: string): Version | null {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null;
}

function newer(a: Version, b: Version): boolean {
  return a[0] !== b[0] ? a[0] > b[0] : a[1] !== b[1] ? a[1] > b[1] : a[2] > b[2];
}

/**
 * What is wrong with running `installed`, given every release's publication time (the registry's
 * `time` object: version → ISO date, with `created` and `modified` besides); empty when nothing is.
 */
export function electronLag(
  installed: string,
  published: Readonly<Record<string, string>>,
  now: Date,
  graceDays = GRACE_DAYS,
): string[] {
  const own = stable(installed);
  if (!own) return [`Electron ${installed} is not a stable release.`];
  const releases = Object.entries(published).flatMap(([version, at]) => {
    const numbers = stable(version);
    return numbers ? [{ version, numbers, at: new Date(at) }] : [];
  });
  const lines = [...new Set(releases.map((r) => r.numbers[0]))]
    .sort((a, b) => b - a)
    .slice(0, SUPPORTED_LINES);
  if (!lines.includes(own[0])) {
    return [`Electron ${own[0]} is no longer supported: the supported lines are ${lines.join(', ')}.`];
  }
  const later = releases.filter((r) => r.numbers[0] === own[0] && newer(r.numbers, own));
  if (later.length === 0) return [];
  const first = later.reduce((a, b) => (a.at <= b.at ? a : b));
  const latest = later.reduce((a, b) => (newer(b.numbers, a.numbers) ? b : a));
  const days = Math.floor((now.getTime() - first.at.getTime()) / DAY_MS);
  return days > graceDays
    ? [
        `Electron ${installed} is ${days} days behind its line (${first.version} came out on ` +
          `${first.at.toISOString().slice(0, 10)}): update to ${latest.version}.`,
      ]
    : [];
}

if (typeof require !== 'undefined' && require.main === module) {
  const installed = electronVersion(DEFAULT_ELECTRON_DIR);
  const published = JSON.parse(
    execFileSync('npm', ['view', 'electron', 'time', '--json'], { encoding: 'utf8' }),
  ) as Record<string, string>;
  const problems = electronLag(installed, published, new Date());
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log(`Electron ${installed} is current.`);
}
