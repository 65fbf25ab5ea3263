import type { PlatformId } from '@shared/platforms';
import { freshBooksAdapter } from './freshbooks';
import { sageAdapter } from './sage';
import type { OAuthAdapter } from './types';
import { zohoBooksAdapter } from './zohobooks';

const OAUTH_ADAPTERS: Readonly<Record<OAuthAdapter['platform'], OAuthAdapter>> = {
  zohobooks: zohoBooksAdapter,
  sage: sageAdapter,
  freshbooks: freshBooksAdapter,
};

export function oauthAdapter(platform: PlatformId): OAuthAdapter | undefined {
  return platform === 'clearbooks' ? undefined : OAUTH_ADAPTERS[platform];
}
