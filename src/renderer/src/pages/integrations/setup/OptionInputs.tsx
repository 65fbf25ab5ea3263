import { Checkbox, Code, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

import {
  asStrings,
  linkableRegions,
  scopeFor,
  selectableValues,
  type PlatformDefinition,
  type SetupOption,
} from '@shared/platforms';
import { optionKeys } from './catalog-keys';
import { fieldErrorText, type FieldError, type FieldErrors } from './model';
import { regionName, supportNote } from './summary-text';

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
  const keys = optionKeys(definition, option);
  const linkable = new Set(linkableRegions(definition).map((region) => region.id));
  // Each region once, with a note under its name when not plainly supported; one that cannot be
  // linked is shown, not offered.
  return (
    <Checkbox.Group
      label={t(keys.label)}
      description={t(keys.description)}
      value={value}
      onChange={onChange}
      error={fieldErrorText(t, error)}
      inputWrapperOrder={['label', 'description', 'input', 'error']}
      required
    >
      <Stack gap="xs" mt="xs">
        {definition.regions.map((region) => (
          <Checkbox
            key={region.id}
            value={region.id}
            label={regionName(t, definition, region.id)}
            description={supportNote(t, definition, region)}
            disabled={!linkable.has(region.id)}
          />
        ))}
      </Stack>
    </Checkbox.Group>
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
  const keys = optionKeys(definition, option);
  return (
    <Checkbox
      checked={value}
      onChange={(event) => onChange(event.currentTarget.checked)}
      label={t(keys.label)}
      description={t(keys.description)}
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
  const keys = optionKeys(definition, option);
  const values = selectableValues(definition, option);
  // Only one value left to pick (Sage: v3.1 since v3.0 retired): say what it is, ask nothing.
  if (values.length === 1) {
    const only = values[0]!;
    return (
      <Stack gap={6} data-testid={`option-${option.key}`}>
        <Text size="sm" fw={500}>
          {t(keys.label)}
        </Text>
        <Text size="sm">{t(keys.valueLabel(only))}</Text>
        <Text size="sm">{t(keys.valueDescription(only))}</Text>
      </Stack>
    );
  }
  // A SegmentedControl is a group of native radio buttons (arrow keys move the choice).
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500} id={labelId}>
        {t(keys.label)}
      </Text>
      <SegmentedControl
        aria-labelledby={labelId}
        orientation="vertical"
        fullWidth
        value={value}
        onChange={onChange}
        data={values.map((choice) => ({
          value: choice,
          label: t(keys.valueLabel(choice)),
        }))}
        classNames={{ label: 'desk-choice-label' }}
      />
      <Text size="sm">{t(keys.valueDescription(value))}</Text>
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
  const keys = optionKeys(definition, option);
  const { requiredScopes = [] } = definition.setup;
  const toggle = (item: string, checked: boolean) =>
    onChange(checked ? [...value.filter((v) => v !== item), item] : value.filter((v) => v !== item));

  return (
    <Stack gap="xs">
      <Title order={4} size="h5" id={captionId}>
        {t(keys.table)}
      </Title>
      <Text size="sm">{t(keys.description)}</Text>
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
          {fieldErrorText(t, error)}
        </Text>
      )}
    </Stack>
  );
}
