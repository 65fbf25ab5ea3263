import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { App } from '../../src/renderer/src/App';
import { createFakeApi, type FakeApiOptions } from './fake-api';

/** Renders the whole renderer against a fresh fake api, as main.tsx does, and waits for the first screen. */
export async function renderApp(options?: FakeApiOptions) {
  const fake = createFakeApi(options);
  window.api = fake.api;
  const user = userEvent.setup();
  render(<App />);
  await screen.findByRole('heading', { level: 1 });
  return { fake, user };
}

/** Starts the app, then waits for the integration list to arrive. */
export async function renderIntegrations(options?: FakeApiOptions) {
  const rendered = await renderApp(options);
  await screen.findByTestId('integration-clearbooks');
  return rendered;
}
