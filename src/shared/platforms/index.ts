import { clearBooks } from './clearbooks';
import { freshBooks } from './freshbooks';
import { sage } from './sage';
import type { PlatformDefinition, PlatformId } from './types';
import { zohoBooks } from './zohobooks';

export * from './rules';
export * from './types';

/** The four platforms, in the order the Integrations screen lists them. */
export const PLATFORMS: readonly PlatformDefinition[] = [clearBooks, zohoBooks, sage, freshBooks];

const byId = new Map(PLATFORMS.map((p) => [p.id, p]));

export function getPlatform(id: PlatformId): PlatformDefinition {
  const platform = byId.get(id);
  if (!platform) throw new Error(`Unknown platform: ${String(id)}`);
  return platform;
}
