import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';

import { contract } from '../../src/shared/ipc/contract';
import { MAX_SHORT_TEXT } from '../../src/shared/ipc/limits';
import {
  apiKeyValueProblem,
  configurationProblems,
  credentialValueProblem,
  labelProblem,
  MAX_API_KEY_LENGTH,
  MAX_CREDENTIAL_LENGTH,
  type FieldProblem,
  type FieldProblems,
} from '../../src/shared/platforms/field-checks';
import {
  FRESHBOOKS_WRITE_OBJECTS,
  SAGE_CREDENTIAL_TYPES,
  ZOHO_REGIONS,
} from '../../src/shared/platforms/option-values';

// The renderer's forms refuse with the plain field checks; main refuses with the contract's zod
// schemas. Both must refuse the same inputs, with the same words for each field's first problem.

/** The field an issue belongs to: `clientId`, `options.regions` (an item of it included)… */
const fieldOf = (path: readonly PropertyKey[]) =>
  path[0] === 'options' && path.length > 1 ? `options.${String(path[1])}` : String(path[0] ?? '');

/** zod's verdict as the wizard words it: the first issue of each field; a key only from the checks. */
function zodProblems(schema: z.ZodType, input: unknown): Record<string, string> {
  const parsed = schema.safeParse(input);
  const found: Record<string, string> = {};
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const field = fieldOf(issue.path);
    found[field] ??= issue.message.startsWith('validation.') ? issue.message : 'validation.invalid';
  }
  return found;
}

const keysOf = (problems: FieldProblems) =>
  Object.fromEntries(Object.entries(problems).map(([field, problem]) => [field, problem!.key]));

/** Characters each rule is about: spaces of several kinds, controls, non-ASCII, an emoji's halves. */
const tricky = fc.constantFrom(
  'a',
  'Z',
  '7',
  '-',
  '.',
  '~',
  ' ',
  '\t',
  '\n',
  '\r',
  '\u0000',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2003',
  '\u200b',
  '\ufeff',
  'é',
  '\u2019',
  '\ud83d',
  '\ude00',
);

/** Any text, text made of the tricky characters, and lengths on either side of `max`. */
const text = (max: number) =>
  fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme' }),
    fc.string({ unit: tricky, maxLength: 12 }),
    fc
      .tuple(fc.integer({ min: max - 1, max: max + 1 }), tricky, fc.boolean())
      .map(([length, odd, first]) => (first ? odd + 'k'.repeat(length - 1) : 'k'.repeat(length - 1) + odd)),
  );

/** A list of known values (repeats and too many included), now and then an unknown one. */
const listOf = (values: readonly string[]) =>
  fc.array(
    fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: fc.string() }),
    {
      maxLength: values.length + 2,
    },
  );

const secret = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 6, arbitrary: text(MAX_CREDENTIAL_LENGTH) },
  { weight: 1, arbitrary: fc.constantFrom(null, 42) },
);
const onOff = fc.oneof({ weight: 9, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constant('yes') });

/** What the wizard sends for each platform with an app registration: its fields, its options. */
const configuration = fc.oneof(
  fc.record(
    {
      platform: fc.constant('zohobooks'),
      clientId: text(MAX_CREDENTIAL_LENGTH),
      clientSecret: secret,
      options: fc.record({
        regions: listOf(ZOHO_REGIONS),
        includeLineItems: onOff,
        includeCustomerContacts: onOff,
      }),
    },
    { requiredKeys: ['platform', 'clientId', 'options'] },
  ),
  fc.record(
    {
      platform: fc.constant('sage'),
      clientId: text(MAX_CREDENTIAL_LENGTH),
      clientSecret: secret,
      signingSecret: secret,
      subscriptionKey: secret,
      options: fc.record({
        credentialType: fc.oneof(
          { weight: 9, arbitrary: fc.constantFrom(...SAGE_CREDENTIAL_TYPES) },
          { weight: 1, arbitrary: fc.string() },
        ),
      }),
    },
    { requiredKeys: ['platform', 'clientId', 'options'] },
  ),
  fc.record(
    {
      platform: fc.constant('freshbooks'),
      clientId: text(MAX_CREDENTIAL_LENGTH),
      clientSecret: secret,
      options: fc.record({ writeScopes: listOf(FRESHBOOKS_WRITE_OBJECTS) }),
    },
    { requiredKeys: ['platform', 'clientId', 'options'] },
  ),
);

