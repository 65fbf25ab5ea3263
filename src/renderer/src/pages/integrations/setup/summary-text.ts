// How saved or chosen values read in words: the wizard's review, Manage's "What is stored", the option tables.
import type { TFunction } from 'i18next';

import {
  asStrings,
  scopeFor,
  type PlatformDefinition,
  type RegionInfo,
  type SetupOption,
} from '@shared/platforms';
import { optionKeys, regionNameKey, supportKey } from './catalog-keys';

export const regionName = (t: TFunction, definition: PlatformDefinition, id: string) =>
  t(regionNameKey(definition, id));

/**
 * How far a region is supported, when not plainly (`wizard.support.<support>`, the platform's own
 * wording first); nothing for a supported one.
 */
export const supportNote = (t: TFunction, definition: PlatformDefinition, region: RegionInfo) =>
  region.support === 'supported' ? undefined : t(supportKey(definition, region.support));

/** How an option's saved or chosen value reads in a summary. */
export function optionValueText(
  t: TFunction,
  definition: PlatformDefinition,
  option: SetupOption,
  value: unknown,
): string {
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
      return t(optionKeys(definition, option).valueLabel(String(value)));
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
  t(optionKeys(definition, option).name);
