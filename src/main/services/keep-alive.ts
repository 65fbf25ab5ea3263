import type { ConnectionSummary, Settings } from '@shared/ipc/schemas';
import { AppError } from '@shared/ipc/errors';
import { getPlatform, refreshTokenIdleLifetimeDays } from '@shared/platforms';
import type { AuditLog } from './audit';
import type { Clock } from './clock';
import type { Logger } from './log';

/** Refresh a link whose refresh token lapses within this many days. */
export const KEEP_ALIVE_WITHIN_DAYS = 7;
/** How often, while the app is open, links are looked at. */
export const KEEP_ALIVE_INTERVAL_MS = 30 * 60 * 1000;

const DAY_MS = 24 * 3600 * 1000;
/** Passing troubles: the link is tried again at the next look rather than given up for this lapse. */
const TRY_LATER: ReadonlySet<string> = new Set([
  'PROVIDER_UNAVAILABLE',
  'RATE_LIMITED',
  'KEYCHAIN_UNAVAILABLE',
]);

export interface KeepAliveDeps {
  connections: {
    list(): ConnectionSummary[];
    refresh(id: string): Promise<unknown>;
  };
  settings(): Pick<Settings, 'keepLinksAlive'>;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
}

/**
 * "Keep Sage links alive": Sage refresh tokens lapse after 31 unused days
 * (https://developer.sage.com/accounting/guides/authenticating/authentication/),
 * and this app is for offline review, so it refreshes nothing by itself unless
 * the setting is on. When it is, while the app is open, each link whose refresh
 * token lapses when unused and has under 7 days left is refreshed once (through
 * the connection service's own refresh: single flight, rotation saved first),
 * and every attempt that reached the provider is audited. A provider that
 * cannot be reached is tried again at the next look.
 */
export class KeepAliveService {
  /** Connection id → the refresh expiry it had when it was tried: once per lapse. */
  private readonly attempted = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: KeepAliveDeps) {}

  /** Looks now, then every KEEP_ALIVE_INTERVAL_MS until stop(). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), KEEP_ALIVE_INTERVAL_MS);
    this.timer.unref();
    void this.runOnce();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One look at every link; overlapping calls share the one in progress. */
  runOnce(): Promise<void> {
    this.running ??= this.look().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** The links that need a refresh now: lapsing when unused, linked, under 7 days left, not yet tried. */
  due(): ConnectionSummary[] {
    const now = this.deps.clock().getTime();
    return this.deps.connections.list().filter((c) => {
      if (c.kind !== 'oauth' || c.status !== 'linked' || c.refreshExpiresAt === null) return false;
      if (refreshTokenIdleLifetimeDays(getPlatform(c.platform)) === undefined) return false;
      const left = Date.parse(c.refreshExpiresAt) - now;
      // A lapsed token cannot be refreshed any more: only a new sign-in helps.
      if (!(left > 0 && left <= KEEP_ALIVE_WITHIN_DAYS * DAY_MS)) return false;
      return this.attempted.get(c.id) !== c.refreshExpiresAt;
    });
  }

  private async look(): Promise<void> {
    if (!this.deps.settings().keepLinksAlive) return;
    for (const connection of this.due()) {
      try {
        await this.deps.connections.refresh(connection.id);
        this.attempted.set(connection.id, connection.refreshExpiresAt!);
        this.deps.audit.record({
          action: 'connection.keepAlive',
          target: connection.id,
          outcome: 'success',
          detail: { platform: connection.platform },
        });
      } catch (error) {
        const code = error instanceof AppError ? error.code : 'INTERNAL';
        if (TRY_LATER.has(code)) {
          this.deps.log.warn('Keep-alive: not refreshed now, trying later', {
            platform: connection.platform,
            errorCode: code,
          });
          continue;
        }
        this.attempted.set(connection.id, connection.refreshExpiresAt!);
        this.deps.audit.record({
          action: 'connection.keepAlive',
          target: connection.id,
          outcome: 'failed',
          detail: { platform: connection.platform, code },
        });
      }
    }
  }
}
