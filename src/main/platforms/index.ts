import type { PlatformId } from '@shared/platforms';
import { clearBooksAdapter } from './clearbooks';
import { freshBooksAdapter } from './freshbooks';
import { sageAdapter } from './sage';
import type { ApiKeyAdapter, OAuthAdapter } from './types';
import { zohoBooksAdapter } from './zohobooks';

const OAUTH_ADAPTERS: Readonly<Record<OAuthAdapter['platform'], OAuthAdapter>> = {
  zohobooks: zohoBooksAdapter,
  sage: sageAdapter,
  freshbooks: freshBooksAdapter,
};

export function oauthAdapter(platform: PlatformId): OAuthAdapter | undefined {
  return Object.hasOwn(OAUTH_ADAPTERS, platform)
    ? OAUTH_ADAPTERS[platform as OAuthAdapter['platform']]
    : undefined;
}

/** The platform whose companies are linked with the customer's API key. */
export const API_KEY_ADAPTER: ApiKeyAdapter = clearBooksAdapter;
