import { Alert, Button, Code, Group, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { IntegrationDetail } from '@shared/ipc/schemas';
import { changesReauthOptions, optionsFor, type PlatformDefinition } from '@shared/platforms';
import { api } from '../../../api';
import { CopyValueButton } from '../../../components/CopyValueButton';
import { DeskModal } from '../../../components/DeskModal';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { formatDateTime } from '../../../format';
import { useReportUnsaved } from '../../../shell/unsaved';
import { useApiAction } from '../../../use-api-action';
import { useApiQuery } from '../../../use-api-query';
import { ownOrShared } from './catalog-keys';
import { CredentialInputs } from './CredentialInputs';
import { initialDraft, sameDraft, validate, type Draft } from './model';
import { OptionInputs } from './OptionInputs';
import { Notes, PlatformLinks, RedirectUri } from './PlatformHelp';
import { RegisterStep } from './RegisterStep';
import { ScopeChangeConfirm } from './ScopeChangeConfirm';
import { optionName, optionValueText } from './summary-text';
import { TestConnection } from './TestConnection';
import { useConfigurationSave } from './use-configuration-save';

interface ManageProps {
  definition: PlatformDefinition;
  detail: IntegrationDetail;
  redirectUri: string | null;
  onChanged: () => void;
  onClose: () => void;
  onEscapeBlocked: (blocked: boolean) => void;
}

/** A configured platform: what is stored, editing and re-saving it, enabling, testing and removing. */
export function Manage({
  definition,
  detail,
  redirectUri,
  onChanged,
  onClose,
  onEscapeBlocked,
}: ManageProps) {
  const { t } = useTranslation();
  const [stored, setStored] = useState(detail);
  const [removeOpened, setRemoveOpened] = useState(false);
  const [removed, setRemoved] = useState<number | null>(null);
  const [flowBusy, setFlowBusy] = useState(false);
  const doneRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    onEscapeBlocked(removeOpened || flowBusy);
  }, [removeOpened, flowBusy, onEscapeBlocked]);

  useEffect(() => {
    if (removed !== null) doneRef.current?.focus();
  }, [removed]);

  if (removed !== null) {
    return (
      <Stack gap="md">
        <Alert color="teal" role="status" ref={doneRef} tabIndex={-1} data-testid="removed">
          {t('wizard.remove.done', { name: definition.name, number: removed })}
        </Alert>
        <Group justify="flex-end">
          <Button onClick={onClose}>{t('wizard.finish')}</Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="xl">
      {stored.retired && <RetiredCredentials definition={definition} redirectUri={redirectUri} />}
      <StoredSettings definition={definition} detail={stored} redirectUri={redirectUri} />
      <EnabledSwitch
        definition={definition}
        enabled={stored.enabled}
        onChange={(summary) => {
          setStored((current) => ({ ...current, ...summary }));
          onChanged();
        }}
      />
      <EditSettings
        definition={definition}
        // Retired secrets are kept for Review, never reused: the new app's must all be typed.
        stored={stored.retired ? { ...stored, secretFingerprints: {} } : stored}
        onSaved={(integration) => {
          setStored(integration);
          onChanged();
        }}
      />
      {/* Retired credentials sign nobody in: testing waits for the new app's. */}
      {!stored.retired && (
        <Stack gap="sm">
          <Title order={3} size="h4">
            {t('wizard.steps.test')}
          </Title>
          <Text>{ownOrShared(t, definition, 'intro.test')}</Text>
          <Notes definition={definition} step="test" />
          <TestConnection definition={definition} onBusyChange={setFlowBusy} />
        </Stack>
      )}
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('wizard.manage.linksTitle')}
        </Title>
        <PlatformLinks definition={definition} />
      </Stack>
      <Stack gap="sm" align="flex-start">
        <Title order={3} size="h4">
          {t('wizard.remove.title')}
        </Title>
        <Text>{t('wizard.remove.intro', { name: definition.name })}</Text>
        <Button color="red" variant="light" onClick={() => setRemoveOpened(true)}>
          {t('wizard.remove.button')}
        </Button>
      </Stack>
      <RemoveDialog
        definition={definition}
        opened={removeOpened}
        onCancel={() => setRemoveOpened(false)}
        onRemoved={(count) => {
          setRemoveOpened(false);
          setRemoved(count);
          onChanged();
        }}
      />
    </Stack>
  );
}

/**
 * Set up with credentials the provider retired (Sage v3.0): what happened, and
 * the provider console's steps to register the app that replaces them. The
 * stored values stay readable here and in Review until replaced or removed.
 */
function RetiredCredentials({
  definition,
  redirectUri,
}: {
  definition: PlatformDefinition;
  redirectUri: string | null;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" data-testid="retired">
      <Alert color="orange" title={ownOrShared(t, definition, 'retired.title')}>
        {ownOrShared(t, definition, 'retired.text')}
      </Alert>
      <Title order={3} size="h4">
        {ownOrShared(t, definition, 'retired.registerTitle')}
      </Title>
      <RegisterStep definition={definition} redirectUri={redirectUri} options={optionsFor(definition, {})} />
    </Stack>
  );
}

