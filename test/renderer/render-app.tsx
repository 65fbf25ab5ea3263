import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect } from 'vitest';

import { App } from '../../src/renderer/src/App';
import { startBoot } from '../../src/renderer/src/boot';
import { createFakeApi, type FakeApiOptions } from './fake-api';

/** Renders the whole renderer against a fresh fake api, as main.tsx does, and waits for the first screen. */
export async function renderApp(options?: FakeApiOptions) {
  const fake = createFakeApi(options);
  window.api = fake.api;
  const user = userEvent.setup();
  render(<App boot={startBoot()} />);
  await screen.findByRole('heading', { level: 1 });
  return { fake, user };
}

/** Starts the app, then waits for the integration list to arrive. */
export async function renderIntegrations(options?: FakeApiOptions) {
  const rendered = await renderApp(options);
  await screen.findByTestId('integration-clearbooks');
  return rendered;
}

/** Starts the app and opens the Connections screen (loaded on first visit), once its list has arrived. */
export async function renderConnections(options?: FakeApiOptions) {
  const rendered = await renderApp(options);
  await rendered.user.click(screen.getByRole('link', { name: 'Connections' }));
  await screen.findByRole('heading', { level: 1, name: 'Connections' }, { timeout: 8000 });
  await screen.findByRole('heading', { level: 2, name: 'Linked companies' });
  await waitFor(() => expect(screen.queryByText('Loading connections…')).not.toBeInTheDocument());
  return rendered;
}
