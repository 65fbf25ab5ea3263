import { Alert, Button, Code, Group, Stack, Stepper, Table, Text, Title } from '@mantine/core';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcError } from '@shared/ipc/errors';
import type { ConnectionSummary, IntegrationDetail, IntegrationSummary } from '@shared/ipc/schemas';
import {
  credentialFieldsFor,
  isSecretField,
  type PlatformDefinition,
  type SetupStepId,
} from '@shared/platforms';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useReportUnsaved } from '../../../shell/unsaved';
import { ClearBooksLinkModal } from '../../../features/linking/ClearBooksLinkModal';
import { EnableButtons, EnableDialog } from './EnableChoice';
import { fieldKeys, ownOrShared, stepNameKey } from './catalog-keys';
import { CredentialInputs } from './CredentialInputs';
import {
  initialDraft,
  sameDraft,
  optionsOfStep,
  stepOfPath,
  validate,
  type Draft,
  type FieldErrors,
} from './model';
import { OptionInputs } from './OptionInputs';
import { Notes } from './PlatformHelp';
import { RegionSummary } from './RegionSummary';
import { optionName, optionValueText } from './summary-text';
import { useConfigurationSave } from './use-configuration-save';
import { RegisterStep } from './RegisterStep';
import { TestConnection } from './TestConnection';

interface WizardProps {
  definition: PlatformDefinition;
  /** What main had for the platform when the wizard opened. */
  detail: IntegrationDetail;
  /** The exact redirect URI to register (OAuth platforms). */
  redirectUri: string | null;
  /** Something was saved or enabled: the Integrations list should ask main again. */
  onChanged: () => void;
  onFinish: () => void;
  /** A dialog on top, or a sign-in waiting: Escape must not close the wizard. */
  onEscapeBlocked: (blocked: boolean) => void;
}

/**
 * The one set-up wizard: the platform's definition says which steps, which
 * console instructions, fields, options and notes; this walks them in order.
 */
