import { describe, expect, it } from 'vitest';

import { testServices } from './support/temp';

// The audit trail as the review's audit screen reads it, from a real SQLite file: who did what,
// when, to what, with what outcome, newest first, filtered as the screen filters.

describe('the audit trail', () => {
  it('is dated by the computer’s clock when the app gives the services no other', () => {
    const { audit } = testServices();
    const before = Date.now();
    audit.record({ action: 'integration.enable', target: 'clearbooks', outcome: 'success' });
    const at = Date.parse(audit.recent()[0]!.at);
    expect(at).toBeGreaterThanOrEqual(before - 1);
    expect(at).toBeLessThanOrEqual(Date.now());
  });

  it('keeps when, who, what, on what and how it ended; an event without detail reads back as {}', () => {
    let now = Date.parse('2026-11-21T09:00:00.000Z');
    const { audit } = testServices({ clock: () => new Date((now += 1000)) });
    audit.record({
      action: 'integration.enable',
      target: 'clearbooks',
      outcome: 'success',
      detail: { was: false },
    });
    audit.record({ action: 'link.open', target: 'sage:console', outcome: 'refused' });
    expect(audit.recent()).toEqual([
      {
        id: 2,
        at: '2026-11-21T09:00:02.000Z',
        actor: 'support-tester',
        action: 'link.open',
        target: 'sage:console',
        outcome: 'refused',
        detail: {},
      },
      {
        id: 1,
        at: '2026-11-21T09:00:01.000Z',
        actor: 'support-tester',
        action: 'integration.enable',
        target: 'clearbooks',
        outcome: 'success',
        detail: { was: false },
      },
    ]);
  });

  it('filters by action prefix, target and outcome together, newest first, up to the limit', () => {
    const { audit, review } = testServices();
    const events = [
      ['secret.reveal', 'conn-1', 'success'],
      ['secret.copy', 'conn-1', 'failed'],
      ['secret.reveal', 'conn-2', 'success'],
      ['settings.update', 'conn-1', 'success'],
      ['secret.compare', 'conn-1', 'success'],
    ] as const;
    for (const [action, target, outcome] of events) audit.record({ action, target, outcome });
    const shown = (filter: Parameters<typeof review.auditEvents>[0]) =>
      review.auditEvents(filter).map((e) => `${e.action} ${e.target} ${e.outcome}`);

    expect(shown({ limit: 10 })).toHaveLength(5);
    expect(shown({ action: 'secret.', limit: 10 })).toEqual([
      'secret.compare conn-1 success',
      'secret.reveal conn-2 success',
      'secret.copy conn-1 failed',
      'secret.reveal conn-1 success',
    ]);
    expect(shown({ action: 'secret.reveal', target: 'conn-1', limit: 10 })).toEqual([
      'secret.reveal conn-1 success',
    ]);
    expect(shown({ target: 'conn-1', outcome: 'success', limit: 10 })).toEqual([
      'secret.compare conn-1 success',
      'settings.update conn-1 success',
      'secret.reveal conn-1 success',
    ]);
    expect(shown({ outcome: 'failed', limit: 10 })).toEqual(['secret.copy conn-1 failed']);
    // A prefix matches from the start only.
    expect(shown({ action: 'reveal', limit: 10 })).toEqual([]);
    expect(shown({ target: 'conn-1', limit: 2 })).toEqual([
      'secret.compare conn-1 success',
      'settings.update conn-1 success',
    ]);
  });

  it('shows the latest 100 events unless asked for another number', () => {
    const { audit } = testServices();
    for (let i = 0; i < 102; i++)
      audit.record({ action: 'settings.update', target: `k${i}`, outcome: 'success' });
    const recent = audit.recent();
    expect(recent).toHaveLength(100);
    expect(recent[0]?.target).toBe('k101');
    expect(recent.at(-1)?.target).toBe('k2');
    expect(audit.recent(3).map((e) => e.target)).toEqual(['k101', 'k100', 'k99']);
  });
});