function StoredSettings({
  definition,
  detail,
  redirectUri,
}: {
  definition: PlatformDefinition;
  detail: IntegrationDetail;
  redirectUri: string | null;
}) {
  const { t, i18n } = useTranslation();
  // What is saved, as saved (a retired credential kind included); defaults only for what is missing.
  const options = { ...definition.setup.defaultOptions, ...detail.options };
  const fingerprints = Object.entries(detail.secretFingerprints);
  const fingerprintLabel = (field: string) =>
    definition.credentialFields.some((f) => f.id === field)
      ? t([`drawer.fingerprints.${field}`, 'drawer.fingerprints.other'], { field })
      : t('drawer.fingerprints.other', { field });
  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        {t('drawer.storedTitle')}
      </Title>
      <Table variant="vertical" layout="fixed" withTableBorder data-testid="stored">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th scope="row">{t('drawer.clientId')}</Table.Th>
            <Table.Td>
              {detail.clientId !== null && (
                <Group gap="xs">
                  <Code className="desk-wrap">{detail.clientId}</Code>
                  <CopyValueButton value={detail.clientId} label={t('drawer.copyClientId')} />
                </Group>
              )}
            </Table.Td>
          </Table.Tr>
          {fingerprints.map(([field, fingerprint]) => (
            <Table.Tr key={field}>
              <Table.Th scope="row">{fingerprintLabel(field)}</Table.Th>
              <Table.Td>
                <Code className="desk-wrap">{fingerprint}</Code>
              </Table.Td>
            </Table.Tr>
          ))}
          {definition.setup.options.map((option) => (
            <Table.Tr key={option.key}>
              <Table.Th scope="row">{optionName(t, definition, option)}</Table.Th>
              <Table.Td className="desk-wrap">
                {optionValueText(t, definition, option, options[option.key])}
              </Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Th scope="row">{t('drawer.state')}</Table.Th>
            <Table.Td>{detail.enabled ? t('common.enabled') : t('common.disabled')}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{t('drawer.configuredAt')}</Table.Th>
            <Table.Td>
              {detail.configuredAt
                ? formatDateTime(detail.configuredAt, i18n.language)
                : t('drawer.notConfiguredYet')}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{t('drawer.updatedAt')}</Table.Th>
            <Table.Td>
              {detail.updatedAt ? formatDateTime(detail.updatedAt, i18n.language) : t('drawer.noChangeYet')}
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      {fingerprints.length > 0 && <Text size="sm">{t('drawer.fingerprintHelp')}</Text>}
      {redirectUri && <RedirectUri uri={redirectUri} />}
    </Stack>
  );
}

function EnabledSwitch({
  definition,
  enabled,
  onChange,
}: {
  definition: PlatformDefinition;
  enabled: boolean;
  onChange: (summary: { enabled: boolean; updatedAt: string | null }) => void;
}) {
  const { t } = useTranslation();
  const { working, error, run } = useApiAction((next: boolean) =>
    api().setIntegrationEnabled({ platform: definition.id, enabled: next }),
  );
  const helpId = useId();

  async function toggle(next: boolean) {
    const result = await run(next);
    if (result?.ok) onChange(result.value);
  }

  return (
    <Stack gap="xs">
      <Switch
        checked={enabled}
        onChange={(event) => void toggle(event.currentTarget.checked)}
        label={t('integrations.enable', { name: definition.name })}
        // Described, not labelled, by the help text (Mantine puts a description inside the label).
        aria-describedby={helpId}
        disabled={working}
      />
      <Text size="sm" id={helpId}>
        {t('wizard.manage.enabledHelp')}
      </Text>
      <ErrorAlert error={error} />
    </Stack>
  );
}

function EditSettings({
  definition,
  stored,
  onSaved,
}: {
  definition: PlatformDefinition;
  stored: IntegrationDetail;
  onSaved: (integration: IntegrationDetail) => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => initialDraft(definition, stored));
  useReportUnsaved(!sameDraft(draft, initialDraft(definition, stored)));
  const [attempted, setAttempted] = useState(false);
  const {
    save: saveDraft,
    saving,
    error,
    formRef,
  } = useConfigurationSave<HTMLFormElement>(definition, setDraft);
  const [saved, setSaved] = useState<{ reauth: number } | null>(null);
  const [confirmingScopes, setConfirmingScopes] = useState(false);
  // A new key after each save: the "Replace" fields close again over the new fingerprints.
  const [generation, setGeneration] = useState(0);

  const validation = validate(definition, draft, stored);
  const errors = attempted ? validation.errors : {};
  const reauth = changesReauthOptions(definition, optionsFor(definition, stored.options), draft.options);
  const credentialOptions = definition.setup.options.filter((o) => o.step === 'credentials');
  const otherOptions = definition.setup.options.filter((o) => o.step !== 'credentials');
  const setOption = (key: string, value: unknown) => {
    setSaved(null);
    setDraft((current) => ({ ...current, options: { ...current.options, [key]: value } }));
  };

  async function save(event: FormEvent | null, scopeChangeConfirmed = false) {
    event?.preventDefault();
    if (saving) return;
    setAttempted(true);
    const outcome = await saveDraft(draft, stored, {
      beforeSend: () => {
        // A scope change signs every linked company out: say how many, and what to register first.
        if (reauth && !scopeChangeConfirmed) {
          setConfirmingScopes(true);
          return false;
        }
        setConfirmingScopes(false);
        setSaved(null);
        return true;
      },
    });
    if (outcome.status !== 'saved') return;
    setAttempted(false);
    setGeneration((n) => n + 1);
    setSaved({ reauth: outcome.value.connectionsNeedingReauth });
    onSaved(outcome.value.integration);
  }

  return (
    <form onSubmit={(event) => void save(event)} noValidate ref={formRef}>
      <Stack gap="md">
        <Title order={3} size="h4">
          {t('wizard.manage.editTitle')}
        </Title>
        <Text>{t('wizard.manage.editIntro')}</Text>
        <OptionInputs
          definition={definition}
          options={credentialOptions}
          values={draft.options}
          onChange={setOption}
          errors={errors}
        />
        <Notes definition={definition} step="review" />
        <CredentialInputs
          key={generation}
          definition={definition}
          draft={draft}
          onChange={(change) => {
            setSaved(null);
            setDraft(change);
          }}
          errors={errors}
          stored={stored}
          replaceable
          showShapeWarning
        />
        <OptionInputs
          definition={definition}
          options={otherOptions}
          values={draft.options}
          onChange={setOption}
          errors={errors}
        />
        {reauth && (
          <Alert
            color="orange"
            role="status"
            title={t('wizard.manage.reauthTitle')}
            data-testid="reauth-warning"
          >
            {t('wizard.manage.reauthWarning', { name: definition.name })}
          </Alert>
        )}
        {error && (
          <ErrorAlert error={error} title={t('wizard.review.notSaved')}>
            {t('wizard.manage.typeAgain')}
          </ErrorAlert>
        )}
        {saved && (
          <Alert color="teal" role="status" data-testid="manage-saved">
            <Stack gap={4}>
              <Text size="sm">{t('wizard.manage.saved')}</Text>
              {saved.reauth > 0 && (
                <Text size="sm" data-testid="reauth-count">
                  {t('wizard.manage.reauthMarked', { number: saved.reauth, name: definition.name })}
                </Text>
              )}
            </Stack>
          </Alert>
        )}
        {confirmingScopes && (
          <ScopeChangeConfirm
            definition={definition}
            options={draft.options}
            onCancel={() => setConfirmingScopes(false)}
            onConfirm={() => void save(null, true)}
          />
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={saving}>
            {t('wizard.manage.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RemoveDialog({
  definition,
  opened,
  onCancel,
  onRemoved,
}: {
  definition: PlatformDefinition;
  opened: boolean;
  onCancel: () => void;
  onRemoved: (count: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <DeskModal
      opened={opened}
      onClose={onCancel}
      title={t('wizard.remove.confirmTitle', { name: definition.name })}
    >
      {opened && <RemoveConfirm definition={definition} onCancel={onCancel} onRemoved={onRemoved} />}
    </DeskModal>
  );
}

function RemoveConfirm({
  definition,
  onCancel,
  onRemoved,
}: {
  definition: PlatformDefinition;
  onCancel: () => void;
  onRemoved: (count: number) => void;
}) {
  const { t } = useTranslation();
  const load = useCallback(() => api().listConnections({ platform: definition.id }), [definition.id]);
  const connections = useApiQuery(load);
  const { working, error, run } = useApiAction(() => api().removeIntegration({ platform: definition.id }));

  async function remove() {
    const result = await run();
    if (result?.ok) onRemoved(result.value.removedConnections);
  }

  if (connections.status === 'loading') return <LoadingState label={t('wizard.loading')} />;
  const count = connections.result.ok ? connections.result.value.length : null;
  return (
    <Stack gap="md">
      <Text>
        {count === null
          ? t('wizard.remove.confirmUnknown', { name: definition.name })
          : t('wizard.remove.confirm', { name: definition.name, number: count })}
      </Text>
      <Text>{t('wizard.remove.secrets', { name: definition.name })}</Text>
      <ErrorAlert error={error} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel} disabled={working} data-autofocus>
          {t('common.cancel')}
        </Button>
        <Button color="red" loading={working} onClick={() => void remove()}>
          {t('wizard.remove.button')}
        </Button>
      </Group>
    </Stack>
  );
}