describe('the field checks and main’s schemas', () => {
  it('a set-up: the same inputs accepted, the same key for each field’s first problem', () => {
    fc.assert(
      fc.property(configuration, (input) => {
        const plain = keysOf(configurationProblems(input));
        expect(plain).toEqual(zodProblems(contract.saveIntegration.input, input));
        expect(Object.keys(plain).length === 0).toBe(contract.saveIntegration.input.safeParse(input).success);
      }),
      { numRuns: 2000, seed: 20261206 },
    );
  });

  it('a Clear Books link: the same labels and keys accepted, with the same key', () => {
    const label = fc.oneof(
      text(MAX_SHORT_TEXT),
      fc
        .tuple(
          fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u2003') }),
          fc.integer({ min: 0, max: 202 }),
        )
        .map(([space, length]) => `${space}${'n'.repeat(length)}${space}`),
    );
    fc.assert(
      fc.property(label, text(MAX_API_KEY_LENGTH), (typedLabel, apiKey) => {
        const plain: FieldProblems = { label: labelProblem(typedLabel), apiKey: apiKeyValueProblem(apiKey) };
        for (const field of ['label', 'apiKey'] as const) if (!plain[field]) delete plain[field];
        expect(keysOf(plain)).toEqual(
          zodProblems(contract.linkClearBooks.input, { label: typedLabel, apiKey }),
        );
      }),
      { numRuns: 2000, seed: 20261207 },
    );
  });

  it('each rule has its own words, in the order a person fixes them', () => {
    expect(
      [
        '',
        'k'.repeat(MAX_CREDENTIAL_LENGTH + 1),
        'ab\tc',
        ' abc',
        'ab\u00a0c',
        'ab\u2019c',
        'k'.repeat(MAX_CREDENTIAL_LENGTH),
      ].map((value) => credentialValueProblem(value)),
    ).toEqual([
      { key: 'validation.required' },
      { key: 'validation.tooLong', values: { max: MAX_CREDENTIAL_LENGTH } },
      { key: 'validation.controlCharacters' },
      { key: 'validation.edgeWhitespace' },
      { key: 'validation.innerWhitespace' },
      { key: 'validation.notAscii' },
      undefined,
    ]);
    expect(
      [' \t ', ` ${'n'.repeat(MAX_SHORT_TEXT)} `, 'n'.repeat(MAX_SHORT_TEXT + 1)].map(labelProblem),
    ).toEqual([
      { key: 'validation.required' },
      undefined,
      { key: 'validation.tooLong', values: { max: MAX_SHORT_TEXT } },
    ]);
  });

  it('every data centre, every write scope, Sage v3.1 and the longest values are accepted', () => {
    const longest = 'k'.repeat(MAX_CREDENTIAL_LENGTH);
    for (const input of [
      {
        platform: 'zohobooks',
        clientId: longest,
        clientSecret: longest,
        options: { regions: [...ZOHO_REGIONS], includeLineItems: true, includeCustomerContacts: true },
      },
      { platform: 'sage', clientId: 'id', subscriptionKey: 'k', options: { credentialType: 'v3.1' } },
      { platform: 'freshbooks', clientId: 'id', options: { writeScopes: [...FRESHBOOKS_WRITE_OBJECTS] } },
    ]) {
      expect(configurationProblems(input)).toEqual({});
      expect(contract.saveIntegration.input.safeParse(input).success).toBe(true);
    }
    expect(apiKeyValueProblem('k'.repeat(MAX_API_KEY_LENGTH))).toBeUndefined();
  });

  it('Zoho needs a region and Sage v3.0 is never saved again, in both', () => {
    const zoho = {
      platform: 'zohobooks',
      clientId: 'id',
      options: { regions: [], includeLineItems: false, includeCustomerContacts: false },
    };
    const sage = { platform: 'sage', clientId: 'id', options: { credentialType: 'v3.0' } };
    expect(keysOf(configurationProblems(zoho))).toEqual({ 'options.regions': 'validation.chooseRegion' });
    expect(zodProblems(contract.saveIntegration.input, zoho)).toEqual({
      'options.regions': 'validation.chooseRegion',
    });
    expect(keysOf(configurationProblems(sage))).toEqual({
      'options.credentialType': 'validation.credentialsRetired',
    });
    expect(zodProblems(contract.saveIntegration.input, sage)).toEqual({
      'options.credentialType': 'validation.credentialsRetired',
    });
  });
});

