import { AppError } from '@shared/ipc/errors';
import { getPlatform, PLATFORMS, type PlatformId, type PlatformLink } from '@shared/platforms';
import { isAllowedExternalUrl } from '../security/external-links';
import type { AuditLog } from './audit';

/** Every host the system browser may be sent to: the platforms' consoles, docs and sign-in pages. */
export const EXTERNAL_HOSTS: ReadonlySet<string> = new Set(PLATFORMS.flatMap((p) => p.externalHosts));

/**
 * Opens a platform's documentation or console in the system browser. The
 * renderer names a link; main builds the URL from the definition, so no
 * renderer string ever reaches the system browser.
 */
export class LinkService {
  constructor(
    private readonly openExternal: (url: string) => Promise<void>,
    private readonly audit: AuditLog,
  ) {}

  async openPlatformLink(platform: PlatformId, linkId: PlatformLink['id']): Promise<{ opened: boolean }> {
    const link = getPlatform(platform).links.find((l) => l.id === linkId);
    if (!link) throw new AppError('NOT_FOUND', `${platform} has no ${linkId} link`);
    if (!isAllowedExternalUrl(link.url, EXTERNAL_HOSTS)) {
      this.audit.record({ action: 'link.open', target: `${platform}:${linkId}`, outcome: 'refused' });
      throw new AppError('LINK_NOT_ALLOWED');
    }
    await this.openExternal(link.url);
    return { opened: true };
  }
}
