import {
  checkCustomDomains,
  CUSTOM_DOMAIN_PATTERN,
  type CustomDomainRules,
  dnsRecordFor,
  hostnameProblem,
  isPlatformDomain,
  normalizeDomain,
} from './custom-domains.js';

const rules: CustomDomainRules = { baseDomain: 'stores.example.com', maxPerStore: 3, allowWildcards: false };

describe('custom domains', () => {
  describe('hostnameProblem (RFC 1123)', () => {
    it.each(['shop.example.com', 'a.b.c.example.co.uk', 'xn--bcher-kva.example', '1shop.example.com', 'a-b.example.com'])(
      'accepts %s',
      (host) => expect(hostnameProblem(host, rules)).toBeNull(),
    );

    it.each([
      ['', 'must not be empty'],
      ['localhost', 'fully qualified'],
      ['-shop.example.com', 'not a valid DNS label'],
      ['shop-.example.com', 'not a valid DNS label'],
      ['shop_1.example.com', 'not a valid DNS label'],
      ['shop..example.com', 'not a valid DNS label'],
      [`${'a'.repeat(64)}.example.com`, 'not a valid DNS label'],
      [`${'a.'.repeat(127)}com`, 'at most 253'],
      ['10.0.0.1', 'not an IP address'],
      ['shop.123', 'not an IP address'],
      [' shop.example.com', 'not a valid DNS label'],
      ['shop.example.com..', 'not a valid DNS label'],
      ['sh*p.example.com', 'whole first label'],
      ['*.example.com', 'wildcard domains are not allowed'],
    ])('refuses %j (%s)', (host, why) => {
      expect(hostnameProblem(host, rules)).toContain(why);
    });

    it('accepts a leading wildcard label only when the configuration allows wildcards', () => {
      expect(hostnameProblem('*.example.com', { allowWildcards: true })).toBeNull();
      expect(hostnameProblem('a.*.example.com', { allowWildcards: true })).toContain('whole first label');
      expect(hostnameProblem('*.com', { allowWildcards: true })).toContain('a domain under it');
    });
  });

  it('normalises case and the root dot', () => {
    expect(normalizeDomain('Shop.Example.COM.')).toBe('shop.example.com');
  });

  it('explains exactly what the pattern in the OpenAPI document refuses', () => {
    const samples = [
      'a.b',
      'A.b.',
      '*.a.b',
      '1a.b',
      'a.1b',
      'a-.b',
      '-a.b',
      'a..b',
      'a.b..',
      '*a.b',
      'a.*.b',
      'a',
      '',
      ' a.b',
      'a_b.c',
    ];
    for (const sample of samples) {
      expect({ sample, refused: hostnameProblem(sample, { allowWildcards: true }) !== null }).toEqual({
        sample,
        refused: !CUSTOM_DOMAIN_PATTERN.test(sample),
      });
    }
  });

  describe('isPlatformDomain', () => {
    it('is the base domain and every name under it', () => {
      expect(isPlatformDomain('stores.example.com', 'stores.example.com')).toBe(true);
      expect(isPlatformDomain('other-shop.stores.example.com', 'stores.example.com')).toBe(true);
      expect(isPlatformDomain('a.b.stores.example.com', 'Stores.Example.com')).toBe(true);
      expect(isPlatformDomain('*.stores.example.com', 'stores.example.com')).toBe(true);
    });

    it('includes a wildcard that would match the base domain itself', () => {
      expect(isPlatformDomain('*.example.com', 'stores.example.com')).toBe(true);
    });

    it('is not a look-alike or a sibling', () => {
      expect(isPlatformDomain('mystores.example.com', 'stores.example.com')).toBe(false);
      expect(isPlatformDomain('stores.example.com.evil.test', 'stores.example.com')).toBe(false);
      expect(isPlatformDomain('example.com', 'stores.example.com')).toBe(false);
      expect(isPlatformDomain('*.shop.example.com', 'stores.example.com')).toBe(false);
    });
  });

  describe('checkCustomDomains', () => {
    it('returns the normalised list in order, duplicates folded', () => {
      expect(checkCustomDomains(['Shop.Example.com', 'www.shop.example.com', 'shop.example.com.'], rules)).toEqual({
        domains: ['shop.example.com', 'www.shop.example.com'],
      });
      expect(checkCustomDomains([], rules)).toEqual({ domains: [] });
    });

    it('names every bad entry by its index', () => {
      expect(checkCustomDomains(['ok.example.com', 'bad_host.example.com', 'x.stores.example.com'], rules)).toEqual({
        problems: [
          { field: 'domains[1]', message: expect.stringContaining('bad_host.example.com: "bad_host" is not a valid DNS label') },
          { field: 'domains[2]', message: expect.stringContaining("x.stores.example.com: is the platform's own domain") },
        ],
      });
    });

    it('refuses more than the configured number per store, and every one when the limit is 0', () => {
      const four = ['a.example.com', 'b.example.com', 'c.example.com', 'd.example.com'];
      expect(checkCustomDomains(four, rules)).toEqual({
        problems: [{ field: 'domains', message: 'at most 3 custom domains per store (4 given)' }],
      });
      expect(checkCustomDomains(four.slice(0, 3), rules)).toEqual({ domains: four.slice(0, 3) });
      expect(checkCustomDomains(['a.example.com'], { ...rules, maxPerStore: 0 })).toEqual({
        problems: [{ field: 'domains', message: 'custom domains are turned off on this platform' }],
      });
    });

    it('accepts a wildcard only when allowed, and never one over the platform domain', () => {
      expect(checkCustomDomains(['*.shop.example.com'], rules)).toHaveProperty('problems');
      expect(checkCustomDomains(['*.shop.example.com'], { ...rules, allowWildcards: true })).toEqual({
        domains: ['*.shop.example.com'],
      });
      expect(checkCustomDomains(['*.stores.example.com'], { ...rules, allowWildcards: true })).toHaveProperty('problems');
    });
  });

  describe('dnsRecordFor', () => {
    it('is a CNAME to a hostname target, an A or AAAA record to an address', () => {
      expect(dnsRecordFor('shop.example.com', 'ingress.stores.example.com')).toEqual({
        type: 'CNAME',
        name: 'shop.example.com',
        value: 'ingress.stores.example.com',
      });
      expect(dnsRecordFor('shop.example.com', '203.0.113.7')).toEqual({
        type: 'A',
        name: 'shop.example.com',
        value: '203.0.113.7',
      });
      expect(dnsRecordFor('shop.example.com', '2001:db8::7')).toEqual({
        type: 'AAAA',
        name: 'shop.example.com',
        value: '2001:db8::7',
      });
    });
  });
});
