/**
 * Custom domains: the hostnames a store is served on besides its platform
 * host `<name>.<base domain>`. Pure rules, shared by the API (which refuses
 * bad input with them) and the dashboard (which checks as the owner types).
 */

/** The platform's store domain when none is configured (STORE_BASE_DOMAIN; *.localtest.me resolves to 127.0.0.1). */
export const DEFAULT_STORE_BASE_DOMAIN = 'localtest.me';

/** The rules a list of custom domains is checked against (from configuration). */
export interface CustomDomainRules {
  /** The platform's own store domain: neither it nor any name under it may be claimed. */
  baseDomain: string;
  /** At most this many per store; 0 turns custom domains off. */
  maxPerStore: number;
  /** `*.example.com` accepted (one leading `*` label only). */
  allowWildcards: boolean;
}

export interface DomainProblem {
  /** `domains` for the list as a whole, `domains[i]` for one entry. */
  field: string;
  message: string;
}

export type DomainCheck = { domains: string[] } | { problems: DomainProblem[] };

/** RFC 1123 label: letters, digits and inner hyphens, 1–63 characters. */
const LABEL_SOURCE = '[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
/** The last label starts with a letter: no top-level domain is numeric, so an IP address is never a hostname. */
const TOP_LABEL_SOURCE = '[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const LABEL = new RegExp(`^${LABEL_SOURCE}$`);
export const MAX_HOSTNAME_LENGTH = 253;

/**
 * A custom domain as written: at least two labels, any case, one optional
 * trailing root dot, an optional leading `*.` (accepted only where the
 * configuration allows wildcards), at most MAX_HOSTNAME_LENGTH characters.
 * The OpenAPI document states it; hostnameProblem says why a value fails it.
 */
export const CUSTOM_DOMAIN_PATTERN = new RegExp(`^(\\*\\.)?(${LABEL_SOURCE}\\.)+${TOP_LABEL_SOURCE}\\.?$`);

/** Lower-cased, one trailing root dot dropped: how a domain is stored and compared. */
export function normalizeDomain(raw: string): string {
  return raw.toLowerCase().replace(/\.$/, '');
}

/** Why `host`, as written, is not a hostname a store may be served on, or null if it is (CUSTOM_DOMAIN_PATTERN, explained). */
export function hostnameProblem(host: string, rules: Pick<CustomDomainRules, 'allowWildcards'>): string | null {
  const problem = patternProblem(host);
  if (problem) return problem;
  if (host.startsWith('*.') && !rules.allowWildcards) return 'wildcard domains are not allowed on this platform';
  return null;
}

function patternProblem(host: string): string | null {
  if (CUSTOM_DOMAIN_PATTERN.test(host) && host.length <= MAX_HOSTNAME_LENGTH) return null;
  if (host.length === 0) return 'must not be empty';
  if (host.length > MAX_HOSTNAME_LENGTH) return `must be at most ${MAX_HOSTNAME_LENGTH} characters`;
  const labels = host.replace(/\.$/, '').split('.');
  const wildcard = labels[0] === '*';
  const named = wildcard ? labels.slice(1) : labels;
  if (named.length < 2)
    return wildcard
      ? 'a wildcard needs a domain under it, such as *.example.com'
      : 'must be a fully qualified domain name, such as shop.example.com';
  for (const label of named) {
    if (!LABEL.test(label)) {
      return label.includes('*')
        ? 'a wildcard may only be the whole first label (*.example.com)'
        : `"${label}" is not a valid DNS label (letters, digits and inner hyphens, at most 63 characters)`;
    }
  }
  return 'its last label must start with a letter (a domain name, not an IP address)';
}

/** True if `host` is the platform's base domain or any name under it (a wildcard over it included). */
export function isPlatformDomain(host: string, baseDomain: string): boolean {
  const base = normalizeDomain(baseDomain);
  if (host.startsWith('*.')) {
    const parent = host.slice(2);
    // `*.example.com` matches one label under example.com: `stores.example.com` itself when that is the base.
    if (base.slice(base.indexOf('.') + 1) === parent) return true;
    return isPlatformDomain(parent, base);
  }
  return host === base || host.endsWith(`.${base}`);
}

/**
 * Checks and normalises a store's new list of custom domains: every entry a
 * hostname, none the platform's, no more than the limit. Duplicates (after
 * lower-casing) are folded; the order is kept, the first being canonical.
 */
export function checkCustomDomains(input: readonly string[], rules: CustomDomainRules): DomainCheck {
  const problems: DomainProblem[] = [];
  const domains: string[] = [];
  input.forEach((raw, i) => {
    const problem = hostnameProblem(raw, rules);
    const host = normalizeDomain(raw);
    if (problem) problems.push({ field: `domains[${i}]`, message: `${raw}: ${problem}` });
    else if (isPlatformDomain(host, rules.baseDomain)) {
      problems.push({
        field: `domains[${i}]`,
        message: `${raw}: is the platform's own domain (${rules.baseDomain}) or under it; every store already has its name there`,
      });
    } else if (!domains.includes(host)) domains.push(host);
  });
  if (domains.length > rules.maxPerStore) {
    problems.push({
      field: 'domains',
      message:
        rules.maxPerStore === 0
          ? 'custom domains are turned off on this platform'
          : `at most ${rules.maxPerStore} custom domains per store (${domains.length} given)`,
    });
  }
  return problems.length > 0 ? { problems } : { domains };
}

/** The record an owner creates at their DNS provider so the domain reaches the platform. */
export interface DnsRecordView {
  type: 'CNAME' | 'A' | 'AAAA';
  name: string;
  value: string;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * The DNS record for `host`: a CNAME to the platform's ingress target (a
 * hostname), or an A / AAAA record when the target is an address. With no
 * target configured, the CNAME points at the store's own platform host, which
 * the platform's wildcard record already sends to the ingress.
 */
export function dnsRecordFor(host: string, target: string): DnsRecordView {
  if (IPV4.test(target)) return { type: 'A', name: host, value: target };
  if (target.includes(':')) return { type: 'AAAA', name: host, value: target };
  return { type: 'CNAME', name: host, value: target };
}