/** What main answers for one credential typed in a Zoho set-up: its key, or `undefined` if saved. */
const mainSaysOfClientId = (clientId: string) =>
  zodProblems(contract.saveIntegration.input, {
    platform: 'zohobooks',
    clientId,
    options: { regions: ['us'], includeLineItems: false, includeCustomerContacts: false },
  })['clientId'];

/** What main answers for a Clear Books API key (with a good company name). */
const mainSaysOfApiKey = (apiKey: string) =>
  zodProblems(contract.linkClearBooks.input, { label: 'Northwind', apiKey })['apiKey'];

describe('each rule at its exact edges, in the wizard and in main', () => {
  // The rule, as the set-up guides state it: C0 controls and DEL are control characters; the space
  // and the no-break space are spaces; the rest of printable ASCII is accepted; anything else is
  // not ASCII. Every character from U+0000 to U+00FF, in the middle of a key.
  const expected = (code: number) =>
    code < 0x20 || code === 0x7f
      ? 'validation.controlCharacters'
      : code === 0x20 || code === 0xa0
        ? 'validation.innerWhitespace'
        : code > 0x7f
          ? 'validation.notAscii'
          : undefined;

  it.each([
    ['a client ID', credentialValueProblem, mainSaysOfClientId],
    ['an API key', apiKeyValueProblem, mainSaysOfApiKey],
  ] as const)('%s: every character of U+0000–U+00FF inside a value gets its own answer', (_, check, main) => {
    const answers = new Map<string, string | undefined>();
    for (let code = 0; code <= 0xff; code += 1) {
      const value = `ab${String.fromCharCode(code)}cd`;
      const want = expected(code);
      answers.set(code.toString(16), check(value)?.key);
      expect({ code: code.toString(16), key: main(value) }).toEqual({ code: code.toString(16), key: want });
    }
    expect([...answers]).toEqual([...answers.keys()].map((hex) => [hex, expected(parseInt(hex, 16))]));
    // The edges of each class, named.
    expect(
      ['\u001f', '\u0020', '\u0021', '\u007e', '\u007f', '\u0080'].map((c) => check(`ab${c}cd`)?.key),
    ).toEqual([
      'validation.controlCharacters',
      'validation.innerWhitespace',
      undefined,
      undefined,
      'validation.controlCharacters',
      'validation.notAscii',
    ]);
  });

  it('a control character at either edge is a control character first, then an edge space', () => {
    for (const value of ['\tabc', 'abc\n', '\u0000abc', 'abc\u007f', ' ab\u001fc'])
      expect({ value, key: credentialValueProblem(value)?.key }).toEqual({
        value,
        key: 'validation.controlCharacters',
      });
    for (const value of [' abc', 'abc ', '\u00a0abc', 'abc\u2003', '\ufeffabc', ' a b '])
      expect({ value, key: credentialValueProblem(value)?.key, main: mainSaysOfClientId(value) }).toEqual({
        value,
        key: 'validation.edgeWhitespace',
        main: 'validation.edgeWhitespace',
      });
    // Inside, a space is reported before a character that is not ASCII.
    expect(credentialValueProblem('a bé')?.key).toBe('validation.innerWhitespace');
    expect(credentialValueProblem('a\u2003b')?.key).toBe('validation.innerWhitespace');
  });

  it('too long is said first, and only one character past the limit', () => {
    const cases: Array<
      [string, (value: string) => FieldProblem | undefined, (value: string) => unknown, number]
    > = [
      ['client ID', credentialValueProblem, mainSaysOfClientId, MAX_CREDENTIAL_LENGTH],
      ['API key', apiKeyValueProblem, mainSaysOfApiKey, MAX_API_KEY_LENGTH],
    ];
    for (const [, check, main, max] of cases) {
      const tooLong = { key: 'validation.tooLong', values: { max } };
      expect(check('k'.repeat(max))).toBeUndefined();
      expect(main('k'.repeat(max))).toBeUndefined();
      expect(check('k'.repeat(max + 1))).toEqual(tooLong);
      expect(main('k'.repeat(max + 1))).toBe('validation.tooLong');
      // A value too long with a control character, a space and an accent: the length first.
      expect(check(` \u0000é${'k'.repeat(max - 2)}`)).toEqual(tooLong);
    }
    // A company's name counts without its edge spaces.
    expect(labelProblem(`  ${'n'.repeat(MAX_SHORT_TEXT)}\t`)).toBeUndefined();
    expect(labelProblem(`${'n'.repeat(MAX_SHORT_TEXT + 1)}`)).toEqual({
      key: 'validation.tooLong',
      values: { max: MAX_SHORT_TEXT },
    });
    expect(
      zodProblems(contract.linkClearBooks.input, { label: 'n'.repeat(MAX_SHORT_TEXT + 1), apiKey: 'k' }),
    ).toEqual({
      label: 'validation.tooLong',
    });
  });
});

