/**
 * Zoho's data centres: the one list. Each has its own accounts server (where
 * sign-in codes are exchanged) and its own API domain (where Books answers).
 *
 * Sources: Zoho Accounts multi-DC guide
 * (https://www.zoho.com/accounts/protocol/oauth/multi-dc.html), Zoho Books API
 * introduction, "Multiple Data Centers" (https://www.zoho.com/books/api/v3/introduction/),
 * which lists eight Books data centres: US, EU, IN, AU, JP, CA, CN and SA. The
 * UK data centre appears on the accounts page but on no Books list, so Books
 * there is not confirmed: it stays linkable (never refused) and is shown as
 * unconfirmed. Canada's accounts server is zohocloud.ca, not zoho.ca.
 *
 * Zod-free: the definitions and the first screen read it.
 */
export interface ZohoDataCentre {
  id: string;
  /** Origin of the accounts server: authorisation, token, revocation. */
  accountsServer: string;
  /** Origin the token response names in `api_domain`; Books lives under `/books/v3`. */
  apiDomain: string;
  /** Whether Zoho's Books documentation lists this data centre. */
  booksConfirmed: boolean;
}

export const ZOHO_DATA_CENTRES = [
  {
    id: 'us',
    accountsServer: 'https://accounts.zoho.com',
    apiDomain: 'https://www.zohoapis.com',
    booksConfirmed: true,
  },
  {
    id: 'eu',
    accountsServer: 'https://accounts.zoho.eu',
    apiDomain: 'https://www.zohoapis.eu',
    booksConfirmed: true,
  },
  {
    id: 'in',
    accountsServer: 'https://accounts.zoho.in',
    apiDomain: 'https://www.zohoapis.in',
    booksConfirmed: true,
  },
  {
    id: 'au',
    accountsServer: 'https://accounts.zoho.com.au',
    apiDomain: 'https://www.zohoapis.com.au',
    booksConfirmed: true,
  },
  {
    id: 'jp',
    accountsServer: 'https://accounts.zoho.jp',
    apiDomain: 'https://www.zohoapis.jp',
    booksConfirmed: true,
  },
  {
    id: 'ca',
    accountsServer: 'https://accounts.zohocloud.ca',
    apiDomain: 'https://www.zohoapis.ca',
    booksConfirmed: true,
  },
  {
    id: 'cn',
    accountsServer: 'https://accounts.zoho.com.cn',
    apiDomain: 'https://www.zohoapis.com.cn',
    booksConfirmed: true,
  },
  {
    id: 'sa',
    accountsServer: 'https://accounts.zoho.sa',
    apiDomain: 'https://www.zohoapis.sa',
    booksConfirmed: true,
  },
  {
    id: 'uk',
    accountsServer: 'https://accounts.zoho.uk',
    apiDomain: 'https://www.zohoapis.uk',
    booksConfirmed: false,
  },
] as const satisfies readonly ZohoDataCentre[];

export type ZohoDataCentreId = (typeof ZOHO_DATA_CENTRES)[number]['id'];

/**
 * Where sign-in starts, and the accounts server assumed when a callback names
 * none: Zoho sends users of other data centres on to theirs
 * (https://www.zoho.com/accounts/protocol/oauth/multi-dc/client-authorization.html).
 */
export const ZOHO_DEFAULT_DATA_CENTRE: ZohoDataCentreId = 'us';

export const ZOHO_DATA_CENTRE_IDS = ZOHO_DATA_CENTRES.map((dc) => dc.id) as [
  ZohoDataCentreId,
  ...ZohoDataCentreId[],
];
