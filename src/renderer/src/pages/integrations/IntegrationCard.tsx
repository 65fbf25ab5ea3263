import { Badge, Button, Card, Group, Stack, Switch, Text, Title } from '../../mantine-first-screen';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcError } from '@shared/ipc/errors';
import type { IntegrationSummary } from '@shared/ipc/schemas';
import type { PlatformDefinition } from '@shared/platforms';
import { errorText } from '../../i18n/error-text';
import { ErrorAlert } from '../../components/ErrorAlert';

interface IntegrationCardProps {
  definition: PlatformDefinition;
  summary: IntegrationSummary;
  error: IpcError | undefined;
  onToggle: (enabled: boolean) => void;
  onOpen: () => void;
}

export function IntegrationCard({ definition, summary, error, onToggle, onOpen }: IntegrationCardProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const { name } = definition;

  // NOT_CONFIGURED gets the platform's own "what to do first"; other codes their generic sentence.
  const errorMessage =
    error?.code === 'NOT_CONFIGURED'
      ? t([`platforms.${definition.id}.enableFirst`, 'errors.NOT_CONFIGURED'])
      : error && errorText(t, error);

  return (
    <Card withBorder padding="lg" data-testid={`integration-${definition.id}`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="lg">
        <Stack gap="xs">
          <Title order={2} size="h4" id={headingId}>
            {name}
          </Title>
          <Text size="sm" c="dimmed">
            {t(`platforms.${definition.id}.description`)}
          </Text>
          <Group gap="xs">
            <Badge variant="light" color={summary.configured ? 'teal' : 'gray'}>
              {summary.configured ? t('integrations.configured') : t('integrations.notConfigured')}
            </Badge>
            <Badge variant="light" color={summary.enabled ? 'blue' : 'gray'}>
              {summary.enabled ? t('common.enabled') : t('common.disabled')}
            </Badge>
            {summary.retired && (
              <Badge variant="light" color="orange" data-testid={`retired-${definition.id}`}>
                {t('integrations.retired')}
              </Badge>
            )}
          </Group>
          {summary.retired && (
            <Text size="sm">
              {t([`platforms.${definition.id}.retired`, 'integrations.retiredHelp'], { name })}
            </Text>
          )}
        </Stack>
        <Stack gap="sm" align="flex-end" className="desk-keep-width">
          <Switch
            checked={summary.enabled}
            onChange={(event) => onToggle(event.currentTarget.checked)}
            label={t('integrations.enable', { name })}
            labelPosition="left"
          />
          {/* The name stays "Set up"/"Manage"; the platform heading describes which one. */}
          <Button variant="default" onClick={onOpen} aria-describedby={headingId}>
            {summary.configured ? t('integrations.manage') : t('integrations.setUp')}
          </Button>
        </Stack>
      </Group>
      {errorMessage && <ErrorAlert mt="md">{errorMessage}</ErrorAlert>}
    </Card>
  );
}
