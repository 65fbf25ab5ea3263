import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { dispatch } from '../../src/main/ipc/dispatch';
import { createIpcHandlers } from '../../src/main/ipc/handlers';
import { contract } from '../../src/shared/ipc/contract';
import { MAX_CREDENTIAL_LENGTH } from '../../src/shared/platforms/configuration';
import { testServices } from './support/temp';

// Whatever a channel accepts must be readable back through every channel that returns a field of
// the same name: an input bound wider than an output bound means a value that saves and then makes
// every read fail the output check.

interface Bounds {
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  values?: unknown[];
}
type Leaves = Map<string, Array<Bounds & { where: string }>>;

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
};

/** Every named leaf of a schema (object properties, through arrays and unions), with its bounds. */
function collect(schema: JsonSchema, name: string, where: string, into: Leaves): void {
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])])
    collect(branch, name, where, into);
  for (const [key, child] of Object.entries(schema.properties ?? {}))
    collect(child, key, `${where}.${key}`, into);
  if (schema.items) collect(schema.items, name, where, into);
  const bounds: Bounds = {};
  if (schema.maxLength !== undefined) bounds.maxLength = schema.maxLength;
  if (schema.minimum !== undefined) bounds.minimum = schema.minimum;
  if (schema.maximum !== undefined) bounds.maximum = schema.maximum;
  if (schema.maxItems !== undefined) bounds.maxItems = schema.maxItems;
  if (schema.enum) bounds.values = schema.enum;
  if (schema.const !== undefined) bounds.values = [schema.const];
  if (name && Object.keys(bounds).length) into.set(name, [...(into.get(name) ?? []), { ...bounds, where }]);
}

function leaves(
  side: 'input' | 'output',
  channels: Record<string, { input: z.ZodType; output: z.ZodType }>,
): Leaves {
  const into: Leaves = new Map();
  for (const [channel, c] of Object.entries(channels)) {
    const schema = z.toJSONSchema(c[side], { io: side, unrepresentable: 'any' }) as JsonSchema;
    collect(schema, '', `${channel}.${side}`, into);
  }
  return into;
}

/** Each input bound that an output of the same field name cannot carry. */
function disagreements(channels: Record<string, { input: z.ZodType; output: z.ZodType }>): string[] {
  const inputs = leaves('input', channels);
  const outputs = leaves('output', channels);
  const found: string[] = [];
  for (const [name, ins] of inputs) {
    for (const out of outputs.get(name) ?? []) {
      for (const inp of ins) {
        const wider = (a: number | undefined, b: number | undefined, larger: boolean) =>
          a !== undefined && b !== undefined && (larger ? a > b : a < b);
        if (wider(inp.maxLength, out.maxLength, true))
          found.push(`${inp.where} allows ${inp.maxLength} characters, ${out.where} only ${out.maxLength}`);
        if (wider(inp.maxItems, out.maxItems, true))
          found.push(`${inp.where} allows ${inp.maxItems} items, ${out.where} only ${out.maxItems}`);
        if (wider(inp.maximum, out.maximum, true) || wider(inp.minimum, out.minimum, false))
          found.push(
            `${inp.where} allows [${inp.minimum}, ${inp.maximum}], ${out.where} [${out.minimum}, ${out.maximum}]`,
          );
      }
    }
    // An accepted value of an enumerated field must be one some output of that name can carry.
    const outputValues = (outputs.get(name) ?? []).filter((o) => o.values);
    if (outputValues.length === 0) continue;
    const carried = new Set(outputValues.flatMap((o) => o.values));
    for (const inp of ins)
      for (const value of inp.values ?? [])
        if (!carried.has(value))
          found.push(`${inp.where} accepts ${JSON.stringify(value)}, no output carries it`);
  }
  return found;
}

describe('the IPC contract', () => {
  it('input and output schemas agree on every bound, for every channel', () => {
    const channels = contract as unknown as Record<string, { input: z.ZodType; output: z.ZodType }>;
    expect(Object.keys(channels).length).toBeGreaterThan(20);
    expect(disagreements(channels)).toEqual([]);
  });

  it('the check finds a bound that does not agree (a client ID saved at 512, read back at 200)', () => {
    const planted = {
      save: {
        input: z.strictObject({ clientId: z.string().max(512) }),
        output: z.strictObject({ ok: z.boolean() }),
      },
      read: {
        input: z.strictObject({}),
        output: z.strictObject({ clientId: z.string().max(200), port: z.number().max(10) }),
      },
      port: {
        input: z.strictObject({ port: z.number().max(99) }),
        output: z.strictObject({ ok: z.boolean() }),
      },
    };
    expect(disagreements(planted)).toEqual([
      'save.input.clientId allows 512 characters, read.output.clientId only 200',
      'port.input.port allows [undefined, 99], read.output.port [undefined, 10]',
    ]);
  });

  it('a client ID of the longest accepted length saves and reads back through the channels', async () => {
    const services = testServices();
    const handlers = createIpcHandlers(services);
    const clientId = 'c'.repeat(MAX_CREDENTIAL_LENGTH);
    const saved = await dispatch(
      handlers,
      'saveIntegration',
      {
        platform: 'zohobooks',
        clientId,
        clientSecret: 'zoho-secret-1',
        options: { regions: ['us'], includeLineItems: false, includeCustomerContacts: false },
      },
      services.log,
    );
    expect(saved).toMatchObject({ ok: true, value: { integration: { clientId } } });
    expect(await dispatch(handlers, 'getIntegration', { platform: 'zohobooks' }, services.log)).toMatchObject(
      {
        ok: true,
        value: { clientId },
      },
    );
  });
});

