import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { loadLanguage } from '../../src/renderer/src/i18n';
import { OptionInputs } from '../../src/renderer/src/pages/integrations/setup/OptionInputs';
import { getPlatform, type PlatformDefinition } from '../../src/shared/platforms';

const zoho = getPlatform('zohobooks');

/** Zoho's options with the data centres given, as a platform whose list holds every kind of support would show them. */
function renderRegions(regions: PlatformDefinition['regions']) {
  const onChange = vi.fn();
  const definition = { ...zoho, regions };
  render(
    <MantineProvider>
      <OptionInputs
        definition={definition}
        options={zoho.setup.options.filter((o) => o.kind === 'regions')}
        values={{ regions: [] }}
        onChange={onChange}
        errors={{}}
      />
    </MantineProvider>,
  );
  return { onChange, group: within(screen.getByRole('group', { name: /Data centres enabled for the app/ })) };
}

describe('region option', () => {
  it('offers each linkable region once and shows, not offers, the others with the reason', async () => {
    await loadLanguage('en');
    const { onChange, group } = renderRegions([
      { id: 'us', support: 'supported' },
      { id: 'uk', support: 'unconfirmed' },
      { id: 'eu', support: 'noLongerSold' },
      { id: 'cn', support: 'notSupported' },
    ]);
    const boxes = group.getAllByRole('checkbox');
    expect(boxes.map((b) => b.getAttribute('value'))).toEqual(['us', 'uk', 'eu', 'cn']);
    expect(group.getByRole('checkbox', { name: 'United States' })).toBeEnabled();
    expect(group.getByRole('checkbox', { name: 'United States' })).not.toHaveAccessibleDescription();
    expect(group.getByRole('checkbox', { name: 'United Kingdom' })).toBeEnabled();
    expect(group.getByRole('checkbox', { name: 'European Union' })).toBeDisabled();
    expect(group.getByRole('checkbox', { name: 'European Union' })).toHaveAccessibleDescription(
      /No longer sold by the provider/,
    );
    expect(group.getByRole('checkbox', { name: 'China' })).toBeDisabled();
    expect(group.getByRole('checkbox', { name: 'China' })).toHaveAccessibleDescription(/Not supported/);

    const user = userEvent.setup();
    await user.click(group.getByRole('checkbox', { name: 'China' }));
    expect(onChange).not.toHaveBeenCalled();
    await user.click(group.getByRole('checkbox', { name: 'United Kingdom' }));
    expect(onChange).toHaveBeenCalledWith('regions', ['uk']);
  });
});
