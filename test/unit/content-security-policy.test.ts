import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  CONTENT_SECURITY_POLICY,
  cspMetaPolicies,
  META_CONTENT_SECURITY_POLICY,
  withoutCspMeta,
} from '../../src/main/security/csp';

const directives = (policy: string) => policy.split(';').map((d) => d.trim());

describe('the CSP <meta> copy in index.html', () => {
  it('is the header policy less what a <meta> cannot carry (frame-ancestors), directive for directive', () => {
    expect(directives(META_CONTENT_SECURITY_POLICY)).toEqual(
      directives(CONTENT_SECURITY_POLICY).filter((d) => !d.startsWith('frame-ancestors')),
    );
    expect(META_CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(META_CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(META_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|frame-ancestors|report-uri|sandbox/);
  });

  it('is what src/renderer/index.html declares, before any script', () => {
    const html = readFileSync(join(__dirname, '../../src/renderer/index.html'), 'utf8');
    expect(cspMetaPolicies(html)).toEqual([META_CONTENT_SECURITY_POLICY]);
    expect(withoutCspMeta(html)).not.toContain('Content-Security-Policy"');
    expect(html.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(html.indexOf('<script'));
  });
});
