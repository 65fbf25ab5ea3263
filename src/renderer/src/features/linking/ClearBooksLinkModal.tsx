import { Alert, Button, Group, List, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
// Trans from its own module: through the package index it would land in the first screen's chunk.
import { Trans } from 'react-i18next/TransWithoutContext';

import type { DeskApi } from '@shared/ipc/api';
import { MAX_SHORT_TEXT } from '@shared/ipc/limits';
import type { ConnectionSummary } from '@shared/ipc/schemas';
import { apiKeyValueProblem, labelProblem, MAX_API_KEY_LENGTH } from '@shared/platforms/field-checks';
import { api } from '../../api';
import { LoadingState } from '../../components/LoadingState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiAction } from '../../use-api-action';

/** The customer's steps to find their Clear Books API key, in order (keys under connections.clearBooks.steps). */
const STEPS = ['signIn', 'openApiKeys', 'provideInfo', 'usage', 'software', 'copyKey'] as const;

type FieldErrors = { label?: string; apiKey?: string };

/**
 * Plain-words messages for what main's linkClearBooks schema refuses, by field: the same field
 * checks it applies. The key gets the wizards' checks (spaces, control characters, emoji, length),
 * with their sentences; being missing or too long is said in this form's own words.
 */
function validate(t: TFunction, label: string, apiKey: string): FieldErrors {
  const errors: FieldErrors = {};
  const labelRefused = labelProblem(label);
  if (labelRefused)
    errors.label =
      labelRefused.key === 'validation.tooLong'
        ? t('connections.clearBooks.labelTooLong', { max: MAX_SHORT_TEXT })
        : t('connections.clearBooks.labelRequired');
  const keyRefused = apiKeyValueProblem(apiKey);
  if (keyRefused)
    errors.apiKey =
      keyRefused.key === 'validation.required'
        ? t('connections.clearBooks.keyRequired')
        : keyRefused.key === 'validation.tooLong'
          ? t('connections.clearBooks.keyTooLong', { max: MAX_API_KEY_LENGTH })
          : t([keyRefused.key, 'validation.invalid']);
  return errors;
}

interface ClearBooksLinkModalProps {
  opened: boolean;
  onClose: () => void;
  onLinked: (connection: ConnectionSummary) => void;
}

export function ClearBooksLinkModal({ opened, onClose, onLinked }: ClearBooksLinkModalProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={t('connections.clearBooks.title')}
      classNames={{ title: 'desk-drawer-title' }}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      // Scroll locking injects a <style> element, which the CSP blocks.
      lockScroll={false}
    >
      {/* Unmounted when closed, so nothing typed (least of all a key) outlives the dialog. */}
      {opened && <ClearBooksLinkForm onClose={onClose} onLinked={onLinked} />}
    </Modal>
  );
}

function ClearBooksLinkForm({ onClose, onLinked }: Omit<ClearBooksLinkModalProps, 'opened'>) {
  const { t } = useTranslation();
  const [label, setLabel] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const linking = useApiAction(
    (sent: Parameters<DeskApi['linkClearBooks']>[0]) => api().linkClearBooks(sent),
    {
      // Said at the key's field, or as the question whether to update the company already linked.
      handlesItself: (error) => error.code === 'API_KEY_ALREADY_LINKED' || error.code === 'API_KEY_REJECTED',
    },
  );
  const checking = linking.working;
  /** The key is linked already: the person may update that company instead of adding it twice. */
  const [alreadyLinked, setAlreadyLinked] = useState(false);
  const labelRef = useRef<HTMLInputElement>(null);
  const apiKeyRef = useRef<HTMLInputElement>(null);

  // After a refusal, focus goes to the first field to correct (the submit button lost it while checking).
  useEffect(() => {
    if (errors.label) labelRef.current?.focus();
    else if (errors.apiKey) apiKeyRef.current?.focus();
  }, [errors]);

  async function submit(event: FormEvent, ifAlreadyLinked: 'refuse' | 'update' = 'refuse') {
    event.preventDefault();
    if (checking) return;
    const found = validate(t, label, apiKey);
    setErrors(found);
    linking.clearError();
    setAlreadyLinked(false);
    // What was typed stays in the fields, so the person can correct it.
    if (found.label || found.apiKey) return;

    // The key leaves the form's state as it is sent: a refused one is never kept.
    const sent = { label: label.trim(), apiKey, ...(ifAlreadyLinked === 'update' && { ifAlreadyLinked }) };
    setApiKey('');
    const result = await linking.run(sent);
    if (!result) return;
    if (result.ok) {
      setLabel('');
      onLinked(result.value);
      return;
    }
    // Main compared fingerprints; the key goes back in its field, as typed, so "update" can send it.
    if (result.error.code === 'API_KEY_ALREADY_LINKED') {
      setApiKey(sent.apiKey);
      setAlreadyLinked(true);
      return;
    }
    if (result.error.code === 'API_KEY_REJECTED') setErrors({ apiKey: t('connections.clearBooks.rejected') });
  }

  return (
    <Stack gap="md">
      <Text>{t('connections.clearBooks.intro')}</Text>
      <List type="ordered" spacing="xs">
        {STEPS.map((step) => (
          <List.Item key={step}>
            <Trans t={t} i18nKey={`connections.clearBooks.steps.${step}`} components={{ b: <strong /> }} />
          </List.Item>
        ))}
      </List>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack gap="sm">
          <TextInput
            ref={labelRef}
            label={t('connections.clearBooks.label')}
            value={label}
            onChange={(event) => setLabel(event.currentTarget.value)}
            error={errors.label}
            required
            maxLength={MAX_SHORT_TEXT}
            readOnly={checking}
            autoComplete="off"
          />
          <PasswordInput
            ref={apiKeyRef}
            label={t('connections.clearBooks.apiKey')}
            description={t('connections.clearBooks.apiKeyHelp')}
            value={apiKey}
            onChange={(event) => setApiKey(event.currentTarget.value)}
            error={errors.apiKey}
            required
            readOnly={checking}
            autoComplete="off"
            spellCheck={false}
            visibilityToggleButtonProps={{ 'aria-label': t('connections.clearBooks.showKey') }}
          />
          {checking && <LoadingState label={t('connections.clearBooks.checking')} />}
          <ErrorAlert error={linking.error} />
          {alreadyLinked && (
            <Alert color="yellow" role="alert" title={t('connections.clearBooks.alreadyLinkedTitle')}>
              <Stack gap="xs" align="flex-start">
                <Text size="sm">{t('connections.clearBooks.alreadyLinked')}</Text>
                <Button
                  variant="default"
                  onClick={(event) => void submit(event, 'update')}
                  loading={checking}
                >
                  {t('connections.clearBooks.updateExisting')}
                </Button>
              </Stack>
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={checking}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={checking}>
              {t('connections.clearBooks.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
