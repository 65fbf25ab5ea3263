// (f)(g) the Review screen in Chromium with 10,000 connections: first render of the table and a
// filter keystroke (input → table updated), plus the renderer's memory after loading.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser } from '@playwright/test';

import { KeytarSecretStore } from '../src/main/services/vault/keytar-secret-store';
import {
  measureFilterKeystrokes,
  measureReviewFirstRender,
  rendererHeapUsedBytes,
} from '../test/e2e/harness/review-timing';
import { startHarness } from '../test/harness/server';
import { seedConnections } from '../test/harness/seed';
import { median } from './stats';
import { REVIEW_CONNECTIONS } from './review';

export interface ReviewScreenBench {
  firstRenderMs: number;
  keystrokeMs: number;
  heapUsedBytes: number;
}

export async function benchReviewScreen(browser: Browser): Promise<ReviewScreenBench> {
  const dataDir = mkdtempSync(join(tmpdir(), 'integration-desk-bench-review-screen-'));
  const secrets = new KeytarSecretStore(`com.integrationdesk.bench.${randomUUID().slice(0, 8)}`);
  const harness = await startHarness({ dataDir, secrets, systemLocales: ['en-CA'], osUser: 'bench' });
  const context = await browser.newContext();
  try {
    seedConnections(harness.services.db, REVIEW_CONNECTIONS, Date.now());
    const page = await context.newPage();
    await page.goto(harness.url);
    await page.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor();
    const firstRender = await measureReviewFirstRender(page, 7);
    const keystrokes = await measureFilterKeystrokes(page, 'Company 0999');
    return {
      firstRenderMs: median(firstRender.map((t) => t.updatedMs)),
      keystrokeMs: median(keystrokes.map((t) => t.updatedMs)),
      heapUsedBytes: await rendererHeapUsedBytes(page),
    };
  } finally {
    await context.close();
    await harness.close();
    for (const account of await secrets.accounts()) await secrets.delete(account);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
