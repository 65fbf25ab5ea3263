import { describe, expect, it } from 'vitest';

import { getPlatform } from '../../src/shared/platforms';
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
});
