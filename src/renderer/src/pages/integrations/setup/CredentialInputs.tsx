import { Button, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { IntegrationDetail } from '@shared/ipc/schemas';
import { MAX_CREDENTIAL_LENGTH } from '@shared/platforms/field-checks';
import { credentialFieldsFor, isSecretField, type PlatformDefinition } from '@shared/platforms';
import { fieldKeys, usualClientIdKey } from './catalog-keys';
import { clientIdLooksUnusual, fieldErrorText, type Draft, type FieldErrors, type FieldId } from './model';

interface CredentialInputsProps {
  definition: PlatformDefinition;
  draft: Draft;
  onChange: (change: (draft: Draft) => Draft) => void;
  /** Errors to show (only once the support person has tried to go on). */
  errors: FieldErrors;
  /** What is saved already: a secret left empty keeps its stored value. */
  stored: IntegrationDetail | null;
  /**
   * Manage: a stored secret shows a Replace button instead of an empty field,
   * and its fingerprint is left to the dialog's "What is stored" table.
   */
  replaceable?: boolean;
  /** Whether the client ID's usual-shape warning may show (after leaving the field or trying to go on). */
  showShapeWarning: boolean;
  onClientIdBlur?: () => void;
}

/** The client ID and the secrets of the chosen credential kind. */
export function CredentialInputs({
  definition,
  draft,
  onChange,
  errors,
  stored,
  replaceable = false,
  showShapeWarning,
  onClientIdBlur,
}: CredentialInputsProps) {
  const { t } = useTranslation();
  const [replacing, setReplacing] = useState<ReadonlySet<FieldId>>(new Set());
  const fields = credentialFieldsFor(definition, draft.options);
  const clientIdError = fieldErrorText(t, errors['clientId']);
  const unusual = showShapeWarning && !clientIdError && clientIdLooksUnusual(definition, draft.clientId);

  return (
    <Stack gap="md">
      <TextInput
        label={t(fieldKeys('clientId').label)}
        value={draft.clientId}
        onChange={(event) => {
          const clientId = event.currentTarget.value;
          onChange((d) => ({ ...d, clientId }));
        }}
        onBlur={onClientIdBlur}
        error={clientIdError}
        description={
          unusual
            ? t('wizard.unusualClientId', {
                name: definition.name,
                shape: t(usualClientIdKey(definition)),
              })
            : undefined
        }
        descriptionProps={
          unusual ? { className: 'desk-warning', 'data-testid': 'client-id-warning' } : undefined
        }
        inputWrapperOrder={['label', 'input', 'description', 'error']}
        required
        autoComplete="off"
        spellCheck={false}
        // Longer than any key can be, so a pasted value arrives whole and is refused with its reason.
        maxLength={MAX_CREDENTIAL_LENGTH * 40}
      />
      {fields.map((field) => {
        if (!isSecretField(field.id)) return null;
        const id = field.id;
        const keys = fieldKeys(id);
        const label = t(keys.label);
        const fingerprint = stored?.secretFingerprints[id];
        if (replaceable && fingerprint && !replacing.has(id)) {
          return (
            <Stack key={id} gap={4} data-testid={`kept-${id}`}>
              <Text size="sm" fw={500}>
                {label}
              </Text>
              <Text size="sm">{t('wizard.manage.secretKept')}</Text>
              <Group gap="sm" align="center">
                <Button
                  variant="default"
                  size="compact-sm"
                  onClick={() => setReplacing((current) => new Set(current).add(id))}
                >
                  {t(keys.replace)}
                </Button>
              </Group>
            </Stack>
          );
        }
        return (
          <PasswordInput
            key={id}
            label={replaceable && fingerprint ? t(keys.newSecret) : label}
            value={draft.secrets[id] ?? ''}
            onChange={(event) => {
              const value = event.currentTarget.value;
              onChange((d) => ({ ...d, secrets: { ...d.secrets, [id]: value } }));
            }}
            error={fieldErrorText(t, errors[id])}
            // Mantine marks a PasswordInput's error with data-invalid only: say it to assistive technology too.
            aria-invalid={errors[id] ? true : undefined}
            description={
              !fingerprint
                ? t('wizard.secretHelp')
                : replaceable
                  ? t('wizard.manage.keepSecret')
                  : t('wizard.keepSecret', { fingerprint })
            }
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            required={!fingerprint}
            autoComplete="off"
            spellCheck={false}
            maxLength={MAX_CREDENTIAL_LENGTH * 40}
            visibilityToggleButtonProps={{ 'aria-label': t('wizard.showSecret', { field: label }) }}
            // Replace was just chosen: the new field takes the focus the button had.
            autoFocus={replaceable && replacing.has(id)}
          />
        );
      })}
    </Stack>
  );
}
