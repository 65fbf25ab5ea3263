import { Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import type { IntegrationSummary } from '@shared/ipc/schemas';
import type { PlatformDefinition } from '@shared/platforms';
import { api } from '../../../api';
import { DeskModal } from '../../../components/DeskModal';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useApiAction } from '../../../use-api-action';

interface EnableButtonsProps {
  definition: PlatformDefinition;
  /** Enabled (with main's new summary) or left for later (null). */
  onDone: (enabled: IntegrationSummary | null) => void;
  autoFocusEnable?: boolean;
}

/** "Enable now" or "Later": enabling goes to main, and a refusal is said next to the buttons. */
export function EnableButtons({ definition, onDone, autoFocusEnable = false }: EnableButtonsProps) {
  const { t } = useTranslation();
  const { working, error, run } = useApiAction(() =>
    api().setIntegrationEnabled({ platform: definition.id, enabled: true }),
  );

  async function enable() {
    const result = await run();
    if (result?.ok) onDone(result.value);
  }

  return (
    <Stack gap="sm">
      <ErrorAlert error={error} />
      <Group justify="flex-end">
        <Button variant="default" onClick={() => onDone(null)} disabled={working}>
          {t('wizard.enable.later')}
        </Button>
        <Button onClick={() => void enable()} loading={working} data-autofocus={autoFocusEnable || undefined}>
          {t('wizard.enable.now')}
        </Button>
      </Group>
    </Stack>
  );
}

interface EnableDialogProps {
  definition: PlatformDefinition;
  opened: boolean;
  onDone: (enabled: IntegrationSummary | null) => void;
}

/** Asked right after the first save, as the providers' own set-up guides do. */
export function EnableDialog({ definition, opened, onDone }: EnableDialogProps) {
  const { t } = useTranslation();
  return (
    <DeskModal
      opened={opened}
      onClose={() => onDone(null)}
      title={t('wizard.enable.title', { name: definition.name })}
      // The step behind it changes: the wizard moves focus itself.
      returnFocus={false}
    >
      <Stack gap="md">
        <Text>{t('wizard.enable.text', { name: definition.name })}</Text>
        <EnableButtons definition={definition} onDone={onDone} autoFocusEnable />
      </Stack>
    </DeskModal>
  );
}
