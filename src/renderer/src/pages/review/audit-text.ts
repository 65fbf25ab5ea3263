import type { TFunction } from 'i18next';

import {
  AUDIT_REASONS,
  AUDIT_SECRET_FIELDS,
  REVOCATION_OUTCOMES,
  SIGN_IN_ENDINGS,
  type AuditDetailKey,
} from '@shared/audit';
import type { AuditEventView } from '@shared/ipc/schemas';
import { PLATFORMS } from '@shared/platforms';
import type { SettingsUpdate } from '@shared/ipc/schemas';
import { LANGUAGES, THEMES } from '@shared/settings';
import { storedCodeText } from '../../i18n/error-text';
import { LANGUAGE_NAMES } from '../../i18n/language-names';

/**
 * The audit log in words: an event's action, target and details as sentences
 * of the catalogs. A key or value this build has no words for (an event an
 * older or newer version wrote) is left out rather than shown raw.
 */

type Value = AuditEventView['detail'][string];

const platformName = (id: unknown): string | undefined =>
  PLATFORMS.find((platform) => platform.id === id)?.name;

const isOneOf = <T extends string>(list: readonly T[], value: Value): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);

/** The catalog key naming an audited action (`secret.reveal` → `audit.actions.secret_reveal`). */
export const auditActionKey = (action: string) => `audit.actions.${action.replace(/\./g, '_')}`;

/** "Zoho Books enabled": the action, naming the platform when the event is about one. */
export function auditActionText(t: TFunction, event: AuditEventView): string {
  const platform = platformName(event.target) ?? platformName(event.detail['platform']);
  return t(auditActionKey(event.action), {
    platform: platform ?? t('audit.aPlatform'),
    defaultValue: t('audit.otherAction'),
  });
}

/** Each setting as the Settings screen labels it (the app's namespace), so the log calls it the same. */
export const SETTING_LABEL_KEYS: Record<keyof SettingsUpdate, string> = {
  language: 'settings.language',
  theme: 'settings.theme',
  loopbackPort: 'settings.loopbackPort',
  signInTimeoutMinutes: 'settings.signInTimeout',
  redirectHost: 'settings.redirectHost',
  keepLinksAlive: 'settings.keepAlive',
};

const settingLabelKey = (setting: string): string | undefined =>
  Object.hasOwn(SETTING_LABEL_KEYS, setting)
    ? SETTING_LABEL_KEYS[setting as keyof SettingsUpdate]
    : undefined;

/** The target in words where it names a platform or a setting; an id otherwise (with its company below). */
export function auditTargetText(t: TFunction, event: AuditEventView, appT: TFunction): string {
  if (event.action === 'settings.update') {
    const label = settingLabelKey(event.target);
    return label ? appT(label) : event.target;
  }
  return platformName(event.target) ?? event.target;
}

/** A comma list of secret fields in words ("Client secret, Signing secret"), unknown ones left out. */
function fieldList(t: TFunction, value: Value): string {
  if (typeof value !== 'string') return '';
  return value
    .split(',')
    .filter((field): field is (typeof AUDIT_SECRET_FIELDS)[number] => isOneOf(AUDIT_SECRET_FIELDS, field))
    .map((field) => t(`audit.values.field.${field}`))
    .join(', ');
}

/** A setting's new value: named as Settings names it where it is a choice, as typed where it is a number or a host. */
function settingValue(t: TFunction, appT: TFunction, setting: string, value: Value): string | null {
  if (setting === 'language' && isOneOf(LANGUAGES, value)) return LANGUAGE_NAMES[value];
  if (setting === 'theme' && isOneOf(THEMES, value)) return appT(`settings.themes.${value}`);
  if (typeof value === 'boolean') return t(`audit.values.onOff.${String(value)}`);
  if (typeof value === 'number' || setting === 'redirectHost') return String(value);
  return null;
}

/** `t` reads the Review namespace; `appT` the app's, where the error sentences are. */
type DetailWriter = (t: TFunction, value: Value, event: AuditEventView, appT: TFunction) => string | null;

const DETAIL_TEXT: Record<AuditDetailKey, DetailWriter> = {
  ending: (t, value) =>
    isOneOf(SIGN_IN_ENDINGS, value)
      ? t('audit.details.ending', { value: t(`audit.values.ending.${value}`) })
      : null,
  code: (t, value, _event, appT) =>
    typeof value === 'string'
      ? t('audit.details.code', { reason: storedCodeText(appT, value, 'errors.INTERNAL') })
      : null,
  revocation: (t, value) =>
    isOneOf(REVOCATION_OUTCOMES, value)
      ? t('audit.details.revocation', { value: t(`audit.values.revocation.${value}`) })
      : null,
  // Said in the action already where the target is the platform.
  platform: (t, value, event) => {
    const name = platformName(value);
    return name && !platformName(event.target) ? t('audit.details.platform', { value: name }) : null;
  },
  was: (t, value) => (typeof value === 'boolean' ? t(`audit.details.was_${String(value)}`) : null),
  fields: (t, value) => {
    const fields = fieldList(t, value);
    return fields ? t('audit.details.fields', { value: fields }) : null;
  },
  secretsReplaced: (t, value) => {
    const fields = fieldList(t, value);
    return fields ? t('audit.details.secretsReplaced', { value: fields }) : t('audit.details.secretsKept');
  },
  matches: (t, value) => (typeof value === 'boolean' ? t(`audit.details.matches_${String(value)}`) : null),
  reason: (t, value) =>
    isOneOf(AUDIT_REASONS, value)
      ? t('audit.details.reason', { value: t(`audit.values.reason.${value}`) })
      : null,
  count: (t, value) => (typeof value === 'number' ? t('audit.details.count', { count: value }) : null),
  value: (t, value, event, appT) => {
    const shown = settingValue(t, appT, event.target, value);
    return shown === null ? null : t('audit.details.value', { value: shown });
  },
  resumed: (t, value) => (typeof value === 'boolean' ? t(`audit.details.resumed_${String(value)}`) : null),
  rows: (t, value) => (typeof value === 'number' ? t('audit.details.rows', { count: value }) : null),
};

/** The event's details as sentences, in a stable order (how a sign-in ended before why). */
export function auditDetailTexts(t: TFunction, appT: TFunction, event: AuditEventView): string[] {
  const texts: string[] = [];
  for (const [key, writer] of Object.entries(DETAIL_TEXT) as Array<[AuditDetailKey, DetailWriter]>) {
    if (!(key in event.detail)) continue;
    const text = writer(t, event.detail[key] ?? null, event, appT);
    if (text) texts.push(text);
  }
  return texts;
}
