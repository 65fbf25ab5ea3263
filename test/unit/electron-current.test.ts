import { describe, expect, it } from 'vitest';

import { electronLag, GRACE_DAYS } from '../../scripts/check-electron-current';

/** The registry's `time` object, as `npm view electron time --json` prints it (dates shortened). */
const published: Record<string, string> = {
  created: '2013-04-01T00:00:00.000Z',
  modified: '2026-12-03T15:00:00.000Z',
  '42.3.0': '2026-09-01T00:00:00.000Z',
  '43.0.0': '2026-09-20T00:00:00.000Z',
  '44.0.0': '2026-10-20T00:00:00.000Z',
  '45.0.0-beta.3': '2026-10-01T00:00:00.000Z',
  '45.0.0': '2026-11-01T00:00:00.000Z',
  '45.4.1': '2026-11-19T00:00:00.000Z',
  '45.5.0': '2026-11-24T00:00:00.000Z',
  '45.6.1': '2026-12-03T00:00:00.000Z',
  '46.0.0-alpha.1': '2026-12-01T00:00:00.000Z',
  '46.0.0-nightly.20261202': '2026-12-02T00:00:00.000Z',
};
const day = (iso: string) => new Date(`${iso}T12:00:00.000Z`);

describe("Electron's security checklist #16: a current Electron", () => {
  it('passes on the newest release of one of the three newest lines, prereleases aside', () => {
    expect(electronLag('45.6.1', published, day('2026-12-07'))).toEqual([]);
    expect(electronLag('43.0.0', published, day('2026-12-07'))).toEqual([]);
  });

  it('allows two weeks from the first newer release on the same line, then names the newest to take', () => {
    expect(GRACE_DAYS).toBe(14);
    // 45.5.0 came out on 2026-11-24, 45.6.1 on 2026-12-03.
    expect(electronLag('45.4.1', published, day('2026-12-08'))).toEqual([]);
    expect(electronLag('45.4.1', published, day('2026-12-09'))).toEqual([
      'Electron 45.4.1 is 15 days behind its line (45.5.0 came out on 2026-11-24): update to 45.6.1.',
    ]);
    expect(electronLag('45.4.1', published, day('2026-11-25'), 0)).toHaveLength(1);
  });

  it('fails a line Electron no longer supports, and a prerelease', () => {
    expect(electronLag('42.3.0', published, day('2026-12-07'))).toEqual([
      'Electron 42 is no longer supported: the supported lines are 45, 44, 43.',
    ]);
    expect(electronLag('45.0.0-beta.3', published, day('2026-12-07'))).toEqual([
      'Electron 45.0.0-beta.3 is not a stable release.',
    ]);
  });

  it('compares versions as numbers, not text', () => {
    const lines = { '45.9.0': '2026-11-01T00:00:00.000Z', '45.10.0': '2026-11-02T00:00:00.000Z' };
    expect(electronLag('45.10.0', lines, day('2026-12-07'))).toEqual([]);
    expect(electronLag('45.9.0', lines, day('2026-12-07'))).toEqual([
      'Electron 45.9.0 is 35 days behind its line (45.10.0 came out on 2026-11-02): update to 45.10.0.',
    ]);
    expect(
      electronLag('45.10.0', { ...lines, '45.10.1': '2026-11-03T00:00:00.000Z' }, day('2026-12-07')),
    ).toEqual([
      'Electron 45.10.0 is 34 days behind its line (45.10.1 came out on 2026-11-03): update to 45.10.1.',
    ]);
  });
});
