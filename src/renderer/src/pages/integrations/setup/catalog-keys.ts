import type { TFunction } from 'i18next';

import type {
  CredentialField,
  PlatformDefinition,
  RegionSupport,
  SetupOption,
  SetupStepId,
} from '@shared/platforms';

/**
 * Every catalog key the set-up screens build from a platform definition, in
 * one place: the screens look their text up through these functions, and
 * `wizardCatalogKeys` lists them all so a test can prove both catalogs hold them.
 *
 * A key is a string, or a list that i18next tries in order: the platform's own
 * text first (`wizard.<platform>.…`), then the wording shared by all platforms.
 */
export type CatalogKey = string | string[];

/** The key of a text that belongs to one platform: `wizard.<platform>.<rest>`. */
export const platformTextKey = (definition: PlatformDefinition, rest: string) =>
  `wizard.${definition.id}.${rest}`;

/** The platform's own text where it has one, else `wizard.<rest>`. */
export const platformOrSharedKey = (definition: PlatformDefinition, rest: string): string[] => [
  platformTextKey(definition, rest),
  `wizard.${rest}`,
];

/** Looks up a platform-or-shared text, with the platform's name for `{{name}}`. */
export const ownOrShared = (t: TFunction, definition: PlatformDefinition, rest: string) =>
  t(platformOrSharedKey(definition, rest), { name: definition.name });

export const stepNameKey = (definition: PlatformDefinition, step: SetupStepId) =>
  platformOrSharedKey(definition, `steps.${step}`);

export const regionNameKey = (definition: PlatformDefinition, region: string) =>
  platformTextKey(definition, `regions.${region}`);

/** How far a region is supported, in words. */
export const supportKey = (definition: PlatformDefinition, support: RegionSupport) =>
  platformOrSharedKey(definition, `support.${support}`);

export const consoleStepKey = (definition: PlatformDefinition, instruction: string) =>
  platformTextKey(definition, `register.${instruction}`);

export const usualClientIdKey = (definition: PlatformDefinition) =>
  platformTextKey(definition, 'usualClientId');

/** An option's texts, each used by the input of its kind and by summaries. */
export function optionKeys(definition: PlatformDefinition, option: SetupOption) {
  const key = (rest: string) => platformTextKey(definition, `options.${option.key}.${rest}`);
  return {
    label: key('label'),
    description: key('description'),
    /** The scopes table's caption. */
    table: key('table'),
    /** The option's name in a summary. */
    name: key(option.kind === 'regions' ? 'summary' : 'label'),
    valueLabel: (value: string) => key(`values.${value}.label`),
    valueDescription: (value: string) => key(`values.${value}.description`),
  };
}

/** What the region summary above the credentials calls its three lists. */
export const regionSummaryKeys = (definition: PlatformDefinition) => ({
  covered: platformTextKey(definition, 'regionsCovered'),
  noLongerSold: platformTextKey(definition, 'regionsNoLongerSold'),
  notSupported: platformTextKey(definition, 'regionsNotSupported'),
});

/** A credential field's label, and Manage's wording for replacing a stored secret. */
export const fieldKeys = (field: CredentialField['id']) => ({
  label: `wizard.fields.${field}`,
  replace: `wizard.manage.replace.${field}`,
  newSecret: `wizard.manage.newSecret.${field}`,
});

/** Every key the set-up screens may look up for this platform. */
export function wizardCatalogKeys(definition: PlatformDefinition): CatalogKey[] {
  const { setup, regions } = definition;
  const regionNames = regions.map((r) => regionNameKey(definition, r.id));
  return [
    ...setup.steps.flatMap((step) => [
      platformOrSharedKey(definition, `intro.${step}`),
      stepNameKey(definition, step),
    ]),
    ...setup.console.map((instruction) => consoleStepKey(definition, instruction.id)),
    ...setup.notes.flatMap((note) => [
      platformOrSharedKey(definition, `notes.${note.id}.title`),
      platformOrSharedKey(definition, `notes.${note.id}.text`),
    ]),
    ...setup.options.flatMap((option) => {
      const keys = optionKeys(definition, option);
      switch (option.kind) {
        case 'regions':
          return [keys.label, keys.description, keys.name, ...regionNames];
        case 'flag':
          return [keys.label, keys.description];
        case 'choice':
          return [
            keys.label,
            ...option.values.flatMap((v) => [keys.valueLabel(v), keys.valueDescription(v)]),
          ];
        case 'multi':
          return [keys.label, keys.description, keys.table];
      }
    }),
    ...(setup.credentialKinds ? [...Object.values(regionSummaryKeys(definition)), ...regionNames] : []),
    ...regions.filter((r) => r.support !== 'supported').map((r) => supportKey(definition, r.support)),
    // A set-up whose credentials the provider retired (Manage).
    ...(setup.credentialKinds?.kinds.some((k) => k.retired)
      ? ['title', 'text', 'registerTitle'].map((key) => platformOrSharedKey(definition, `retired.${key}`))
      : []),
    ...(definition.credentialFields.some((f) => f.usualPattern) ? [usualClientIdKey(definition)] : []),
    ...definition.credentialFields.flatMap((f) => {
      const keys = fieldKeys(f.id);
      return f.secret ? [keys.label, keys.replace, keys.newSecret] : [keys.label];
    }),
  ];
}
