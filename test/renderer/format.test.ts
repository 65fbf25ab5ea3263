import { describe, expect, it } from 'vitest';

import { formatDateTime, formatTime, formatWhen, shortFingerprint } from '../../src/renderer/src/format';

describe('dates and times as the screens show them', () => {
  // Local time: "today" is the machine's day, as for the user.
  const now = new Date(2026, 10, 20, 9, 30);
  const laterToday = new Date(2026, 10, 20, 15, 45).toISOString();
  const tomorrow = new Date(2026, 10, 21, 15, 45).toISOString();

  it('names a time later today alone, and another day with its date, in English and French', () => {
    for (const language of ['en-CA', 'fr-CA']) {
      const timeOnly = new Intl.DateTimeFormat(language, { timeStyle: 'short' });
      const withDate = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short' });
      expect(formatWhen(laterToday, language, now)).toBe(timeOnly.format(new Date(laterToday)));
      expect(formatWhen(tomorrow, language, now)).toBe(withDate.format(new Date(tomorrow)));
    }
    expect(formatWhen(tomorrow, 'fr-CA', now)).toContain('novembre');
  });

  it('shows a value that is not a date as it came instead of failing', () => {
    for (const format of [formatDateTime, formatTime, formatWhen]) {
      expect(format('not a date', 'en-CA')).toBe('not a date');
      expect(format('pas une date', 'fr-CA')).toBe('pas une date');
    }
  });
});

describe('fingerprints in a table cell', () => {
  it('drops the algorithm and keeps four groups, with … only when some were cut', () => {
    expect(shortFingerprint('hmac-sha256:9f3a 1c07 aa10 be42')).toBe('9f3a 1c07 aa10 be42');
    expect(shortFingerprint('hmac-sha256:9f3a 1c07 aa10 be42 77d1')).toBe('9f3a 1c07 aa10 be42…');
  });
});
