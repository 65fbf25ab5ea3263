import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  CONTENT_SECURITY_POLICY,
  cspMetaPolicies,
  META_CONTENT_SECURITY_POLICY,
  metaPolicyOf,
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

  it('drops every directive a <meta> cannot carry, should the header policy ever gain one', () => {
    expect(
      metaPolicyOf(
        "default-src 'none'; sandbox; report-uri https://report.invalid/csp; script-src 'self'; frame-ancestors 'none'",
      ),
    ).toBe("default-src 'none'; script-src 'self'");
    expect(metaPolicyOf("sandbox allow-scripts; img-src 'self' data:")).toBe("img-src 'self' data:");
  });

  it('the build check finds the tag written with or without a closing slash, and the dev copy loses only the tag', () => {
    const policy = "default-src 'none'";
    const head = (tag: string) =>
      `<head>\n    <meta charset="utf-8" />\n    ${tag}\n    <title>x</title>\n</head>`;
    for (const tag of [
      `<meta http-equiv="Content-Security-Policy" content="${policy}">`,
      `<meta http-equiv="Content-Security-Policy" content="${policy}" />`,
      `<meta\n      http-equiv="Content-Security-Policy"\n      content="${policy}"\n    />`,
    ]) {
      expect(cspMetaPolicies(head(tag))).toEqual([policy]);
      expect(withoutCspMeta(head(tag))).toBe(head(''));
    }
    expect(cspMetaPolicies(head(''))).toEqual([]);
  });
});
