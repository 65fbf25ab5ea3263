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
