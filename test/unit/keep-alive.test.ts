/**
 * "Keep Sage links alive": off by default; on, it refreshes (once, audited)
 * each Sage link with under 7 days left while the provider can be reached.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startLinkingRig, type LinkingRig } from './support/linking';

let rig: LinkingRig;
beforeEach(async () => {
  rig = await startLinkingRig();
});
afterEach(async () => rig.close());

const DAY = 24 * 3600 * 1000;
const lapsesIn = (id: string, days: number) =>
  rig.services.db
    .prepare('UPDATE connections SET refresh_expires_at = ? WHERE id = ?')
    .run(new Date(Date.now() + days * DAY).toISOString(), id);
const keepAliveAudits = () =>
  rig.services.audit.recent(50).filter((e) => e.action === 'connection.keepAlive');

describe('keep links alive', () => {
  it('is off by default: nothing is refreshed, and Review still shows when each Sage link lapses', async () => {
    const id = await rig.link('sage');
    lapsesIn(id, 3);
    expect(rig.services.settings.get().keepLinksAlive).toBe(false);
    await rig.services.keepAlive.runOnce();
    expect(rig.fakes.sage.tokenRequests('refresh_token')).toHaveLength(0);
    const row = rig.services.review.currentReview().rows.find((r) => r.id === id)!;
    expect(Date.parse(row.refreshExpiresAt!) - Date.now()).toBeGreaterThan(2.9 * DAY);
    expect(row.problems).toContain('refreshTokenExpiring');
  });

  it('on: refreshes each Sage link with under 7 days left, once, and audits it', async () => {
    const due = await rig.link('sage');
    lapsesIn(due, 6.5);
    rig.services.settings.update({ keepLinksAlive: true });
    const zoho = await rig.link('zohobooks'); // Zoho refresh tokens do not lapse: never touched
    await rig.services.keepAlive.runOnce();
    expect(rig.fakes.sage.tokenRequests('refresh_token')).toHaveLength(1);
    expect(rig.fakes.zoho.tokenRequests('refresh_token')).toHaveLength(0);
    // The rotated refresh token lives 31 days from now.
    const lapse = Date.parse(rig.services.connections.get(due).refreshExpiresAt!);
    expect(lapse - Date.now()).toBeGreaterThan(30 * DAY);
    expect(keepAliveAudits()).toEqual([
      expect.objectContaining({ target: due, outcome: 'success', detail: { platform: 'sage' } }),
    ]);
    await rig.services.keepAlive.runOnce();
    expect(rig.fakes.sage.tokenRequests('refresh_token')).toHaveLength(1);
    expect(rig.services.connections.get(zoho).status).toBe('linked');
  });

  it('leaves links with more than 7 days left, and lapsed ones, alone', async () => {
    rig.services.settings.update({ keepLinksAlive: true });
    const later = await rig.link('sage');
    lapsesIn(later, 8);
    rig.fakes.sage.businesses = [{ id: 'b'.repeat(32), displayed_as: 'Lapsed Ltd' }];
    const lapsed = await rig.link('sage');
    lapsesIn(lapsed, -1);
    await rig.services.keepAlive.runOnce();
    expect(rig.fakes.sage.tokenRequests('refresh_token')).toHaveLength(0);
    expect(keepAliveAudits()).toEqual([]);
  });

  it('an unreachable or throttling provider is tried again at the next look; a refused refresh is tried only once', async () => {
    rig.services.settings.update({ keepLinksAlive: true });
    const id = await rig.link('sage');
    lapsesIn(id, 2);
    rig.fakes.sage.behaviour.tokenResponses.push({ status: 503, body: { error: 'temporarily_unavailable' } });
    rig.fakes.sage.behaviour.tokenResponses.push({ status: 503, body: { error: 'temporarily_unavailable' } });
    rig.fakes.sage.behaviour.tokenResponses.push({ status: 503, body: { error: 'temporarily_unavailable' } });
    await rig.services.keepAlive.runOnce();
    expect(keepAliveAudits()).toEqual([]);
    // Throttled (a 429 with no Retry-After is not retried within the look): tried again at the next.
    rig.fakes.sage.behaviour.tokenResponses.push({ status: 429, body: { error: 'rate_limited' } });
    await rig.services.keepAlive.runOnce();
    expect(keepAliveAudits()).toEqual([]);
    rig.fakes.sage.behaviour.tokenResponses.push({
      status: 400,
      body: { error: 'invalid_grant' },
      sticky: true,
    });
    await rig.services.keepAlive.runOnce();
    await rig.services.keepAlive.runOnce();
    expect(keepAliveAudits()).toEqual([
      expect.objectContaining({
        target: id,
        outcome: 'failed',
        detail: { platform: 'sage', code: 'INVALID_GRANT' },
      }),
    ]);
    // 3 attempts (with retries) while unreachable, 1 throttled, then 1 refused; nothing after.
    expect(rig.fakes.sage.tokenRequests('refresh_token')).toHaveLength(5);
    expect(rig.services.connections.get(id).status).toBe('needsReauth');
  });
});
