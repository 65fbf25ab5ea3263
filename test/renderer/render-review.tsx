import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent, { type Options as UserEventOptions } from '@testing-library/user-event';
import { expect } from 'vitest';

import { App } from '../../src/renderer/src/App';
import { startBoot } from '../../src/renderer/src/boot';
import { createFakeReviewApi, type FakeReviewOptions } from './fake-review-api';

/** Starts the app against the review fake and opens the Review screen (loaded on first visit) once its rows are in. */
export async function renderReview(options?: FakeReviewOptions, userOptions?: UserEventOptions) {
  const fake = createFakeReviewApi(options);
  window.api = fake.api;
  const user = userEvent.setup(userOptions);
  render(<App boot={startBoot()} />);
  await screen.findByRole('heading', { level: 1 });
  const french = options?.settings?.language === 'fr-CA';
  await user.click(screen.getByRole('link', { name: french ? 'Révision' : 'Review' }));
  // The screen's code loads on its first visit: slow on a busy machine the first time under test.
  await screen.findByRole('heading', { level: 1, name: french ? 'Révision' : 'Review' }, { timeout: 8000 });
  await waitFor(() =>
    expect(
      screen.queryByText(french ? 'Chargement de la révision…' : 'Loading the review…'),
    ).not.toBeInTheDocument(),
  );
  return { fake, user };
}

/** Opens the audit tab (named `tab`) and returns every cell of its table but the date, row by row, newest first. */
export async function auditCells(user: Awaited<ReturnType<typeof renderReview>>['user'], tab: RegExp) {
  await user.click(screen.getByRole('tab', { name: tab }));
  const table = await screen.findByRole('table', { name: tab });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) =>
      within(r)
        .getAllByRole('cell')
        .slice(2)
        .map((c) => c.textContent),
    );
}
