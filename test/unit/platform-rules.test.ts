/**
 * Platform knowledge has one home: the definitions and the rules that read
 * them (src/shared/platforms), used by main and the renderer alike; Zoho's data
 * centres are one list there.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { describe, expect, it } from 'vitest';

import { DEFAULT_ENDPOINTS } from '../../src/main/platforms/endpoints';
import { freshBooksAdapter } from '../../src/main/platforms/freshbooks';
import { zohoBooksAdapter } from '../../src/main/platforms/zohobooks';
import {
  changesReauthOptions,
  getPlatform,
  linkableRegions,
  needsHttpsRedirect,
  PLATFORM_IDS,
  PLATFORMS,
  requiredSecretFields,
  scopesFor,
} from '../../src/shared/platforms';
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

  it('outside src/shared/platforms and src/main/platforms, no source names a platform id', () => {
    const root = join(__dirname, '../../src');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.tsx?$/.test(file))
      .map((file) => join(root, file))
      .filter((file) => !/src\/(shared|main)\/platforms\//.test(file));
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
