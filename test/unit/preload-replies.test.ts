// The preload checks every reply against the contract, then hands over the reply it received
// (not zod's deep copy) when the output schema parses to its input. These tests prove that the
// shortcut keeps the check as strict: a reply main would never send is still refused.
import { describe, expect, it } from 'vitest';

import { dispatch } from '../../src/main/ipc/dispatch';
import { createIpcHandlers } from '../../src/main/ipc/handlers';
import { parsesToItsInput } from '../../src/preload/as-received';
import { buildApi } from '../../src/preload/build-api';
import { CHANNEL_NAMES, contract } from '../../src/shared/ipc/contract';
import { z } from '../../src/shared/ipc/zod';
import { seedConnections } from '../harness/seed';
import { captureLog, testServices } from './support/temp';

async function realReview(count: number): Promise<unknown> {
  const services = testServices();
  seedConnections(services.db, count, Date.now());
  const reply = await dispatch(createIpcHandlers(services), 'getReview', undefined, captureLog().logger);
  // What crosses the process boundary: structured-clone-like, no shared references with main.
  return JSON.parse(JSON.stringify(reply)) as unknown;
}

describe('replies through the preload', () => {
  it('hands over a large valid review as received, after checking it', async () => {
    const reply = (await realReview(500)) as { ok: true; value: { rows: unknown[] } };
    expect(reply.ok).toBe(true);
    const api = buildApi(async () => reply);
    const result = await api.getReview();
    expect(result.ok).toBe(true);
    // The same object, not a copy: no second 10,000-row tree for the garbage collector.
    expect(result.ok && result.value).toBe(reply.value);
    expect(result.ok && result.value.rows).toHaveLength(reply.value.rows.length);
  });

  it('still refuses a review with one extra field in one row (a secret-shaped value cannot slip through)', async () => {
    const reply = (await realReview(50)) as { ok: true; value: { rows: Record<string, unknown>[] } };
    reply.value.rows[37]!['accessToken'] = 'eyJhbGciOi-not-in-the-contract';
    const result = await buildApi(async () => reply).getReview();
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', messageKey: 'errors.INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('eyJhbGciOi');
  });

  it('still refuses a review whose row has a value of the wrong type', async () => {
    const reply = (await realReview(20)) as { ok: true; value: { rows: Record<string, unknown>[] } };
    reply.value.rows[3]!['status'] = { toString: 'active' };
    expect(await buildApi(async () => reply).getReview()).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });

  it('still refuses a review whose problem summary has a key outside the contract', async () => {
    const reply = (await realReview(20)) as { ok: true; value: { summary: Record<string, unknown> } };
    reply.value.summary['clientSecret'] = 1;
    expect(await buildApi(async () => reply).getReview()).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });

  it('returns zod’s result, not the input, for schemas whose parse changes the value', () => {
    expect(parsesToItsInput(z.strictObject({ a: z.string() }))).toBe(true);
    expect(parsesToItsInput(z.object({ a: z.string() }))).toBe(false); // strips unknown keys
    expect(parsesToItsInput(z.strictObject({ a: z.string().trim() }))).toBe(false);
    expect(parsesToItsInput(z.strictObject({ a: z.string().default('x') }))).toBe(false);
    expect(parsesToItsInput(z.strictObject({ a: z.string().transform((s) => s.length) }))).toBe(false);
    expect(parsesToItsInput(z.array(z.strictObject({ a: z.number().nullable().optional() })))).toBe(true);
  });

  it('the review and the integration list, the large and the first replies, are handed over as received', () => {
    expect(parsesToItsInput(contract.getReview.output)).toBe(true);
    expect(parsesToItsInput(contract.listIntegrations.output)).toBe(true);
    // Every output either qualifies or gets zod's copy: both are checked the same way.
    expect(CHANNEL_NAMES.every((name) => typeof parsesToItsInput(contract[name].output) === 'boolean')).toBe(
      true,
    );
  });
});
