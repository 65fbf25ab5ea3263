import { describe, expect, it } from 'vitest';

import { DEFAULT_ENDPOINTS } from '../../src/main/platforms/endpoints';
import { EXTERNAL_HOSTS } from '../../src/main/services/links';
import { getPlatform, PLATFORMS } from '../../src/shared/platforms';
import { testServices } from './support/temp';

describe('platform links', () => {
  it('opens only the definition’s own https URL in the system browser', async () => {
    const services = testServices();
    await expect(services.links.openPlatformLink('zohobooks', 'console')).resolves.toEqual({ opened: true });
    expect(services.opened).toEqual(['https://api-console.zoho.com/']);
    await expect(services.links.openPlatformLink('clearbooks', 'console')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('refuses and audits a definition link over plain http or to a host no platform names, opening nothing', async () => {
    const services = testServices();
    const links = getPlatform('sage').links as Array<{ id: string; url: string }>;
    const kept = links.map((l) => ({ ...l }));
    try {
      const consoleLink = links.find((l) => l.id === 'console')!;
      for (const url of [consoleLink.url.replace('https:', 'http:'), 'https://sage.example.net/']) {
        consoleLink.url = url;
        await expect(services.links.openPlatformLink('sage', 'console')).rejects.toMatchObject({
          code: 'LINK_NOT_ALLOWED',
        });
      }
    } finally {
      links.forEach((l, i) => Object.assign(l, kept[i]));
    }
    expect(services.opened).toEqual([]);
    expect(services.audit.recent()).toEqual([
      expect.objectContaining({ action: 'link.open', target: 'sage:console', outcome: 'refused' }),
      expect.objectContaining({ action: 'link.open', target: 'sage:console', outcome: 'refused' }),
    ]);
  });

  it('sends the system browser only where a page links or a sign-in starts: every allowed host is needed', () => {
    // Sign-in pages (authorize endpoints, every Zoho data centre's accounts server) and the links the
    // set-up pages show. An API host (Clear Books' SOAP server) is never a page to open.
    const signIn = [
      DEFAULT_ENDPOINTS.sage.authorizeUrl,
      DEFAULT_ENDPOINTS.freshbooks.authorizeUrl,
      DEFAULT_ENDPOINTS.zohobooks.authorizeUrl,
      ...Object.values(DEFAULT_ENDPOINTS.zohobooks.accountsServers),
    ];
    const pages = [...signIn, ...PLATFORMS.flatMap((p) => p.links.map((l) => l.url))];
    const needed = new Set(pages.map((url) => new URL(url).hostname));
    expect([...EXTERNAL_HOSTS].sort()).toEqual([...needed].sort());
    expect(EXTERNAL_HOSTS.has(new URL(DEFAULT_ENDPOINTS.clearbooks.soapUrl).hostname)).toBe(false);
  });
});
