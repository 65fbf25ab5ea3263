import {
  Button,
  Code,
  Group,
  TextInput,
  SegmentedControl,
  NativeSelect,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { Settings, SettingsUpdate } from '@shared/ipc/schemas';
import {
  LANGUAGES,
  REDIRECT_HOSTS,
  THEMES,
  type Language,
  type RedirectHost,
  type Theme,
} from '@shared/settings';
import { api } from '../../api';
import { CopyValueButton } from '../../components/CopyValueButton';
import { UpdatesSection } from './UpdatesSection';
import { SupportSection } from '../../shell/SupportSection';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiAction } from '../../use-api-action';
import { LANGUAGE_NAMES } from '../../i18n/language-names';

const isLanguage = (value: string | null): value is Language => LANGUAGES.some((l) => l === value);
const isTheme = (value: string): value is Theme => THEMES.some((th) => th === value);
const isRedirectHost = (value: string): value is RedirectHost => REDIRECT_HOSTS.some((h) => h === value);

interface SettingsPageProps {
  settings: Settings;
  onSettingsChange: (settings: Settings) => Promise<void>;
  onShowAbout?: () => void;
}

export function SettingsPage({
  settings,
  onSettingsChange,
  onShowAbout = () => undefined,
}: SettingsPageProps) {
  const { t } = useTranslation();
  const themeLabelId = useId();
  // Not guarded by `working`: each control sends its own change as soon as it is made.
  const { error, run } = useApiAction((change: SettingsUpdate) => api().updateSettings(change));

  // Controls show the saved value, so a refused change simply leaves them where they were.
  async function update(change: SettingsUpdate) {
    const result = await run(change);
    if (result?.ok) await onSettingsChange(result.value);
  }

  return (
    <Stack gap="xl" maw="40rem">
      <Title order={1}>{t('settings.title')}</Title>
      <ErrorAlert error={error} />

      {/* A native select: keyboard and screen-reader behaviour of the OS, and no popover library in the bundle. */}
      <NativeSelect
        label={t('settings.language')}
        description={settings.languageFromSystem ? t('settings.languageFromSystem') : undefined}
        value={settings.language}
        onChange={(event) => {
          const value = event.currentTarget.value;
          if (isLanguage(value) && value !== settings.language) void update({ language: value });
        }}
      >
        {LANGUAGES.map((language) => (
          // Each name is in its own language, so screen readers should pronounce it that way.
          <option key={language} value={language} lang={language}>
            {LANGUAGE_NAMES[language]}
          </option>
        ))}
      </NativeSelect>

      <Stack gap={4}>
        <Text id={themeLabelId} size="sm" fw={500}>
          {t('settings.theme')}
        </Text>
        <SegmentedControl
          aria-labelledby={themeLabelId}
          data={THEMES.map((theme) => ({ value: theme, label: t(`settings.themes.${theme}`) }))}
          value={settings.theme}
          onChange={(value) => {
            if (isTheme(value) && value !== settings.theme) void update({ theme: value });
          }}
          className="desk-fit"
        />
      </Stack>

      <SignInSettings settings={settings} onSave={update} />

      <KeepLinksAlive settings={settings} onSave={update} />

      <Stack gap="sm">
        <Title order={2} size="h3">
          {t('settings.dataTitle')}
        </Title>
        <Text>{t('settings.dataFile')}</Text>
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <Code block className="desk-wrap desk-grow">
            {settings.dataFilePath}
          </Code>
          <CopyValueButton value={settings.dataFilePath} label={t('settings.copyPath')} />
        </Group>
        <Text size="sm">{t('settings.secretsNote')}</Text>
      </Stack>

      <UpdatesSection />
      <SupportSection onShowAbout={onShowAbout} />
    </Stack>
  );
}

const PORT_RANGE = { min: 1024, max: 65535 };
const TIMEOUT_RANGE = { min: 1, max: 60 };

/**
 * The loopback port the providers' registered redirect URIs name, and how long a
 * sign-in may take. Saved together, on request: a port change must be matched at
 * each provider, so it is never saved by accident while typing.
 */
