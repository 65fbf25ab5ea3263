import { describe, expect, it } from 'vitest';

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
});
