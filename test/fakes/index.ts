/**
 * Fake accounting providers on 127.0.0.1, each following the published sources
 * it names at its top, and refusing what the real provider refuses.
 * `startAllFakes()` gives a complete ProviderEndpoints for composeServices.
 */
import type { ProviderEndpoints } from '../../src/main/platforms/endpoints';
import { startFakeClearBooks, type ClearBooksFake, type ClearBooksFakeOptions } from './clearbooks-fake';
import { startFakeFreshBooks, type FreshBooksFake, type FreshBooksFakeOptions } from './freshbooks';
import { startFakeSage, type SageFake, type SageFakeOptions } from './sage';
import { startFakeZoho, type ZohoFake, type ZohoFakeOptions } from './zoho';

export * from './clearbooks-fake';
export * from './freshbooks';
export * from './oauth-fake';
export * from './sage';
export { request, type ClientResponse, type RecordedRequest } from './server';
export * from './zoho';

export interface AllFakes {
  endpoints: ProviderEndpoints;
  zoho: ZohoFake;
  sage: SageFake;
  freshbooks: FreshBooksFake;
  clearbooks: ClearBooksFake;
  close(): Promise<void>;
}

export async function startAllFakes(
  options: {
    zoho?: ZohoFakeOptions;
    sage?: SageFakeOptions;
    freshbooks?: FreshBooksFakeOptions;
    clearbooks?: ClearBooksFakeOptions;
  } = {},
): Promise<AllFakes> {
  const started = await Promise.allSettled([
    startFakeZoho(options.zoho),
    startFakeSage(options.sage),
    startFakeFreshBooks(options.freshbooks),
    startFakeClearBooks(options.clearbooks),
  ] as const);
  const closeAll = async (): Promise<void> => {
    await Promise.all(
      started.map(async (s) => {
        if (s.status === 'fulfilled') await s.value.close();
      }),
    );
  };
  const [zoho, sage, freshbooks, clearbooks] = started;
  if (
    zoho.status === 'rejected' ||
    sage.status === 'rejected' ||
    freshbooks.status === 'rejected' ||
    clearbooks.status === 'rejected'
  ) {
    await closeAll();
    const failure = started.find((s) => s.status === 'rejected');
    throw failure?.reason instanceof Error ? failure.reason : new Error(String(failure?.reason));
  }
  return {
    endpoints: {
      zohobooks: zoho.value.endpoints,
      sage: sage.value.endpoints,
      freshbooks: freshbooks.value.endpoints,
      clearbooks: clearbooks.value.endpoints,
    },
    zoho: zoho.value,
    sage: sage.value,
    freshbooks: freshbooks.value,
    clearbooks: clearbooks.value,
    close: closeAll,
  };
}