export function Wizard({
  definition,
  detail,
  redirectUri,
  onChanged,
  onFinish,
  onEscapeBlocked,
}: WizardProps) {
  const { t } = useTranslation();
  const steps = definition.setup.steps;
  const [active, setActive] = useState(0);
  const [reached, setReached] = useState(0);
  const [draft, setDraft] = useState<Draft>(() => initialDraft(definition, null));
  // What the draft was when opened or last saved: anything else is typed and not yet saved.
  const [savedDraft, setSavedDraft] = useState<Draft>(draft);
  useReportUnsaved(!sameDraft(draft, savedDraft));
  const [attempted, setAttempted] = useState<ReadonlySet<SetupStepId>>(new Set());
  const [clientIdTouched, setClientIdTouched] = useState(false);
  const [stored, setStored] = useState<IntegrationDetail | null>(null);
  const [reauth, setReauth] = useState(0);
  const [enableOpened, setEnableOpened] = useState(false);
  const [enabled, setEnabled] = useState(detail.enabled);
  const [flowBusy, setFlowBusy] = useState(false);
  const [linkOpened, setLinkOpened] = useState(false);
  const [linked, setLinked] = useState<string | null>(null);
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  // True on opening too: the dialog focused its first control while this was still loading.
  const moved = useRef(true);

  const step = steps[active] ?? steps[0]!;
  const validation = definition.requiresAppRegistration ? validate(definition, draft, stored) : null;
  const shownErrors: FieldErrors = Object.fromEntries(
    Object.entries(validation?.errors ?? {}).filter(([path]) => attempted.has(stepOfPath(definition, path))),
  );

  useEffect(() => {
    onEscapeBlocked(enableOpened || flowBusy || linkOpened);
  }, [enableOpened, flowBusy, linkOpened, onEscapeBlocked]);

  // Each step (the first included) is announced by moving focus to its heading.
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    headingRef.current?.focus();
  }, [active]);

  // After the heading effect: when a save goes back to a step to correct, its invalid field gets focus.
  const {
    save: saveDraft,
    saving,
    error: saveError,
    focusInvalid,
    formRef: panelRef,
  } = useConfigurationSave(definition, setDraft);

  function goTo(index: number) {
    if (index < 0 || index >= steps.length) return;
    moved.current = true;
    setActive(index);
    setReached((current) => Math.max(current, index));
  }

  const errorsOfStep = (errors: FieldErrors, of: SetupStepId) =>
    Object.keys(errors).filter((path) => stepOfPath(definition, path) === of);

  function next() {
    setAttempted((current) => new Set(current).add(step));
    if (validation && errorsOfStep(validation.errors, step).length > 0) {
      focusInvalid();
      return;
    }
    goTo(active + 1);
  }

  async function save() {
    if (saving) return;
    setAttempted(new Set(steps));
    const outcome = await saveDraft(draft, stored, {
      onInvalid: (errors) => {
        const first = steps.find((s) => errorsOfStep(errors, s).length > 0);
        if (first && first !== step) goTo(steps.indexOf(first));
      },
    });
    if (outcome.status !== 'saved') return;
    setStored(outcome.value.integration);
    setSavedDraft({ ...draft, secrets: {} });
    setReauth(outcome.value.connectionsNeedingReauth);
    onChanged();
    setEnableOpened(true);
  }

  function enableChosen(summary: IntegrationSummary | null, then: number) {
    if (summary) {
      setEnabled(summary.enabled);
      onChanged();
    }
    goTo(then);
  }

  function onClearBooksLinked(connection: ConnectionSummary) {
    setLinkOpened(false);
    setLinked(connection.label);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (step === 'review') void save();
    else next();
  }

  const back =
    active > 0 ? (
      <Button variant="default" onClick={() => goTo(active - 1)} disabled={saving}>
        {t('wizard.back')}
      </Button>
    ) : null;
  const finish = <Button onClick={onFinish}>{t('wizard.finish')}</Button>;

  let content: ReactNode;
  let nav: ReactNode | undefined;
  let isForm = true;
  switch (step) {
    case 'register':
      content = <RegisterStep definition={definition} redirectUri={redirectUri} options={draft.options} />;
      break;
    case 'scopes':
    case 'options':
      content = (
        <>
          <Notes definition={definition} step={step} />
          <OptionInputs
            definition={definition}
            options={optionsOfStep(definition, step)}
            values={draft.options}
            onChange={(key, value) =>
              setDraft((current) => ({ ...current, options: { ...current.options, [key]: value } }))
            }
            errors={shownErrors}
          />
        </>
      );
      break;
    case 'credentials':
      content = (
        <>
          <OptionInputs
            definition={definition}
            options={optionsOfStep(definition, step)}
            values={draft.options}
            onChange={(key, value) =>
              setDraft((current) => ({ ...current, options: { ...current.options, [key]: value } }))
            }
            errors={shownErrors}
          />
          {definition.setup.credentialKinds && (
            <RegionSummary definition={definition} options={draft.options} />
          )}
          <Notes definition={definition} step={step} />
          <CredentialInputs
            definition={definition}
            draft={draft}
            onChange={setDraft}
            errors={shownErrors}
            stored={stored}
            showShapeWarning={clientIdTouched || attempted.has('credentials')}
            onClientIdBlur={() => setClientIdTouched(true)}
          />
        </>
      );
      break;
    case 'review':
      content = (
        <Review
          definition={definition}
          draft={draft}
          stored={stored}
          redirectUri={redirectUri}
          saveError={saveError}
        />
      );
      nav = (
        <>
          {back}
          <Button type="submit" loading={saving}>
            {t('wizard.save')}
          </Button>
        </>
      );
      break;
    case 'test':
      isForm = false;
      content = (
        <>
          {stored && (
            <Alert color="teal" role="status" data-testid="saved">
              <Text size="sm">
                {enabled
                  ? t('wizard.savedEnabled', { name: definition.name })
                  : t('wizard.savedNotEnabled', { name: definition.name })}
              </Text>
              {reauth > 0 && (
                <Text size="sm" data-testid="reauth-count">
                  {t('wizard.manage.reauthMarked', { number: reauth, name: definition.name })}
                </Text>
              )}
            </Alert>
          )}
          <Notes definition={definition} step={step} />
          <TestConnection definition={definition} onBusyChange={setFlowBusy} />
        </>
      );
      nav = (
        <>
          {back}
          {finish}
        </>
      );
      break;
    case 'overview':
      isForm = false;
      content = enabled ? (
        <Alert color="teal" role="status">
          {t('wizard.alreadyEnabled', { name: definition.name })}
        </Alert>
      ) : (
        <Stack gap="sm">
          <Text fw={500}>{t('wizard.enable.title', { name: definition.name })}</Text>
          <EnableButtons definition={definition} onDone={(summary) => enableChosen(summary, active + 1)} />
        </Stack>
      );
      // Not enabled yet: Enable now / Later are the way on.
      nav = enabled ? <Button onClick={() => goTo(active + 1)}>{t('wizard.next')}</Button> : false;
      break;
    case 'link':
      isForm = false;
      content = (
        <>
          <Group>
            <Button variant="default" onClick={() => setLinkOpened(true)}>
              {t('wizard.link.open')}
            </Button>
          </Group>
          {linked !== null && (
            <Alert color="teal" role="status" data-testid="test-result">
              {t('connections.linked', { label: linked })}
            </Alert>
          )}
          <ClearBooksLinkModal
            opened={linkOpened}
            onClose={() => setLinkOpened(false)}
            onLinked={onClearBooksLinked}
          />
        </>
      );
      nav = (
        <>
          {back}
          {finish}
        </>
      );
      break;
  }
  nav ??= (
    <>
      {back}
      <Button type="submit">{t('wizard.next')}</Button>
    </>
  );

  const body = (
    <Stack gap="lg">
      {content}
      {nav && <Group justify="space-between">{nav}</Group>}
    </Stack>
  );

  return (
    <Stack gap="lg">
      {definition.requiresAppRegistration && !stored && (
        <Text>{t('wizard.nothingStored', { name: definition.name })}</Text>
      )}
      <nav aria-label={t('wizard.stepsLabel')}>
        {/* Labels under the icons, on one row: beside them, five steps wrap in a dialog and leave a
            step alone on a second line. */}
        <Stepper
          active={active}
          onStepClick={goTo}
          allowNextStepsSelect={false}
          size="sm"
          labelPosition="bottom"
          wrap={false}
          classNames={{ stepLabel: 'desk-step-label' }}
        >
          {steps.map((id, index) => (
            <Stepper.Step
              key={id}
              label={t(stepNameKey(definition, id))}
              aria-label={t('wizard.stepButton', {
                number: index + 1,
                label: t(stepNameKey(definition, id)),
              })}
              aria-current={index === active ? 'step' : undefined}
              aria-disabled={index <= reached && index !== active ? undefined : true}
              allowStepSelect={index <= reached && index !== active && !saving}
            />
          ))}
        </Stepper>
      </nav>
      <section aria-labelledby={headingId} ref={panelRef} data-testid={`step-${step}`}>
        <Stack gap="md">
          <Title order={3} size="h4" id={headingId} ref={headingRef} tabIndex={-1} data-autofocus>
            {t('wizard.stepHeading', {
              number: active + 1,
              total: steps.length,
              label: t(stepNameKey(definition, step)),
            })}
          </Title>
          <Text>{ownOrShared(t, definition, `intro.${step}`)}</Text>
          {isForm ? (
            <form onSubmit={submit} noValidate>
              {body}
            </form>
          ) : (
            body
          )}
        </Stack>
      </section>
      <EnableDialog
        definition={definition}
        opened={enableOpened}
        onDone={(summary) => {
          setEnableOpened(false);
          enableChosen(summary, steps.indexOf('test'));
        }}
      />
    </Stack>
  );
}

