import { List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import {
  credentialKindFor,
  linkableRegions,
  type PlatformDefinition,
  type RegionInfo,
} from '@shared/platforms';
import { regionSummaryKeys } from './catalog-keys';
import { regionName } from './summary-text';

/**
 * Which countries the chosen credential kind covers, those where the provider
 * stopped selling (never shown as plainly supported), and those the integration
 * does not support at all.
 */
export function RegionSummary({
  definition,
  options,
}: {
  definition: PlatformDefinition;
  options: Record<string, unknown>;
}) {
  const { t } = useTranslation();
  const keys = regionSummaryKeys(definition);
  const kind = credentialKindFor(definition, options);
  const ofKind = (r: RegionInfo) => !kind || kind.regions.includes(r.id);
  const covered = linkableRegions(definition).filter(ofKind);
  const noLongerSold = definition.regions.filter((r) => r.support === 'noLongerSold' && ofKind(r));
  const unsupported = definition.regions.filter((r) => r.support === 'notSupported');
  return (
    <Stack gap="xs" data-testid="region-summary">
      <Text size="sm" fw={500}>
        {t(keys.covered)}
      </Text>
      <List size="sm">
        {covered.map((region) => (
          <List.Item key={region.id}>{regionName(t, definition, region.id)}</List.Item>
        ))}
      </List>
      {noLongerSold.length > 0 && (
        <>
          <Text size="sm" fw={500}>
            {t(keys.noLongerSold)}
          </Text>
          <List size="sm" data-testid="regions-no-longer-sold">
            {noLongerSold.map((region) => (
              <List.Item key={region.id}>{regionName(t, definition, region.id)}</List.Item>
            ))}
          </List>
        </>
      )}
      {unsupported.length > 0 && (
        <>
          <Text size="sm" fw={500}>
            {t(keys.notSupported)}
          </Text>
          <List size="sm">
            {unsupported.map((region) => (
              <List.Item key={region.id}>{regionName(t, definition, region.id)}</List.Item>
            ))}
          </List>
        </>
      )}
    </Stack>
  );
}