describe('what the channels refuse at their edges', () => {
  const refused = { ok: false, error: { code: 'INVALID_INPUT', messageKey: 'errors.INVALID_INPUT' } };

  function channels() {
    const services = testServices();
    const handlers = createIpcHandlers(services);
    return (channel: string, payload?: unknown) => dispatch(handlers, channel, payload, services.log);
  }

  it('settings: a port outside 1024–65535, a time limit outside 1–60 minutes, or an unknown value changes nothing', async () => {
    const call = channels();
    const before = await call('getSettings');
    for (const bad of [
      { loopbackPort: 1023 },
      { loopbackPort: 65536 },
      { loopbackPort: 8080.5 },
      { loopbackPort: '8080' },
      { signInTimeoutMinutes: 0 },
      { signInTimeoutMinutes: 61 },
      { signInTimeoutMinutes: 1.5 },
      { redirectHost: 'example.com' },
      { theme: 'blue' },
      { language: 'de' },
      { keepLinksAlive: 'yes' },
      { dataFilePath: '/elsewhere/app.sqlite' },
    ])
      expect(await call('updateSettings', bad), JSON.stringify(bad)).toEqual(refused);
    expect(await call('getSettings')).toEqual(before);
    for (const good of [
      { loopbackPort: 1024 },
      { loopbackPort: 65535 },
      { signInTimeoutMinutes: 1 },
      { signInTimeoutMinutes: 60 },
      { redirectHost: 'localhost' },
      { redirectHost: '127.0.0.1' },
      { theme: 'dark' },
      { theme: 'light' },
      { theme: 'auto' },
      { language: 'fr-CA' },
      { language: 'en' },
      { keepLinksAlive: true },
    ])
      expect(await call('updateSettings', good), JSON.stringify(good)).toMatchObject({
        ok: true,
        value: good,
      });
  });

  it('a secret to reveal, copy or compare is a connection id of 1–80 characters or a registration’s secret field', async () => {
    const call = channels();
    for (const target of [
      { kind: 'connection', connectionId: '' },
      { kind: 'connection', connectionId: 'c'.repeat(81) },
      { kind: 'integration', platform: 'sage', field: 'clientId' },
      { kind: 'integration', platform: 'quickbooks', field: 'clientSecret' },
      { kind: 'keychain', account: 'connection-1' },
    ]) {
      for (const channel of ['revealSecret', 'copySecret'])
        expect(await call(channel, { target }), `${channel} ${JSON.stringify(target)}`).toEqual(refused);
      expect(await call('compareSecret', { target, candidate: 'x' })).toEqual(refused);
    }
    const unknown = { ok: false, error: { code: 'NOT_FOUND', messageKey: 'errors.NOT_FOUND' } };
    for (const target of [
      { kind: 'connection', connectionId: 'c'.repeat(80) },
      { kind: 'connection', connectionId: 'c' },
    ])
      expect(await call('revealSecret', { target }), JSON.stringify(target)).toEqual(unknown);
    for (const field of ['clientSecret', 'signingSecret', 'subscriptionKey'])
      expect(
        await call('revealSecret', { target: { kind: 'integration', platform: 'sage', field } }),
        field,
      ).toEqual(unknown);
  });

  it('only keychain items named like this app’s own secrets can be deleted as orphans', async () => {
    const call = channels();
    for (const account of [
      'connection-',
      'integration-',
      `connection-${'a'.repeat(81)}`,
      'other-app-1234',
      'xconnection-1234',
      'connection-12/34',
      'connection-12 34',
      'connection-1234\n',
      'connection_1234',
      'Connection-1234',
    ])
      expect(await call('deleteOrphanSecret', { account }), JSON.stringify(account)).toEqual(refused);
    // Well-formed names reach the keychain check, which finds no such orphan.
    const notAnOrphan = { ok: false, error: { code: 'NOT_FOUND', messageKey: 'errors.NOT_FOUND' } };
    for (const account of [`connection-${'a'.repeat(80)}`, 'integration-Ab-9', 'connection-0000-ffff'])
      expect(await call('deleteOrphanSecret', { account }), account).toEqual(notAnOrphan);
  });
});