interface ReviewProps {
  definition: PlatformDefinition;
  draft: Draft;
  stored: IntegrationDetail | null;
  redirectUri: string | null;
  saveError: IpcError | null;
}

/** Everything that will be saved, secrets only as "entered" or "kept", and what is flagged. */
function Review({ definition, draft, stored, redirectUri, saveError }: ReviewProps) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <Table variant="vertical" layout="fixed" withTableBorder data-testid="review">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th scope="row">{t(fieldKeys('clientId').label)}</Table.Th>
            <Table.Td>
              {draft.clientId ? (
                <Code className="desk-wrap">{draft.clientId}</Code>
              ) : (
                t('wizard.review.missing')
              )}
            </Table.Td>
          </Table.Tr>
          {credentialFieldsFor(definition, draft.options).map((field) => {
            if (!isSecretField(field.id)) return null;
            const fingerprint = stored?.secretFingerprints[field.id];
            return (
              <Table.Tr key={field.id}>
                <Table.Th scope="row">{t(fieldKeys(field.id).label)}</Table.Th>
                <Table.Td className="desk-wrap">
                  {draft.secrets[field.id]
                    ? t('wizard.review.secretEntered')
                    : fingerprint
                      ? t('wizard.review.secretKept', { fingerprint })
                      : t('wizard.review.missing')}
                </Table.Td>
              </Table.Tr>
            );
          })}
          {definition.setup.options.map((option) => (
            <Table.Tr key={option.key}>
              <Table.Th scope="row">{optionName(t, definition, option)}</Table.Th>
              <Table.Td className="desk-wrap">
                {optionValueText(t, definition, option, draft.options[option.key])}
              </Table.Td>
            </Table.Tr>
          ))}
          {redirectUri && (
            <Table.Tr>
              <Table.Th scope="row">{t('wizard.redirectUri')}</Table.Th>
              <Table.Td>
                <Code className="desk-wrap">{redirectUri}</Code>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <Notes definition={definition} step="review" />
      {saveError && (
        <ErrorAlert error={saveError} title={t('wizard.review.notSaved')}>
          {t('wizard.review.typeAgain')}
        </ErrorAlert>
      )}
    </Stack>
  );
}
