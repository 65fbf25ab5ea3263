import {
  Alert,
  Button,
  Checkbox,
  Code,
  Group,
  List,
  PasswordInput,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { useId, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcError } from '@shared/ipc/errors';
import type { IntegrationDetail } from '@shared/ipc/schemas';
import { MAX_CREDENTIAL_LENGTH } from '@shared/platforms/configuration';
import {
  asStrings,
  credentialFieldsFor,
  credentialKindFor,
  isSecretField,
  linkableRegions,
  scopeFor,
  selectableValues,
  type PlatformDefinition,
  type PlatformLink,
  type RegionInfo,
  type SetupOption,
  type SetupStepId,
} from '@shared/platforms';
import { api, callApi } from '../../../api';
import { CopyValueButton } from '../../../components/CopyValueButton';
import { errorText } from '../../../i18n/error-text';
import {
  clientIdLooksUnusual,
  notesFor,
  type Draft,
  type FieldError,
  type FieldErrors,
  type FieldId,
} from './model';

/** The catalog key of a platform's own wizard text. */
export const pk = (definition: PlatformDefinition, rest: string) => `wizard.${definition.id}.${rest}`;

/** A platform's own text where it has one, else the wording shared by all platforms (`wizard.<rest>`). */
export const ownOrShared = (t: TFunction, definition: PlatformDefinition, rest: string) =>
  t([pk(definition, rest), `wizard.${rest}`], { name: definition.name });

export const errorMessage = (t: TFunction, error: FieldError | undefined) =>
  error ? t(error.key, error.values) : undefined;

const NOTE_COLORS = { info: 'blue', warning: 'orange', tip: 'teal' } as const;

/** The definition's notes for a step, for the options chosen so far. */
export function Notes({
  definition,
  step,
  options,
}: {
  definition: PlatformDefinition;
  step: SetupStepId;
  options: Record<string, unknown>;
}) {
  const { t } = useTranslation();
  const notes = notesFor(definition, step, options);
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

type LinkFailure = { kind: 'error'; error: IpcError } | { kind: 'notOpened' };

/** The platform's console and documentation, opened in the system browser by main. */
export function PlatformLinks({ definition }: { definition: PlatformDefinition }) {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<LinkFailure | null>(null);

  async function open(link: PlatformLink['id']) {
    setFailure(null);
    const result = await callApi(() => api().openPlatformLink({ platform: definition.id, link }));
    if (!result.ok) setFailure({ kind: 'error', error: result.error });
    else if (!result.value.opened) setFailure({ kind: 'notOpened' });
  }

  if (definition.links.length === 0) return null;
  return (
    <Stack gap="xs">
      <Text size="sm">{t('wizard.linksHelp')}</Text>
      <Group gap="sm">
        {definition.links.map((link) => (
          <Button key={link.id} variant="default" size="compact-md" onClick={() => void open(link.id)}>
            {t(`links.${link.id}`)}
          </Button>
        ))}
      </Group>
      {failure && (
        <Alert color="red" role="alert">
          {failure.kind === 'error' ? errorText(t, failure.error) : t('wizard.linkNotOpened')}
        </Alert>
      )}
    </Stack>
  );
}

interface CredentialInputsProps {
  definition: PlatformDefinition;
  draft: Draft;
  onChange: (change: (draft: Draft) => Draft) => void;
  /** Errors to show (only once the support person has tried to go on). */
  errors: FieldErrors;
  /** What is saved already: a secret left empty keeps its stored value. */
  stored: IntegrationDetail | null;
  /** Manage: stored secrets show their fingerprint and a Replace button instead of an empty field. */
  replaceable?: boolean;
  /** Whether the client ID's usual-shape warning may show (after leaving the field or trying to go on). */
  showShapeWarning: boolean;
  onClientIdBlur?: () => void;
  firstFieldRef?: Ref<HTMLInputElement>;
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
  firstFieldRef,
}: CredentialInputsProps) {
  const { t } = useTranslation();
  const [replacing, setReplacing] = useState<ReadonlySet<FieldId>>(new Set());
  const fields = credentialFieldsFor(definition, draft.options);
  const clientIdError = errorMessage(t, errors['clientId']);
  const unusual = showShapeWarning && !clientIdError && clientIdLooksUnusual(definition, draft.clientId);

  return (
    <Stack gap="md">
      <TextInput
        ref={firstFieldRef}
        label={t('wizard.fields.clientId')}
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
                shape: t(pk(definition, 'usualClientId')),
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
        const label = t(`wizard.fields.${id}`);
        const fingerprint = stored?.secretFingerprints[id];
        if (replaceable && fingerprint && !replacing.has(id)) {
          return (
            <Stack key={id} gap={4}>
              <Text size="sm" fw={500}>
                {label}
              </Text>
              <Text size="sm">{t('wizard.manage.secretSaved')}</Text>
              <Group gap="sm" align="center">
                <Code className="desk-wrap">{fingerprint}</Code>
                <Button
                  variant="default"
                  size="compact-sm"
                  onClick={() => setReplacing((current) => new Set(current).add(id))}
                >
                  {t(`wizard.manage.replace.${id}`)}
                </Button>
              </Group>
            </Stack>
          );
        }
        return (
          <PasswordInput
            key={id}
            label={replaceable && fingerprint ? t(`wizard.manage.newSecret.${id}`) : label}
            value={draft.secrets[id] ?? ''}
            onChange={(event) => {
              const value = event.currentTarget.value;
              onChange((d) => ({ ...d, secrets: { ...d.secrets, [id]: value } }));
            }}
            error={errorMessage(t, errors[id])}
            // Mantine marks a PasswordInput's error with data-invalid only: say it to assistive technology too.
            aria-invalid={errors[id] ? true : undefined}
            description={fingerprint ? t('wizard.keepSecret', { fingerprint }) : t('wizard.secretHelp')}
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

interface OptionInputsProps {
  definition: PlatformDefinition;
  options: readonly SetupOption[];
  values: Record<string, unknown>;
  onChange: (key: string, value: unknown) => void;
  errors: FieldErrors;
}

/** The platform's options, each drawn by its kind. */
export function OptionInputs({ definition, options, values, onChange, errors }: OptionInputsProps) {
  return (
    <Stack gap="lg">
      {options.map((option) => {
        const error = errors[`options.${option.key}`];
        switch (option.kind) {
          case 'regions':
            return (
              <RegionsOption
                key={option.key}
                definition={definition}
                option={option}
                value={asStrings(values[option.key])}
                onChange={(value) => onChange(option.key, value)}
                error={error}
              />
            );
          case 'flag':
            return (
              <FlagOption
                key={option.key}
                definition={definition}
                option={option}
                value={values[option.key] === true}
                onChange={(value) => onChange(option.key, value)}
              />
            );
          case 'choice':
            return (
              <ChoiceOption
                key={option.key}
                definition={definition}
                option={option}
                value={typeof values[option.key] === 'string' ? (values[option.key] as string) : ''}
                onChange={(value) => onChange(option.key, value)}
              />
            );
          case 'multi':
            return (
              <ScopesOption
                key={option.key}
                definition={definition}
                option={option}
                value={asStrings(values[option.key])}
                onChange={(value) => onChange(option.key, value)}
                error={error}
              />
            );
        }
      })}
    </Stack>
  );
}

const regionName = (t: TFunction, definition: PlatformDefinition, id: string) =>
  t(pk(definition, `regions.${id}`));

/** How far a region is supported, in words (`wizard.support.<support>`, the platform's own first). */
const supportText = (t: TFunction, definition: PlatformDefinition, region: RegionInfo) =>
  t([pk(definition, `support.${region.support}`), `wizard.support.${region.support}`]);

function RegionsOption({
  definition,
  option,
  value,
  onChange,
  error,
}: {
  definition: PlatformDefinition;
  option: SetupOption;
  value: string[];
  onChange: (value: string[]) => void;
  error: FieldError | undefined;
}) {
  const { t } = useTranslation();
  const captionId = useId();
  const key = `options.${option.key}`;
  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Text size="sm" fw={500} id={captionId}>
          {t(pk(definition, `${key}.table`))}
        </Text>
        <Table withTableBorder layout="fixed" aria-labelledby={captionId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('wizard.regionColumn')}</Table.Th>
              <Table.Th scope="col">{t('wizard.supportColumn')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {definition.regions.map((region) => (
              <Table.Tr key={region.id}>
                <Table.Th scope="row" fw={400}>
                  {regionName(t, definition, region.id)}
                </Table.Th>
                <Table.Td>{supportText(t, definition, region)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
      <Checkbox.Group
        label={t(pk(definition, `${key}.label`))}
        description={t(pk(definition, `${key}.description`))}
        value={value}
        onChange={onChange}
        error={errorMessage(t, error)}
        inputWrapperOrder={['label', 'description', 'input', 'error']}
        required
      >
        <Stack gap="xs" mt="xs">
          {linkableRegions(definition).map((region) => (
            <Checkbox
              key={region.id}
              value={region.id}
              label={regionName(t, definition, region.id)}
              description={region.support === 'supported' ? undefined : supportText(t, definition, region)}
            />
          ))}
        </Stack>
      </Checkbox.Group>
    </Stack>
  );
}

function FlagOption({
  definition,
  option,
  value,
  onChange,
}: {
  definition: PlatformDefinition;
  option: SetupOption;
  value: boolean;
  onChange: (value: boolean) => void;
}) {
  const { t } = useTranslation();
  return (
    <Checkbox
      checked={value}
      onChange={(event) => onChange(event.currentTarget.checked)}
      label={t(pk(definition, `options.${option.key}.label`))}
      description={t(pk(definition, `options.${option.key}.description`))}
    />
  );
}

function ChoiceOption({
  definition,
  option,
  value,
  onChange,
}: {
  definition: PlatformDefinition;
  option: Extract<SetupOption, { kind: 'choice' }>;
  value: string;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  const labelId = useId();
  const key = `options.${option.key}`;
  const values = selectableValues(definition, option);
  // Only one value left to pick (Sage: v3.1 since v3.0 retired): say what it is, ask nothing.
  if (values.length === 1) {
    const only = values[0]!;
    return (
      <Stack gap={6} data-testid={`option-${option.key}`}>
        <Text size="sm" fw={500}>
          {t(pk(definition, `${key}.label`))}
        </Text>
        <Text size="sm">{t(pk(definition, `${key}.values.${only}.label`))}</Text>
        <Text size="sm">{t(pk(definition, `${key}.values.${only}.description`))}</Text>
      </Stack>
    );
  }
  // A SegmentedControl is a group of native radio buttons (arrow keys move the choice).
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500} id={labelId}>
        {t(pk(definition, `${key}.label`))}
      </Text>
      <SegmentedControl
        aria-labelledby={labelId}
        orientation="vertical"
        fullWidth
        value={value}
        onChange={onChange}
        data={values.map((choice) => ({
          value: choice,
          label: t(pk(definition, `${key}.values.${choice}.label`)),
        }))}
        classNames={{ label: 'desk-choice-label' }}
      />
      <Text size="sm">{t(pk(definition, `${key}.values.${value}.description`))}</Text>
    </Stack>
  );
}

/**
 * Scopes: every required scope shown one per row, then one optional row per
 * chosen value (its scope built from the definition's template).
 */
function ScopesOption({
  definition,
  option,
  value,
  onChange,
  error,
}: {
  definition: PlatformDefinition;
  option: Extract<SetupOption, { kind: 'multi' }>;
  value: string[];
  onChange: (value: string[]) => void;
  error: FieldError | undefined;
}) {
  const { t } = useTranslation();
  const captionId = useId();
  const { requiredScopes = [] } = definition.setup;
  const toggle = (item: string, checked: boolean) =>
    onChange(checked ? [...value.filter((v) => v !== item), item] : value.filter((v) => v !== item));

  return (
    <Stack gap="xs">
      <Title order={4} size="h5" id={captionId}>
        {t(pk(definition, `options.${option.key}.table`))}
      </Title>
      <Text size="sm">{t(pk(definition, `options.${option.key}.description`))}</Text>
      <Table withTableBorder verticalSpacing={4} aria-labelledby={captionId} data-testid="scopes-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('wizard.scopes.scope')}</Table.Th>
            <Table.Th scope="col">{t('wizard.scopes.access')}</Table.Th>
            <Table.Th scope="col">{t('wizard.scopes.asked')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {requiredScopes.map((scope) => (
            <Table.Tr key={scope}>
              <Table.Td>
                <Code>{scope}</Code>
              </Table.Td>
              <Table.Td>{t('wizard.scopes.read')}</Table.Td>
              <Table.Td>{t('wizard.scopes.always')}</Table.Td>
            </Table.Tr>
          ))}
          {option.values.map((item) => {
            const scope = scopeFor(definition, item);
            return (
              <Table.Tr key={item}>
                <Table.Td>
                  <Checkbox
                    checked={value.includes(item)}
                    onChange={(event) => toggle(item, event.currentTarget.checked)}
                    label={<Code>{scope}</Code>}
                  />
                </Table.Td>
                <Table.Td>{t('wizard.scopes.write')}</Table.Td>
                <Table.Td>{t('wizard.scopes.ifTicked')}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {error && (
        <Text size="sm" c="red" role="alert">
          {errorMessage(t, error)}
        </Text>
      )}
    </Stack>
  );
}

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
  const kind = credentialKindFor(definition, options);
  const ofKind = (r: RegionInfo) => !kind || kind.regions.includes(r.id);
  const covered = linkableRegions(definition).filter(ofKind);
  const noLongerSold = definition.regions.filter((r) => r.support === 'noLongerSold' && ofKind(r));
  const unsupported = definition.regions.filter((r) => r.support === 'notSupported');
  return (
    <Stack gap="xs" data-testid="region-summary">
      <Text size="sm" fw={500}>
        {t(pk(definition, 'regionsCovered'))}
      </Text>
      <List size="sm">
        {covered.map((region) => (
          <List.Item key={region.id}>{regionName(t, definition, region.id)}</List.Item>
        ))}
      </List>
      {noLongerSold.length > 0 && (
        <>
          <Text size="sm" fw={500}>
            {t(pk(definition, 'regionsNoLongerSold'))}
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
            {t(pk(definition, 'regionsNotSupported'))}
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

/** How an option's saved or chosen value reads in a summary. */
export function optionValueText(
  t: TFunction,
  definition: PlatformDefinition,
  option: SetupOption,
  value: unknown,
): string {
  const key = `options.${option.key}`;
  switch (option.kind) {
    case 'regions': {
      const chosen = asStrings(value);
      return chosen.length > 0
        ? chosen.map((id) => regionName(t, definition, id)).join(', ')
        : t('wizard.noneChosen');
    }
    case 'flag':
      return value === true ? t('wizard.yes') : t('wizard.no');
    case 'choice':
      return t(pk(definition, `${key}.values.${String(value)}.label`));
    case 'multi': {
      const chosen = asStrings(value);
      return chosen.length > 0
        ? chosen.map((item) => scopeFor(definition, item)).join(', ')
        : t('wizard.noneChosen');
    }
  }
}

/** The short name of an option, for summaries. */
export const optionName = (t: TFunction, definition: PlatformDefinition, option: SetupOption) =>
  t(pk(definition, `options.${option.key}.${option.kind === 'regions' ? 'summary' : 'label'}`));
