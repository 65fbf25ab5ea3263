import { screen } from '@testing-library/react';
import { expect, it, vi } from 'vitest';

import { createFakeApi } from './fake-api';

// How many calls had gone out when the app's own modules (App and everything it draws) began to load.
const seen = vi.hoisted(() => ({ callsMade: (): number => 0, callsBeforeApp: -1 }));
vi.mock('../../src/renderer/src/App', async (importOriginal) => {
  seen.callsBeforeApp = seen.callsMade();
  return importOriginal();
});

it('sends the first screen’s three calls before the app’s modules are evaluated, and draws the list from their answers', async () => {
  const fake = createFakeApi();
  window.api = fake.api;
  seen.callsMade = () => fake.calls.length;
  document.body.innerHTML = '<div id="root"></div>';

  await import('../../src/renderer/src/main');

  expect(seen.callsBeforeApp).toBe(3);
  expect(fake.calls.map((c) => c.channel).sort()).toEqual([
    'getSettings',
    'getStartupNotices',
    'listIntegrations',
  ]);
  expect(await screen.findByTestId('integration-clearbooks', {}, { timeout: 5_000 })).toBeInTheDocument();
  // The list on screen is the one asked for before React started: no second round trip.
  expect(fake.inputsOf('listIntegrations')).toHaveLength(1);
});
