import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { renderApp, renderIntegrations } from './render-app';

const configuredSage = {
  clientId: 'sage-client-1234',
  secrets: { clientSecret: 'sage-secret-value' },
  configuredAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
};

const card = (platform: string) => within(screen.getByTestId(`integration-${platform}`));

describe('Integrations screen', () => {
  it('lists the four platforms in order, each with its state', async () => {
    await renderIntegrations({ integrations: { sage: { ...configuredSage, enabled: true } } });

    expect(screen.getByRole('heading', { level: 1, name: 'Integrations' })).toBeInTheDocument();
    expect(screen.getAllByTestId(/^integration-/).map((el) => el.dataset['testid'])).toEqual([
      'integration-clearbooks',
      'integration-zohobooks',
      'integration-sage',
      'integration-freshbooks',
    ]);

    // Clear Books needs no app registration, so it counts as set up from the start.
    expect(card('clearbooks').getByText('Set up', { selector: '.mantine-Badge-label' })).toBeInTheDocument();
    expect(card('clearbooks').getByRole('switch', { name: 'Enable Clear Books' })).not.toBeChecked();
    expect(card('clearbooks').getByRole('button', { name: 'Manage' })).toBeInTheDocument();

    expect(card('zohobooks').getByText('Not set up')).toBeInTheDocument();
    expect(card('zohobooks').getByText('Disabled')).toBeInTheDocument();
    expect(card('zohobooks').getByRole('button', { name: 'Set up' })).toHaveAccessibleDescription(
      'Zoho Books',
    );

    expect(card('sage').getByText('Enabled')).toBeInTheDocument();
    expect(card('sage').getByRole('switch', { name: 'Enable Sage Accounting' })).toBeChecked();
    expect(card('sage').getByRole('button', { name: 'Manage' })).toBeInTheDocument();

    expect(card('freshbooks').getByRole('heading', { name: 'FreshBooks' })).toBeInTheDocument();
    expect(card('freshbooks').getByText(/Classic accounts are not supported/)).toBeInTheDocument();
  });

  it('enables Clear Books at once, and disables it again', async () => {
    const { fake, user } = await renderIntegrations();
    const toggle = card('clearbooks').getByRole('switch', { name: 'Enable Clear Books' });

    await user.click(toggle);
    await waitFor(() => expect(card('clearbooks').getByText('Enabled')).toBeInTheDocument());
    expect(toggle).toBeChecked();
    expect(fake.inputsOf('setIntegrationEnabled')).toEqual([{ platform: 'clearbooks', enabled: true }]);
    expect(fake.integration('clearbooks').enabled).toBe(true);

    await user.click(toggle);
    await waitFor(() => expect(card('clearbooks').getByText('Disabled')).toBeInTheDocument());
    expect(toggle).not.toBeChecked();
    expect(fake.integration('clearbooks').enabled).toBe(false);
  });

  it('moves the switch at once, then back with what to do first when Zoho Books is not set up', async () => {
    const { fake, user } = await renderIntegrations();
    const toggle = card('zohobooks').getByRole('switch', { name: 'Enable Zoho Books' });
    const release = fake.pause('setIntegrationEnabled');

    await user.click(toggle);
    expect(toggle).toBeChecked(); // optimistic, while main has not answered
    release();

    const alert = await card('zohobooks').findByRole('alert');
    expect(alert).toHaveTextContent(
      "Zoho Books can't be enabled yet: register an app in Zoho's API console, then save its client ID and client secret here.",
    );
    expect(toggle).not.toBeChecked();
    expect(card('zohobooks').getByText('Disabled')).toBeInTheDocument();
    expect(fake.integration('zohobooks').enabled).toBe(false);
    // The explanation sits next to Zoho Books only.
    expect(screen.getAllByRole('alert')).toHaveLength(1);
  });

  it('names the right portal for Sage Accounting and FreshBooks', async () => {
    const { user } = await renderIntegrations();
    await user.click(screen.getByRole('switch', { name: 'Enable Sage Accounting' }));
    await user.click(screen.getByRole('switch', { name: 'Enable FreshBooks' }));

    expect(await card('sage').findByRole('alert')).toHaveTextContent(/developer self-service portal/);
    expect(await card('freshbooks').findByRole('alert')).toHaveTextContent(
      /Private App in the FreshBooks developer portal/,
    );
  });

  it('rolls back and shows the translated message for any other error', async () => {
    const { fake, user } = await renderIntegrations({ failures: { setIntegrationEnabled: 'DB_BUSY' } });
    const toggle = screen.getByRole('switch', { name: 'Enable Clear Books' });

    await user.click(toggle);
    expect(await card('clearbooks').findByRole('alert')).toHaveTextContent(
      'The data file is busy. Wait a moment and try again.',
    );
    expect(toggle).not.toBeChecked();

    // Trying again clears the old message.
    fake.setFailure('setIntegrationEnabled', null);
    await user.click(toggle);
    await waitFor(() => expect(toggle).toBeChecked());
    expect(card('clearbooks').queryByRole('alert')).not.toBeInTheDocument();
  });

  it('rolls back when the bridge itself fails', async () => {
    const { user } = await renderIntegrations();
    window.api.setIntegrationEnabled = () => Promise.reject(new Error('bridge down'));
    const toggle = screen.getByRole('switch', { name: 'Enable Clear Books' });

    await user.click(toggle);
    expect(await card('clearbooks').findByRole('alert')).toHaveTextContent(/Something went wrong/);
    expect(toggle).not.toBeChecked();
  });

  it('reaches the Clear Books switch with Tab and toggles it with Space', async () => {
    const { fake, user } = await renderIntegrations();
    const toggle = screen.getByRole('switch', { name: 'Enable Clear Books' });

    const visited: Element[] = [];
    while (document.activeElement !== toggle && visited.length < 10) {
      await user.tab();
      if (document.activeElement) visited.push(document.activeElement);
    }
    expect(toggle).toHaveFocus();
    // Only the navigation links come before it.
    expect(visited.slice(0, -1).map((el) => el.textContent)).toEqual([
      'Integrations',
      'Connections',
      'Review',
      'Settings',
    ]);

    await user.keyboard(' ');
    await waitFor(() => expect(toggle).toBeChecked());
    expect(fake.inputsOf('setIntegrationEnabled')).toEqual([{ platform: 'clearbooks', enabled: true }]);
  });

  it('says why the list could not load and loads it on request', async () => {
    const { fake, user } = await renderApp({ failures: { listIntegrations: 'KEYCHAIN_UNAVAILABLE' } });
    expect(await screen.findByRole('alert')).toHaveTextContent(/keychain is not available/);
    expect(screen.queryByTestId('integration-clearbooks')).not.toBeInTheDocument();

    fake.setFailure('listIntegrations', null);
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('integration-clearbooks')).toBeInTheDocument();
  });
});
