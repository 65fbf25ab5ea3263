import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { tempDir, testServices } from './support/temp';

describe('start-up', () => {
  it('moves an unreadable database aside, tells the user, and audits it', () => {
    const dataDir = tempDir();
    const file = join(dataDir, 'integration-desk.sqlite');
    writeFileSync(file, 'garbage'.repeat(1000));
    const services = testServices({ dataDir, clock: () => new Date('2026-11-21T08:00:00Z') });
    expect(services.startupNotices().notices).toEqual([
      {
        kind: 'databaseMovedAside',
        fileName: 'integration-desk.sqlite.corrupt-2026-11-21T08-00-00-000Z',
        at: '2026-11-21T08:00:00.000Z',
        reason: 'corrupt',
      },
    ]);
    const movedTo = 'integration-desk.sqlite.corrupt-2026-11-21T08-00-00-000Z';
    expect(services.audit.recent(1)[0]).toMatchObject({
      action: 'database.movedAside',
      target: movedTo,
      outcome: 'success',
      detail: { reason: 'corrupt' },
    });
    // Support finds in the log which file was set aside and why.
    expect(services.logLines).toEqual([
      `WARN Unreadable database moved aside {"fileName":"${movedTo}","reason":"corrupt"}`,
    ]);
  });

  it('says the keychain is being checked until the probe ends, then which state it found', async () => {
    const noBus = () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'));
    const services = testServices({
      secrets: { set: noBus, get: noBus, delete: noBus, accounts: noBus, entries: noBus },
    });
    expect(services.startupNotices()).toEqual({ notices: [], checking: true });
    expect(await services.reconciliation.run()).toBeNull();
    expect(services.startupNotices()).toEqual({
      notices: [{ kind: 'keychain', health: 'unavailable', missingLibrary: null }],
      checking: false,
    });
    const healthy = testServices();
    expect(await healthy.reconciliation.run()).not.toBeNull();
    expect(healthy.startupNotices()).toEqual({ notices: [], checking: false });
  });
});
