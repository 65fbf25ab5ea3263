/**
 * Loopback HTTP(S) plumbing shared by every fake provider: a recording server
 * bound to 127.0.0.1 on a random port, and a tiny client that never follows
 * redirects (so tests see the provider's 302 themselves).
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  /** Which fake server answered, e.g. 'sage', 'zoho-eu-accounts', 'zoho-us-api'. */
  server: string;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Form and JSON bodies parsed to objects; anything else as text; undefined if empty. */
  body: unknown;
  /** Epoch milliseconds (wall clock, not the fake's adjustable clock). */
  at: number;
}

export interface FakeRequest extends RecordedRequest {
  url: URL;
}

/** A reply; an object body is sent as JSON, a string body as is (HTML unless content-type says otherwise). */
export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

export interface LoopbackServer {
  origin: string;
  close(): Promise<void>;
}

export interface ServerOptions {
  label: string;
  handler: Handler;
  /** Every request is pushed here before it is handled. */
  record: RecordedRequest[];
  latencyMs?: () => number;
  tls?: { key: string; cert: string };
}

export async function startLoopbackServer(opts: ServerOptions): Promise<LoopbackServer> {
  const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    void serve(opts, req, res);
  };
  const server = opts.tls ? https.createServer(opts.tls, listener) : http.createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(
  opts: ServerOptions,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const text = await readText(req);
    const request: FakeRequest = {
      server: opts.label,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: parseBody(text, req.headers['content-type']),
      at: Date.now(),
      url,
    };
    const { url: _url, ...recorded } = request;
    opts.record.push(recorded);
    const latency = opts.latencyMs?.() ?? 0;
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    write(res, await opts.handler(request));
  } catch (error) {
    write(res, {
      status: 500,
      body: `fake ${opts.label} crashed: ${String(error)}`,
      headers: { 'content-type': 'text/plain' },
    });
  }
}

function readText(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(text: string, contentType = ''): unknown {
  if (text === '') return undefined;
  if (contentType.includes('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(text));
  if (contentType.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function write(res: http.ServerResponse, reply: FakeResponse): void {
  const headers: Record<string, string> = { 'cache-control': 'no-store', ...reply.headers };
  let payload = '';
  if (typeof reply.body === 'string') {
    payload = reply.body;
    headers['content-type'] ??= 'text/html; charset=utf-8';
  } else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['content-type'] ??= 'application/json';
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): FakeResponse => ({
  status,
  body,
  ...(headers ? { headers } : {}),
});

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A provider's own error page: HTML, no redirect. */
export function errorPage(status: number, title: string, detail: string): FakeResponse {
  return {
    status,
    body: `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p></body></html>`,
  };
}

export interface ClientResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** One HTTP(S) request, redirects NOT followed; `ca` trusts a fake's self-signed certificate. */
export function request(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; ca?: string } = {},
): Promise<ClientResponse> {
  const target = new URL(url);
  const lib = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      target,
      { method: init.method ?? 'GET', headers: init.headers, ...(init.ca ? { ca: init.ca } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}