function SignInSettings({
  settings,
  onSave,
}: {
  settings: Settings;
  onSave: (change: SettingsUpdate) => Promise<void>;
}) {
  const { t } = useTranslation();
  // Plain text inputs (numeric keyboard): a number-input widget would add a formatting library to the bundle.
  const [port, setPort] = useState(String(settings.loopbackPort));
  const [timeout, setTimeoutMinutes] = useState(String(settings.signInTimeoutMinutes));
  const [host, setHost] = useState<RedirectHost>(settings.redirectHost);
  const inRange = (value: string, range: { min: number; max: number }) =>
    /^\d{1,5}$/.test(value) && Number(value) >= range.min && Number(value) <= range.max;
  const portOk = inRange(port, PORT_RANGE);
  const timeoutOk = inRange(timeout, TIMEOUT_RANGE);
  const changed =
    Number(port) !== settings.loopbackPort ||
    Number(timeout) !== settings.signInTimeoutMinutes ||
    host !== settings.redirectHost;
  const example = `http://${host}:${portOk ? port : settings.loopbackPort}/oauth/…/callback`;

  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t('settings.signInTitle')}
      </Title>
      <TextInput
        label={t('settings.loopbackPort')}
        description={t('settings.loopbackPortHelp')}
        value={port}
        onChange={(event) => setPort(event.currentTarget.value)}
        inputMode="numeric"
        error={portOk ? undefined : t('settings.loopbackPortInvalid', PORT_RANGE)}
      />
      {/* A native select: both choices and their meaning are read out by the OS's own control. */}
      <NativeSelect
        label={t('settings.redirectHost')}
        description={t('settings.redirectHostHelp', { example })}
        value={host}
        onChange={(event) => {
          const value = event.currentTarget.value;
          if (isRedirectHost(value)) setHost(value);
        }}
      >
        {REDIRECT_HOSTS.map((value) => (
          <option key={value} value={value}>
            {t(`settings.redirectHosts.${value === 'localhost' ? 'localhost' : 'ipLiteral'}`)}
          </option>
        ))}
      </NativeSelect>
      <TextInput
        label={t('settings.signInTimeout')}
        description={t('settings.signInTimeoutHelp')}
        value={timeout}
        onChange={(event) => setTimeoutMinutes(event.currentTarget.value)}
        inputMode="numeric"
        error={timeoutOk ? undefined : t('settings.signInTimeoutInvalid', TIMEOUT_RANGE)}
      />
      <Group>
        <Button
          disabled={!changed || !portOk || !timeoutOk}
          onClick={() =>
            void onSave({
              loopbackPort: Number(port),
              signInTimeoutMinutes: Number(timeout),
              redirectHost: host,
            })
          }
        >
          {t('settings.saveSignIn')}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * "Keep Sage links alive": off by default, because the app is for offline
 * review. On, it refreshes links whose refresh tokens lapse when unused, while
 * the app is open. Saved as soon as it is switched.
 */
function KeepLinksAlive({
  settings,
  onSave,
}: {
  settings: Settings;
  onSave: (change: SettingsUpdate) => Promise<void>;
}) {
  const { t } = useTranslation();
  const helpId = useId();
  const [saving, setSaving] = useState(false);
  return (
    <Stack gap="xs">
      <Title order={2} size="h3">
        {t('settings.keepAliveTitle')}
      </Title>
      <Switch
        checked={settings.keepLinksAlive}
        disabled={saving}
        onChange={(event) => {
          const keepLinksAlive = event.currentTarget.checked;
          setSaving(true);
          void onSave({ keepLinksAlive }).finally(() => setSaving(false));
        }}
        label={t('settings.keepAlive')}
        // Described, not labelled, by the help text (Mantine puts a description inside the label).
        aria-describedby={helpId}
      />
      <Text size="sm" id={helpId}>
        {t('settings.keepAliveHelp')}
      </Text>
    </Stack>
  );
}
