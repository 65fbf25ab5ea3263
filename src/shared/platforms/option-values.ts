/**
 * The values platform options can take. Kept free of zod so the definitions
 * (and the first screen that reads them) do not pull the schema library in;
 * configuration.ts builds its schemas from these same lists.
 */
import { ZOHO_DATA_CENTRE_IDS } from './zoho-data-centres';

/** Zoho data centres an app can enable (the list itself: zoho-data-centres.ts). */
export const ZOHO_REGIONS = ZOHO_DATA_CENTRE_IDS;

export const SAGE_CREDENTIAL_TYPES = ['v3.1', 'v3.0'] as const;

/** FreshBooks objects that have an optional write scope (https://www.freshbooks.com/api/scopes). */
export const FRESHBOOKS_WRITE_OBJECTS = [
  'bill_payments',
  'bill_vendors',
  'bills',
  'clients',
  'credit_notes',
  'estimates',
  'expenses',
  'invoices',
  'journal_entries',
  'other_income',
  'payments',
  'projects',
  'taxes',
  'time_entries',
] as const;
