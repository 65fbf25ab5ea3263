import { X509Certificate } from 'node:crypto';

import { generate } from 'selfsigned';

import { LOOPBACK_TLS_ACCOUNT, loopbackTlsItem, parseLoopbackTlsItem } from '../vault/keychain-items';
import type { SecretStore } from '../vault/secret-store';
import type { LoopbackTls } from './loopback-listener';

/** Keychain account of this install's loopback certificate and key. */
export { LOOPBACK_TLS_ACCOUNT };

/**
 * The per-install self-signed certificate for https://127.0.0.1 and
 * https://localhost callbacks (FreshBooks accepts only https redirect URIs).
 * Made once with an EC P-256 key (small enough for every keychain) and kept in
 * the keychain; browsers warn about it because no authority signed it, which
 * the wizard explains. One made before it named `localhost` is made again.
 */
export function createLoopbackCertificates(secrets: SecretStore, clock: () => Date) {
  let pending: Promise<LoopbackTls> | undefined;
  const load = async (): Promise<LoopbackTls> => {
    const tls = parseLoopbackTlsItem(await secrets.get(LOOPBACK_TLS_ACCOUNT));
    if (tls) {
      const certificate = new X509Certificate(tls.cert);
      if (new Date(certificate.validTo) > clock() && certificate.checkHost('localhost') !== undefined)
        return tls;
    }
    const now = clock();
    const generated = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate: now,
      notAfterDate: new Date(now.getTime() + 5 * 365 * 24 * 3600 * 1000),
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 7, ip: '127.0.0.1' },
            { type: 2, value: 'localhost' },
          ],
        },
      ],
    });
    const fresh = { key: generated.private, cert: generated.cert };
    await secrets.set(LOOPBACK_TLS_ACCOUNT, loopbackTlsItem(fresh));
    return fresh;
  };
  return (): Promise<LoopbackTls> => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
