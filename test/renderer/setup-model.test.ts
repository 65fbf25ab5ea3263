import { describe, expect, it } from 'vitest';

import { getPlatform } from '../../src/shared/platforms';
import type { IntegrationDetail } from '../../src/shared/ipc/schemas';
import {
  buildInput,
  clientIdLooksUnusual,
  initialDraft,
  notesFor,
  optionsOfStep,
  sameDraft,
  stepOfPath,
  validate,
  type Draft,
} from '../../src/renderer/src/pages/integrations/setup/model';

/** The set-up form's rules that its screen tests leave out. */
const zoho = getPlatform('zohobooks');
const freshbooks = getPlatform('freshbooks');
const draft = (fields: Partial<Draft>): Draft => ({ clientId: 'id', secrets: {}, options: {}, ...fields });
const stored = (fields: Partial<IntegrationDetail>) =>
  ({
    platform: 'zohobooks',
    configured: true,
    retired: false,
    clientId: '1000.ABC',
    secretFingerprints: { clientSecret: 'hmac-sha256:9f3a' },
    options: {},
    configuredAt: null,
    ...fields,
  }) as IntegrationDetail;

describe('the set-up form', () => {
  it('counts a draft unchanged when only an empty secret or the order of secrets differs', () => {
    expect(sameDraft(draft({}), draft({ secrets: { clientSecret: '' } }))).toBe(true);
    expect(
      sameDraft(
        draft({ secrets: { clientSecret: 'a', signingSecret: 'b' } }),
        draft({ secrets: { signingSecret: 'b', clientSecret: 'a' } }),
      ),
    ).toBe(true);
    expect(sameDraft(draft({}), draft({ secrets: { clientSecret: 'typed' } }))).toBe(false);
    expect(sameDraft(draft({}), draft({ clientId: 'other' }))).toBe(false);
    expect(sameDraft(draft({}), draft({ options: { includeLineItems: true } }))).toBe(false);
  });

  it('keeps a stored secret left empty, and sends an empty one where none is stored', () => {
    const options = initialDraft(zoho, null).options;
    expect(buildInput(zoho, draft({ options }), stored({}))).not.toHaveProperty('clientSecret');
    expect(buildInput(zoho, draft({ options }), null)).toHaveProperty('clientSecret', '');
    expect(buildInput(zoho, draft({ options, secrets: { clientSecret: 'new' } }), stored({}))).toHaveProperty(
      'clientSecret',
      'new',
    );
  });

  it('starts from the saved client ID, or from nothing when the set-up is not configured', () => {
    expect(initialDraft(zoho, stored({})).clientId).toBe('1000.ABC');
    expect(initialDraft(zoho, stored({ configured: false })).clientId).toBe('');
    expect(initialDraft(zoho, stored({ clientId: null })).clientId).toBe('');
    expect(initialDraft(zoho, stored({ retired: true })).clientId).toBe('');
  });

  it('sends a refusal to the step where the field is filled in', () => {
    expect(stepOfPath(zoho, 'options.regions')).toBe('options');
    expect(stepOfPath(freshbooks, 'options.writeScopes')).toBe('scopes');
    expect(stepOfPath(zoho, 'options.unknown')).toBe('review');
    expect(stepOfPath(zoho, 'clientSecret')).toBe('credentials');
  });

  it('warns about a client ID only when one is typed and has not the provider’s shape', () => {
    expect(clientIdLooksUnusual(zoho, '')).toBe(false);
    expect(clientIdLooksUnusual(zoho, `1000.${'A'.repeat(30)}`)).toBe(false);
    expect(clientIdLooksUnusual(zoho, 'abc')).toBe(true);
    expect(clientIdLooksUnusual(getPlatform('sage'), 'abc')).toBe(false);
  });

  it('refuses an incomplete form with what each field lacks, and passes a complete one on', () => {
    const empty = initialDraft(zoho, null);
    expect(validate(zoho, empty, null)).toEqual({
      input: null,
      errors: {
        clientId: { key: 'validation.required' },
        clientSecret: { key: 'validation.required' },
        'options.regions': { key: 'validation.chooseRegion' },
      },
    });
    const complete = {
      ...empty,
      clientId: '1000.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123',
      secrets: { clientSecret: 'zoho-secret' },
      options: { ...empty.options, regions: ['ca'] },
    };
    const { input, errors } = validate(zoho, complete, null);
    expect(errors).toEqual({});
    expect(input).toMatchObject({
      clientId: '1000.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123',
      options: { regions: ['ca'] },
    });
  });

  it('shows each step only its own options', () => {
    expect(optionsOfStep(zoho, 'options').map((o) => o.key)).toEqual([
      'regions',
      'includeLineItems',
      'includeCustomerContacts',
    ]);
    expect(optionsOfStep(zoho, 'credentials')).toEqual([]);
    expect(optionsOfStep(freshbooks, 'scopes').map((o) => o.key)).toEqual(['writeScopes']);
  });

  it('shows each step its own notes', () => {
    expect(notesFor(zoho, 'options').map((n) => n.id)).toEqual(['rateLimits']);
    expect(notesFor(freshbooks, 'register').map((n) => n.id)).toEqual(['classic', 'certificate']);
  });
});
