import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

import { AppError } from '@shared/ipc/errors';
import type { RedirectHost } from '@shared/settings';

/**
 * The only address the listener binds (RFC 8252 §8.3: loopback only), whether
 * the redirect URIs name `127.0.0.1` or `localhost`.
 */
export const LOOPBACK_HOST = '127.0.0.1';

export interface LoopbackTls {
  key: string;
  cert: string;
}

/** What the page in the browser says after a callback. Never echoes code, state or provider text. */
export type CallbackPage = 'linked' | 'choose' | 'failed' | 'refused';

/**
 * Handles a callback on a registered path. Returns the page to show; the
 * handler decides whether the callback completes a flow.
 */
export type CallbackHandler = (path: string, params: URLSearchParams) => Promise<CallbackPage>;

/**
 * A short-lived HTTP(S) server on 127.0.0.1 that receives OAuth redirects: GET
 * on registered paths only (other paths 404, other methods 405), Host must be
 * the one the redirect URIs name (DNS rebinding), answers with a static page
 * that sends no referrer, is never cached and loads nothing.
 */
export class LoopbackListener {
  private readonly paths = new Set<string>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    readonly secure: boolean,
    /** The host the redirect URIs name; the socket is bound to 127.0.0.1 whatever it is. */
    readonly host: RedirectHost,
    private readonly handle: CallbackHandler,
  ) {
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void this.route(req, res));
  }

  /** Listens on 127.0.0.1:port. A port in use is a clear, typed error naming the port. */
  static async open(
    port: number,
    handle: CallbackHandler,
    tls?: LoopbackTls,
    host: RedirectHost = LOOPBACK_HOST,
  ): Promise<LoopbackListener> {
    const server = tls ? createHttpsServer({ key: tls.key, cert: tls.cert }) : createHttpServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(error.code === 'EADDRINUSE' ? new AppError('PORT_IN_USE', `Port ${port} is in use`) : error),
      );
      server.listen({ host: LOOPBACK_HOST, port, exclusive: true }, resolve);
    });
    const actual = (server.address() as AddressInfo).port;
    return new LoopbackListener(server, actual, Boolean(tls), host, handle);
  }

  get origin(): string {
    return `${this.secure ? 'https' : 'http'}://${this.host}:${this.port}`;
  }

  get listening(): boolean {
    return this.server.listening;
  }

  addPath(path: string): void {
    this.paths.add(path);
  }

  removePath(path: string): void {
    this.paths.delete(path);
  }

  get pathCount(): number {
    return this.paths.size;
  }

  /**
   * Stops accepting connections at once; a response being written (the page
   * for the callback that ended the flow) is allowed to finish, briefly.
   */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const force = setTimeout(() => this.server.closeAllConnections(), 1000);
    force.unref();
    await closed;
    clearTimeout(force);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers.host !== `${this.host}:${this.port}`) return void page(res, 400, 'refused');
    const url = new URL(req.url ?? '/', this.origin);
    if (!this.paths.has(url.pathname)) return void page(res, 404, 'refused');
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      return void page(res, 405, 'refused');
    }
    try {
      const outcome = await this.handle(url.pathname, url.searchParams);
      page(res, outcome === 'linked' || outcome === 'choose' ? 200 : 400, outcome);
    } catch {
      page(res, 500, 'failed');
    }
  }
}

const PAGES: Record<CallbackPage, { title: string; en: string; fr: string }> = {
  linked: {
    title: 'Integration Desk',
    en: 'The company is linked. You can close this tab and return to Integration Desk.',
    fr: "L'entreprise est liée. Vous pouvez fermer cet onglet et revenir à Integration Desk.",
  },
  choose: {
    title: 'Integration Desk',
    en: 'You are signed in. Return to Integration Desk to choose which company to link.',
    fr: "Votre session est ouverte. Revenez à Integration Desk pour choisir l'entreprise à lier.",
  },
  failed: {
    title: 'Integration Desk',
    en: 'The company could not be linked. Return to Integration Desk to see what happened.',
    fr: "L'entreprise n'a pas pu être liée. Revenez à Integration Desk pour savoir ce qui s'est passé.",
  },
  refused: {
    title: 'Integration Desk',
    en: 'This address does not complete a sign-in that Integration Desk is waiting for.',
    fr: 'Cette adresse ne termine aucune ouverture de session attendue par Integration Desk.',
  },
};

function page(res: ServerResponse, status: number, kind: CallbackPage): void {
  const { title, en, fr } = PAGES[kind];
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': "default-src 'none'",
    'X-Content-Type-Options': 'nosniff',
    // One request per connection: a kept-alive socket must not outlive the flow it served.
    Connection: 'close',
  });
  res.end(
    `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><p lang="en">${en}</p><p lang="fr-CA">${fr}</p></body></html>`,
  );
}
