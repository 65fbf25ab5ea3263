/**
 * What the browser shows and receives after an OAuth redirect reaches the loopback listener
 * (RFC 8252 §7.3): a static page in both languages, served as HTML that nothing can re-interpret,
 * and how a listener that cannot start is reported.
 */
import { request } from 'node:http';
import { createServer } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { LoopbackListener, type CallbackPage } from '../../src/main/services/oauth/loopback-listener';

const open: LoopbackListener[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

const PATH = '/oauth/zohobooks/callback';

async function listener(handle: (path: string, params: URLSearchParams) => Promise<CallbackPage>) {
  const l = await LoopbackListener.open(0, handle);
  open.push(l);
  l.addPath(PATH);
  return l;
}

/** One GET as the browser sends it; fails after 3 s instead of waiting for a page that never comes. */
function browse(port: number, path: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, timeout: 3000 }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('timeout', () => req.destroy(new Error('no page within 3 s')));
      req.on('error', reject);
      req.end();
    },
  );
}

/** The title and the two paragraphs a person reads. */
function readPage(body: string) {
  const text = (pattern: RegExp) => pattern.exec(body)?.[1] ?? '';
  return {
    title: text(/<title>([^<]*)<\/title>/),
    en: text(/<p lang="en">([^<]*)<\/p>/),
    fr: text(/<p lang="fr-CA">([^<]*)<\/p>/),
  };
}

describe('the page after a callback', () => {
  it.each([
    ['linked', 200, /company is linked.*close this tab/i, /entreprise est liée.*fermer cet onglet/i],
    ['failed', 400, /could not be linked.*return to Integration Desk/i, /n'a pas pu être liée.*Revenez/i],
    ['choose', 200, /signed in.*choose which company/i, /session est ouverte.*choisir l'entreprise/i],
    ['refused', 400, /does not complete a sign-in/i, /ne termine aucune ouverture de session/i],
  ] as const)('%s: status %i, and says so in English and in French', async (outcome, status, en, fr) => {
    const l = await listener(async () => outcome);
    const res = await browse(l.port, `${PATH}?code=c&state=s`);
    expect(res.status).toBe(status);
    const page = readPage(res.body);
    expect(page.title).toBe('Integration Desk');
    expect(page.en).toMatch(en);
    expect(page.fr).toMatch(fr);
  });

  it('a sign-in that breaks while completing shows the failure page (500), never the error', async () => {
    const l = await listener(async () => {
      throw new Error('token endpoint said: invalid_client for secret s3cr3t');
    });
    const res = await browse(l.port, `${PATH}?code=c&state=s`);
    expect(res.status).toBe(500);
    const page = readPage(res.body);
    expect(page.title).toBe('Integration Desk');
    expect(page.en).toMatch(/could not be linked/i);
    expect(page.fr).toMatch(/n'a pas pu être liée/i);
    expect(res.body).not.toMatch(/invalid_client|s3cr3t/);
  });

  it('is HTML in UTF-8 that the browser may not re-interpret, for every outcome', async () => {
    for (const outcome of ['linked', 'failed', 'refused'] as const) {
      const l = await listener(async () => outcome);
      for (const path of [`${PATH}?code=c&state=s`, '/favicon.ico']) {
        const res = await browse(l.port, path);
        // Without the type the page shows as raw markup; without UTF-8 the French is garbled.
        expect(res.headers['content-type'], path).toBe('text/html; charset=utf-8');
        // Without nosniff a browser may guess another type for what the listener sends.
        expect(res.headers['x-content-type-options'], path).toBe('nosniff');
      }
    }
  });
});

describe('a listener that cannot start', () => {
  /** A privileged port (< 1024) nothing listens on, found while still root. */
  async function freePrivilegedPort(): Promise<number> {
    for (let port = 1000; port < 1024; port++) {
      const probe = createServer();
      const free = await new Promise<boolean>((ok) => {
        probe.once('error', () => ok(false));
        probe.listen({ host: '127.0.0.1', port }, () => probe.close(() => ok(true)));
      });
      if (free) return port;
    }
    throw new Error('no free privileged port');
  }

  // Linux refuses a port below 1024 to an unprivileged user with EACCES. Tests usually run as root
  // (CI): the effective user is dropped for the attempt only, then restored.
  it.runIf(process.platform === 'linux' && process.geteuid?.() === 0)(
    'for another reason than a port in use (no permission) is not reported as a port in use',
    async () => {
      const port = await freePrivilegedPort();
      let outcome: unknown;
      process.seteuid!(65534);
      try {
        outcome = await LoopbackListener.open(port, async () => 'linked').then(
          (l) => (open.push(l), 'listening'),
          (error: { code?: string }) => error.code,
        );
      } finally {
        process.seteuid!(0);
      }
      expect(outcome).toBe('EACCES');
    },
  );
});
