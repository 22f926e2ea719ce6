/**
 * Store names become a DNS label (`<name>.<base domain>`) and a namespace
 * (`store-<name>`), so they follow RFC 1123 label rules, a little tighter.
 */
export const STORE_NAME_MIN_LENGTH = 3;
export const STORE_NAME_MAX_LENGTH = 40;
export const STORE_NAME_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** Names that would collide with platform hosts or confuse shoppers. */
export const RESERVED_STORE_NAMES: ReadonlySet<string> = new Set([
  'admin',
  'api',
  'app',
  'auth',
  'dashboard',
  'default',
  'docs',
  'ftp',
  'grafana',
  'help',
  'internal',
  'kube-system',
  'localhost',
  'login',
  'mail',
  'metrics',
  'ns',
  'platform',
  'root',
  'shop',
  'smtp',
  'static',
  'status',
  'storefleet',
  'support',
  'system',
  'test',
  'www',
]);

/** Returns a sentence describing what is wrong with the name, or null if it is acceptable. */
export function storeNameProblem(name: string): string | null {
  if (name.length < STORE_NAME_MIN_LENGTH || name.length > STORE_NAME_MAX_LENGTH) {
    return `must be ${STORE_NAME_MIN_LENGTH} to ${STORE_NAME_MAX_LENGTH} characters long`;
  }
  if (!STORE_NAME_PATTERN.test(name)) {
    return 'may contain only lowercase letters, digits and "-", and must start and end with a letter or digit';
  }
  if (RESERVED_STORE_NAMES.has(name)) return 'is reserved';
  return null;
}

export function namespaceForStore(name: string): string {
  return `store-${name}`;
}
