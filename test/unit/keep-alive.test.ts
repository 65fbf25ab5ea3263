/**
 * "Keep Sage links alive": off by default; on, it refreshes (once, audited)
 * each Sage link with under 7 days left while the provider can be reached.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { ConnectionSummary } from '../../src/shared/ipc/schemas';
import { AppError } from '../../src/shared/ipc/errors';
import { KEEP_ALIVE_INTERVAL_MS, KeepAliveService } from '../../src/main/services/keep-alive';
import { startLinkingRig, type LinkingRig } from './support/linking';
import { captureLog } from './support/temp';

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

describe('keep links alive: when, and which links', () => {
  const now = new Date('2026-12-06T12:00:00.000Z');
  const inDays = (days: number, ms = 0) => new Date(now.getTime() + days * DAY + ms).toISOString();
  const summary = (id: string, over: Partial<ConnectionSummary>): ConnectionSummary => ({
    id,
    platform: 'sage',
    kind: 'oauth',
    label: `Company ${id}`,
    externalId: id,
    region: null,
    status: 'linked',
    scopes: [],
    tokenExpiresAt: null,
    refreshExpiresAt: inDays(3),
    createdAt: now.toISOString(),
    lastVerifiedAt: null,
    lastError: null,
    secretFingerprint: null,
    ...over,
  });

  /** The service over a list of links as the connection service shows them; `refresh` answers as told. */
  function keepAliveOver(links: ConnectionSummary[], refresh: (id: string) => Promise<unknown>) {
    const refreshed: string[] = [];
    const { lines, logger } = captureLog();
    const service = new KeepAliveService({
      connections: {
        list: () => links,
        refresh: (id) => {
          refreshed.push(id);
          return refresh(id);
        },
      },
      settings: () => ({ keepLinksAlive: true }),
      audit: rig.services.audit,
      clock: () => now,
      log: logger,
    });
    return { service, refreshed, lines };
  }

  afterEach(() => {
    vi.useRealTimers();
  });

  it('looks when the app starts, then every 30 minutes, and not after it stops', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    // Unreachable every time, so the link stays due at each look.
    const { service, refreshed } = keepAliveOver([summary('a', {})], async () => {
      throw new AppError('PROVIDER_UNAVAILABLE');
    });
    service.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(refreshed).toHaveLength(1);
    service.start(); // a second start (a window re-created) adds no second schedule
    await vi.advanceTimersByTimeAsync(KEEP_ALIVE_INTERVAL_MS - 1);
    expect(refreshed).toHaveLength(1);
    expect(KEEP_ALIVE_INTERVAL_MS).toBe(30 * 60 * 1000);
    await vi.advanceTimersByTimeAsync(1);
    expect(refreshed).toHaveLength(2);
    service.stop();
    await vi.advanceTimersByTimeAsync(3 * KEEP_ALIVE_INTERVAL_MS);
    expect(refreshed).toHaveLength(2);
  });

  it('refreshes linked Sage links with at most 7 days left and more than none, and nothing else', async () => {
    const { service, refreshed } = keepAliveOver(
      [
        summary('seven-days', { refreshExpiresAt: inDays(7) }),
        summary('a-moment', { refreshExpiresAt: inDays(0, 1) }),
        summary('a-moment-over', { refreshExpiresAt: inDays(7, 1) }),
        summary('lapsing-now', { refreshExpiresAt: inDays(0) }),
        // Told to sign in again (scopes changed): a refresh would not help.
        summary('needs-reauth', { status: 'needsReauth' }),
        // A provider that gave its refresh token a fixed life: refreshing does not extend it.
        summary('freshbooks', { platform: 'freshbooks' }),
      ],
      async () => undefined,
    );
    await service.runOnce();
    expect(refreshed).toEqual(['seven-days', 'a-moment']);
  });

  it('a refresh that leaves the lapse where it was is not repeated at every look; a new lapse is tried again', async () => {
    const link = summary('kept', {});
    const { service, refreshed } = keepAliveOver([link], async () => undefined);
    await service.runOnce();
    await service.runOnce();
    expect(refreshed).toEqual(['kept']);
    link.refreshExpiresAt = inDays(2);
    await service.runOnce();
    expect(refreshed).toEqual(['kept', 'kept']);
  });

  it('an unexpected failure is audited once as INTERNAL; a locked keychain is logged and tried later', async () => {
    let failure: unknown = new AppError('KEYCHAIN_UNAVAILABLE');
    const { service, refreshed, lines } = keepAliveOver([summary('k', {})], async () => {
      throw failure;
    });
    await service.runOnce();
    expect(keepAliveAudits()).toEqual([]);
    expect(lines).toEqual([
      'WARN Keep-alive: not refreshed now, trying later {"platform":"sage","errorCode":"KEYCHAIN_UNAVAILABLE"}',
    ]);
    failure = new TypeError('unexpected');
    await service.runOnce();
    await service.runOnce();
    expect(refreshed).toEqual(['k', 'k']);
    expect(keepAliveAudits()).toEqual([
      expect.objectContaining({
        target: 'k',
        outcome: 'failed',
        detail: { platform: 'sage', code: 'INTERNAL' },
      }),
    ]);
  });
});
