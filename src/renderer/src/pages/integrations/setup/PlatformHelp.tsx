import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { PlatformDefinition, PlatformLink, SetupStepId } from '@shared/platforms';
import { api } from '../../../api';
import { CopyValueButton } from '../../../components/CopyValueButton';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useApiAction } from '../../../use-api-action';
import { ownOrShared } from './catalog-keys';
import { notesFor } from './model';

const NOTE_COLORS = { info: 'blue', warning: 'orange', tip: 'teal' } as const;

/** The definition's notes for a step. */
export function Notes({ definition, step }: { definition: PlatformDefinition; step: SetupStepId }) {
  const { t } = useTranslation();
  const notes = notesFor(definition, step);
  if (notes.length === 0) return null;
  return (
    <Stack gap="sm">
      {notes.map((note) => (
        <Alert
          key={note.id}
          color={NOTE_COLORS[note.tone]}
          title={ownOrShared(t, definition, `notes.${note.id}.title`)}
          data-testid={`note-${note.id}`}
        >
          {ownOrShared(t, definition, `notes.${note.id}.text`)}
        </Alert>
      ))}
    </Stack>
  );
}

/** A value to type elsewhere exactly as shown, with a copy button. */
export function ExactValue({ label, value, copyLabel }: { label: string; value: string; copyLabel: string }) {
  const labelId = useId();
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} id={labelId}>
        {label}
      </Text>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <Code block className="desk-wrap desk-grow" aria-labelledby={labelId}>
          {value}
        </Code>
        <CopyValueButton value={value} label={copyLabel} />
      </Group>
    </Stack>
  );
}

export function RedirectUri({ uri }: { uri: string }) {
  const { t } = useTranslation();
  return <ExactValue label={t('wizard.redirectUri')} value={uri} copyLabel={t('wizard.copyRedirectUri')} />;
}

/** The platform's console and documentation, opened in the system browser by main. */
export function PlatformLinks({ definition }: { definition: PlatformDefinition }) {
  const { t } = useTranslation();
  const opening = useApiAction((link: PlatformLink['id']) =>
    api().openPlatformLink({ platform: definition.id, link }),
  );
  const [notOpened, setNotOpened] = useState(false);

  async function open(link: PlatformLink['id']) {
    setNotOpened(false);
    const result = await opening.run(link);
    if (result?.ok && !result.value.opened) setNotOpened(true);
  }

  if (definition.links.length === 0) return null;
  return (
    <Stack gap="xs">
      <Text size="sm">{t('wizard.linksHelp')}</Text>
      <Group gap="sm">
        {definition.links.map((link) => (
          <Button key={link.id} variant="default" onClick={() => void open(link.id)}>
            {t(`links.${link.id}`)}
          </Button>
        ))}
      </Group>
      <ErrorAlert error={opening.error} />
      {notOpened && <ErrorAlert>{t('wizard.linkNotOpened')}</ErrorAlert>}
    </Stack>
  );
}
