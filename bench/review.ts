// (e) the offline review in main: query + health computation over 10,000 connections.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { composeServices } from '../src/main/services/compose';
import { createLogger } from '../src/main/services/log';
import type { SecretStore } from '../src/main/services/vault/secret-store';
import { seedConnections } from '../test/harness/seed';
import { median, timeMs } from './stats';

export const REVIEW_CONNECTIONS = 10_000;

export async function benchReview(
  secrets: SecretStore,
  runs = 20,
): Promise<{ reviewMs: number; rows: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'integration-desk-bench-review-'));
  const services = composeServices({
    dataDir,
    secrets,
    systemLocales: ['en-CA'],
    osUser: 'bench',
    openExternal: async () => undefined,
    log: createLogger(() => undefined),
    clipboard: { writeSecret: () => undefined, readText: () => '', clear: () => undefined },
    chooseSavePath: async () => null,
  });
  try {
    seedConnections(services.db, REVIEW_CONNECTIONS, Date.now());
    let rows = 0;
    for (let i = 0; i < 3; i++) rows = services.review.currentReview().rows.length; // warm-up
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await timeMs(() => services.review.currentReview()));
    return { reviewMs: median(times), rows };
  } finally {
    services.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