describe('a set-up the wizard should never send', () => {
  const zohoOptions = { regions: ['us'], includeLineItems: false, includeCustomerContacts: false };

  it('a platform with no app registration, or a name that is not a platform, is refused by both', () => {
    for (const platform of ['clearbooks', 'toString', '__proto__', 'constructor', ['sage'], 42, undefined]) {
      const input = { platform, clientId: 'id', options: { credentialType: 'v3.1' } };
      expect({ platform, plain: keysOf(configurationProblems(input)) }).toEqual({
        platform,
        plain: { platform: 'validation.invalid' },
      });
      expect(contract.saveIntegration.input.safeParse(input).success).toBe(false);
    }
  });

  it('more FreshBooks scopes or Zoho data centres than exist (repeats) are refused by both', () => {
    const cases = [
      {
        platform: 'freshbooks',
        clientId: 'id',
        options: { writeScopes: [...FRESHBOOKS_WRITE_OBJECTS, FRESHBOOKS_WRITE_OBJECTS[0]] },
      },
      {
        platform: 'zohobooks',
        clientId: 'id',
        options: { ...zohoOptions, regions: [...ZOHO_REGIONS, ZOHO_REGIONS[0]] },
      },
    ];
    for (const input of cases) {
      const field = input.platform === 'freshbooks' ? 'options.writeScopes' : 'options.regions';
      expect(keysOf(configurationProblems(input))).toEqual({ [field]: 'validation.invalid' });
      expect(zodProblems(contract.saveIntegration.input, input)).toEqual({ [field]: 'validation.invalid' });
    }
    // A repeat within the bound is counted, not refused (nor by main).
    const twice = { platform: 'freshbooks', clientId: 'id', options: { writeScopes: ['bills', 'bills'] } };
    expect(configurationProblems(twice)).toEqual({});
    expect(contract.saveIntegration.input.safeParse(twice).success).toBe(true);
  });

  it('no client ID, or no options at all, is refused field by field, never with an exception', () => {
    const noClientId = { platform: 'zohobooks', clientSecret: 'secret', options: zohoOptions };
    expect(keysOf(configurationProblems(noClientId))).toEqual({ clientId: 'validation.invalid' });
    expect(contract.saveIntegration.input.safeParse(noClientId).success).toBe(false);
    const noOptions = { platform: 'sage', clientId: 'id' };
    expect(keysOf(configurationProblems(noOptions))).toEqual({
      'options.credentialType': 'validation.invalid',
    });
    expect(contract.saveIntegration.input.safeParse(noOptions).success).toBe(false);
  });
});
