/**
 * Platform knowledge has one home: the definitions and the rules that read
 * them (src/shared/platforms), used by main and the renderer alike; Zoho's data
 * centres are one list there.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

import { describe, expect, it } from 'vitest';

import { DEFAULT_ENDPOINTS } from '../../src/main/platforms/endpoints';
import { freshBooksAdapter } from '../../src/main/platforms/freshbooks';
import { sageAdapter } from '../../src/main/platforms/sage';
import { zohoBooksAdapter } from '../../src/main/platforms/zohobooks';
import {
  asStrings,
  changesReauthOptions,
  getPlatform,
  linkableRegions,
  needsHttpsRedirect,
  optionsFor,
  PLATFORM_IDS,
  PLATFORMS,
  refreshTokenCap,
  refreshTokenCapWarningAt,
  refreshTokenIdleLifetimeDays,
  requiredSecretFields,
  scopeFor,
  scopesFor,
  selectableValues,
  type PlatformDefinition,
  type PlatformId,
} from '../../src/shared/platforms';
import { FRESHBOOKS_WRITE_OBJECTS } from '../../src/shared/platforms/option-values';
import { ZOHO_DATA_CENTRES, ZOHO_DEFAULT_DATA_CENTRE } from '../../src/shared/platforms/zoho-data-centres';

describe("Zoho's data centres", () => {
  it('are one list with accounts server, API domain and Books status; UK is unconfirmed, the rest linkable', () => {
    const byId = Object.fromEntries(ZOHO_DATA_CENTRES.map((dc) => [dc.id, dc]));
    expect(Object.keys(byId).sort()).toEqual(['au', 'ca', 'cn', 'eu', 'in', 'jp', 'sa', 'uk', 'us']);
    expect(byId['ca']).toMatchObject({
      accountsServer: 'https://accounts.zohocloud.ca',
      apiDomain: 'https://www.zohoapis.ca',
      booksConfirmed: true,
    });
    expect(byId['uk']?.booksConfirmed).toBe(false);
    const zoho = getPlatform('zohobooks');
    const support = Object.fromEntries(zoho.regions.map((r) => [r.id, r.support]));
    for (const id of ['us', 'eu', 'in', 'au', 'jp', 'ca', 'sa']) expect(support[id], id).toBe('supported');
    expect(support['uk']).toBe('unconfirmed');
    // Unconfirmed is never a refusal: every data centre can be chosen.
    expect(
      linkableRegions(zoho)
        .map((r) => r.id)
        .sort(),
    ).toEqual(Object.keys(byId).sort());
  });

  it('each sends codes, tokens and Books calls to Zoho’s own hosts for it (and the wizard knows which Books confirms)', () => {
    // Zoho's multi-DC and Books API pages (docs: providers.md, "Zoho data centres"). UK's hosts are
    // seen in public code, and Books there is unconfirmed: linkable, shown as unconfirmed.
    const official: Record<string, [accounts: string, api: string, books: 'supported' | 'unconfirmed']> = {
      us: ['https://accounts.zoho.com', 'https://www.zohoapis.com', 'supported'],
      eu: ['https://accounts.zoho.eu', 'https://www.zohoapis.eu', 'supported'],
      in: ['https://accounts.zoho.in', 'https://www.zohoapis.in', 'supported'],
      au: ['https://accounts.zoho.com.au', 'https://www.zohoapis.com.au', 'supported'],
      jp: ['https://accounts.zoho.jp', 'https://www.zohoapis.jp', 'supported'],
      ca: ['https://accounts.zohocloud.ca', 'https://www.zohoapis.ca', 'supported'],
      cn: ['https://accounts.zoho.com.cn', 'https://www.zohoapis.com.cn', 'supported'],
      sa: ['https://accounts.zoho.sa', 'https://www.zohoapis.sa', 'supported'],
      uk: ['https://accounts.zoho.uk', 'https://www.zohoapis.uk', 'unconfirmed'],
    };
    const zoho = getPlatform('zohobooks');
    expect(zoho.regions.map((r) => r.id).sort()).toEqual(Object.keys(official).sort());
    for (const [id, [accounts, api, books]] of Object.entries(official)) {
      const callback = new URLSearchParams({ code: 'c', 'accounts-server': accounts });
      const server = zohoBooksAdapter.serverFromCallback(DEFAULT_ENDPOINTS, callback);
      expect(server, id).toEqual({
        region: id,
        tokenEndpoint: `${accounts}/oauth/v2/token`,
        revocationEndpoint: `${accounts}/oauth/v2/token/revoke`,
        apiBase: '',
      });
      expect(
        zohoBooksAdapter.serverFromTokens!(DEFAULT_ENDPOINTS, server, {
          access_token: 'a',
          token_type: 'bearer',
          api_domain: api,
        }).apiBase,
      ).toBe(`${api}/books/v3`);
      expect(zoho.regions.find((r) => r.id === id)?.support, id).toBe(books);
      // The browser may only be sent to these accounts servers' pages.
      expect(zoho.externalHosts, id).toContain(new URL(accounts).hostname);
    }
  });

  it('production endpoints come from that list, with an explicit default data centre', () => {
    const zoho = DEFAULT_ENDPOINTS.zohobooks;
    expect(ZOHO_DEFAULT_DATA_CENTRE).toBe('us');
    expect(zoho.defaultDataCentre).toBe('us');
    expect(zoho.authorizeUrl).toBe('https://accounts.zoho.com/oauth/v2/auth');
    expect(zoho.accountsServers).toEqual(
      Object.fromEntries(ZOHO_DATA_CENTRES.map((dc) => [dc.id, dc.accountsServer])),
    );
    expect(zoho.apiDomains).toEqual(ZOHO_DATA_CENTRES.map((dc) => dc.apiDomain));
    expect(getPlatform('zohobooks').externalHosts).toContain('accounts.zohocloud.ca');
  });

  it('a callback from any of them is exchanged there; one naming none uses the default, whatever the order', () => {
    const callback = (server?: string) =>
      new URLSearchParams(server ? { code: 'c', 'accounts-server': server } : { code: 'c' });
    for (const dc of ZOHO_DATA_CENTRES) {
      expect(
        zohoBooksAdapter.serverFromCallback(DEFAULT_ENDPOINTS, callback(dc.accountsServer)),
      ).toMatchObject({
        region: dc.id,
        tokenEndpoint: `${dc.accountsServer}/oauth/v2/token`,
      });
    }
    const reordered = {
      ...DEFAULT_ENDPOINTS,
      zohobooks: {
        ...DEFAULT_ENDPOINTS.zohobooks,
        accountsServers: Object.fromEntries(
          [...ZOHO_DATA_CENTRES].reverse().map((dc) => [dc.id, dc.accountsServer]),
        ),
      },
    };
    expect(zohoBooksAdapter.serverFromCallback(reordered, callback())).toMatchObject({
      region: 'us',
      tokenEndpoint: 'https://accounts.zoho.com/oauth/v2/token',
    });
    expect(() =>
      zohoBooksAdapter.serverFromCallback(DEFAULT_ENDPOINTS, callback('https://accounts.zoho.evil.example')),
    ).toThrow();
  });
});

describe('the rules that read a definition', () => {
  it('scopes: FreshBooks write scopes come from the definition’s user:{value}:write template', () => {
    const freshBooks = getPlatform('freshbooks');
    const scopes = scopesFor(freshBooks, { writeScopes: ['invoices', 'clients', 'not-an-object'] });
    expect(scopes).toContain('user:profile:read');
    expect(scopes.slice(-2)).toEqual(['user:invoices:write', 'user:clients:write']);
    expect(freshBooksAdapter.scopes({ writeScopes: ['invoices'] })).toEqual(
      scopesFor(freshBooks, { writeScopes: ['invoices'] }),
    );
  });

  it('which option changes force re-auth (as sets), which secrets a kind needs, which redirects are https', () => {
    const freshBooks = getPlatform('freshbooks');
    expect(changesReauthOptions(freshBooks, { writeScopes: ['a', 'b'] }, { writeScopes: ['b', 'a'] })).toBe(
      false,
    );
    expect(changesReauthOptions(freshBooks, { writeScopes: [] }, { writeScopes: ['invoices'] })).toBe(true);
    expect(changesReauthOptions(getPlatform('zohobooks'), { regions: ['us'] }, { regions: ['eu'] })).toBe(
      false,
    );
    expect(requiredSecretFields(getPlatform('sage'), { credentialType: 'v3.0' })).toEqual([
      'clientSecret',
      'signingSecret',
      'subscriptionKey',
    ]);
    expect(requiredSecretFields(getPlatform('sage'), { credentialType: 'v3.1' })).toEqual(['clientSecret']);
    expect(PLATFORMS.filter(needsHttpsRedirect).map((p) => p.id)).toEqual(['freshbooks']);
  });

  it('the options a form starts with: what was saved where it still fits, else the defaults', () => {
    const zoho = getPlatform('zohobooks');
    const defaults = { regions: [], includeLineItems: false, includeCustomerContacts: false };
    expect(optionsFor(zoho, undefined)).toEqual(defaults);
    expect(
      optionsFor(zoho, {
        regions: ['eu', 'ca'],
        includeLineItems: true,
        includeCustomerContacts: true,
        stray: 1,
      }),
    ).toEqual({ regions: ['eu', 'ca'], includeLineItems: true, includeCustomerContacts: true });
    // The wrong shape falls back: text or an object for a list, a list or text for a flag.
    expect(
      optionsFor(zoho, { regions: 'eu', includeLineItems: ['x'], includeCustomerContacts: 'yes' }),
    ).toEqual(defaults);
    expect(optionsFor(zoho, { regions: { 0: 'eu' } })).toEqual(defaults);
    // A retired Sage credential kind is never where a form starts.
    const sage = getPlatform('sage');
    expect(optionsFor(sage, { credentialType: 'v3.0' })).toEqual({ credentialType: 'v3.1' });
    expect(optionsFor(sage, { credentialType: 'v3.1' })).toEqual({ credentialType: 'v3.1' });
    const freshBooks = getPlatform('freshbooks');
    expect(optionsFor(freshBooks, { writeScopes: ['invoices'] })).toEqual({ writeScopes: ['invoices'] });
    // Each value is judged by its own option, wherever that option is listed; a default with no
    // option on screen keeps what was saved when it has the right shape.
    const sageWithMore: PlatformDefinition = {
      ...sage,
      setup: {
        ...sage.setup,
        defaultOptions: { ...sage.setup.defaultOptions, includeDrafts: false, schema: 1 },
        options: [{ kind: 'flag', key: 'includeDrafts', step: 'options' }, ...sage.setup.options],
      },
    };
    expect(optionsFor(sageWithMore, { credentialType: 'v3.0', includeDrafts: true, schema: 2 })).toEqual({
      credentialType: 'v3.1',
      includeDrafts: true,
      schema: 2,
    });
  });

  it('the values a person may pick: a retired credential kind is never offered; other choices are offered whole', () => {
    const sage = getPlatform('sage');
    const kindOption = sage.setup.options.find((o) => o.key === 'credentialType')!;
    expect(selectableValues(sage, kindOption)).toEqual(['v3.1']);
    const freshBooks = getPlatform('freshbooks');
    expect(selectableValues(freshBooks, freshBooks.setup.options[0]!)).toEqual(FRESHBOOKS_WRITE_OBJECTS);
    const zoho = getPlatform('zohobooks');
    for (const option of zoho.setup.options) expect(selectableValues(zoho, option), option.key).toEqual([]);
    // A choice that is not the credential kind (a definition with or without kinds) keeps every value.
    const plan = { kind: 'choice', key: 'plan', step: 'options', values: ['a', 'v3.0'] } as const;
    expect(selectableValues(sage, plan)).toEqual(['a', 'v3.0']);
    expect(selectableValues(freshBooks, plan)).toEqual(['a', 'v3.0']);
  });

  it('scopes: required ones first, then the chosen multi values through the template, nothing from other options', () => {
    expect(scopesFor(getPlatform('clearbooks'), {})).toEqual([]);
    expect(scopesFor(getPlatform('sage'), { credentialType: 'v3.1' })).toEqual(['readonly']);
    expect(scopeFor(getPlatform('zohobooks'), 'ZohoBooks.bills.READ')).toBe('ZohoBooks.bills.READ');
    expect(scopeFor(getPlatform('freshbooks'), 'bills')).toBe('user:bills:write');
    const freshBooks = getPlatform('freshbooks');
    const withFlag: PlatformDefinition = {
      ...freshBooks,
      setup: {
        ...freshBooks.setup,
        defaultOptions: { ...freshBooks.setup.defaultOptions, includeDrafts: false },
        options: [...freshBooks.setup.options, { kind: 'flag', key: 'includeDrafts', step: 'options' }],
      },
    };
    expect(scopesFor(withFlag, { writeScopes: ['bills'], includeDrafts: ['bills'] })).toEqual([
      ...scopesFor(freshBooks, {}),
      'user:bills:write',
    ]);
    // Changing the flag asks nobody to sign in again; changing the scopes does, whatever else is there.
    expect(
      changesReauthOptions(withFlag, { writeScopes: [] }, { writeScopes: [], includeDrafts: true }),
    ).toBe(false);
    expect(changesReauthOptions(withFlag, { writeScopes: [] }, { writeScopes: ['bills'] })).toBe(true);
    // A multi option that does not ask for re-auth changes nothing either.
    const quiet: PlatformDefinition = {
      ...freshBooks,
      setup: {
        ...freshBooks.setup,
        options: freshBooks.setup.options.map((o) => ({ ...o, reauthOnChange: false })),
      },
    };
    expect(changesReauthOptions(quiet, { writeScopes: [] }, { writeScopes: ['bills'] })).toBe(false);
    expect(asStrings(['invoices', 42, null, 'bills'])).toEqual(['invoices', 'bills']);
    expect(asStrings('invoices')).toEqual([]);
  });

  it('each provider is asked for read-only scopes only, in its own grammar', () => {
    // Zoho: Service.scope.OPERATION; reading only, and settings.READ for the organisation list.
    const zoho = zohoBooksAdapter.scopes({});
    expect(zoho.length).toBeGreaterThanOrEqual(9);
    for (const scope of zoho) expect(scope).toMatch(/^ZohoBooks\.[a-z]+\.READ$/);
    expect(new Set(zoho).size).toBe(zoho.length);
    expect(zoho).toEqual(expect.arrayContaining(['ZohoBooks.settings.READ', 'ZohoBooks.invoices.READ']));
    // Sage knows readonly and full_access only.
    expect(sageAdapter.scopes({ credentialType: 'v3.1' })).toEqual(['readonly']);
    // FreshBooks: the read scopes, then a write scope only for each object chosen.
    for (const scope of freshBooksAdapter.scopes({})) expect(scope).toMatch(/^user:[a-z_]+:read$/);
  });

  it('Sage countries as Sage documents them: UK, Ireland and Canada; four no longer sold; four other products', () => {
    const support = Object.fromEntries(getPlatform('sage').regions.map((r) => [r.id, r.support]));
    expect(support).toEqual({
      gb: 'supported',
      ie: 'supported',
      ca: 'supported',
      us: 'noLongerSold',
      fr: 'noLongerSold',
      de: 'noLongerSold',
      es: 'noLongerSold',
      au: 'notSupported',
      nz: 'notSupported',
      za: 'notSupported',
      asia: 'notSupported',
    });
  });

  it('regions a company can be linked in: never one the provider no longer sells or does not serve', () => {
    expect(linkableRegions(getPlatform('sage')).map((r) => r.id)).toEqual(['gb', 'ie', 'ca']);
    expect(linkableRegions(getPlatform('freshbooks'))).toEqual([]);
  });

  it('refresh tokens: Zoho caps them at 20 per user (warn at 18), Sage lets them lapse after 31 unused days', () => {
    const [zoho, sage, freshBooks, clearBooks] = (
      ['zohobooks', 'sage', 'freshbooks', 'clearbooks'] as const
    ).map(getPlatform) as [PlatformDefinition, PlatformDefinition, PlatformDefinition, PlatformDefinition];
    expect([refreshTokenCap(zoho), refreshTokenCapWarningAt(zoho)]).toEqual([20, 18]);
    expect(refreshTokenIdleLifetimeDays(zoho)).toBeUndefined();
    expect([refreshTokenCap(sage), refreshTokenCapWarningAt(sage)]).toEqual([undefined, undefined]);
    expect(refreshTokenIdleLifetimeDays(sage)).toBe(31);
    for (const other of [freshBooks, clearBooks]) {
      expect(refreshTokenCapWarningAt(other), other.id).toBeUndefined();
      expect(refreshTokenIdleLifetimeDays(other), other.id).toBeUndefined();
    }
  });

  it('an unknown platform id is refused by name', () => {
    expect(() => getPlatform('quickbooks' as PlatformId)).toThrow('Unknown platform: quickbooks');
  });

  it('outside src/shared/platforms and src/main/platforms, no source names a platform id', () => {
    const root = join(__dirname, '../../src');
    // Relative paths with '/' on every OS (readdirSync gives '\\' on Windows).
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .map((file) => file.split(sep).join('/'))
      .filter((file) => /\.tsx?$/.test(file))
      .filter((file) => !/^(shared|main)\/platforms\//.test(file))
      .map((file) => join(root, file));
    expect(files.length).toBeGreaterThan(50);
    const ids = [...PLATFORM_IDS, 'v3.0', 'v3.1'].join('|').replace(/\./g, '\\.');
    const literal = new RegExp(`['"\`](${ids})['"\`]`);
    const offenders = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, index) => ({ line, at: `${relative(root, file)}:${index + 1}` }))
        .filter(({ line }) => literal.test(line))
        .map(({ at }) => at),
    );
    expect(offenders).toEqual([]);
  });
});
