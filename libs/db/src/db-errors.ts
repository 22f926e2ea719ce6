/**
 * Classifies errors from the Prisma client (pg driver adapter) so callers can
 * answer "try again later" for an unreachable database and "conflict" for a
 * unique violation without matching message strings.
 */

/** Prisma error codes that mean the database could not be reached or did not answer in time. */
const UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);
/** Driver adapter error kinds with the same meaning. */
const UNAVAILABLE_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TlsConnectionError',
]);
/** Node socket errors that surface unwrapped from the pg pool. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  '57P01',
  '57P03',
]);

interface ErrorShape {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; constraint?: unknown; table?: unknown } }; target?: unknown };
  cause?: unknown;
}

function adapterCause(error: ErrorShape) {
  return error.meta?.driverAdapterError?.cause;
}

/** True when the error means Postgres is down, unreachable or not answering (a 503, not a 500). */
export function isDatabaseUnavailableError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const e = error as ErrorShape;
  if (typeof e.code === 'string' && (UNAVAILABLE_CODES.has(e.code) || SOCKET_CODES.has(e.code))) return true;
  const kind = adapterCause(e)?.kind;
  if (typeof kind === 'string' && UNAVAILABLE_KINDS.has(kind)) return true;
  if (
    typeof e.message === 'string' &&
    /Connection terminated|timeout exceeded when trying to connect|Query read timeout/i.test(e.message)
  )
    return true;
  return isDatabaseUnavailableError(e.cause, depth + 1);
}

/**
 * The columns a unique violation names: Prisma's `meta.target`, the driver
 * adapter's `constraint.fields`, or the column part of its index name when
 * that is Postgres's default `<table>_<column>_key`.
 */
function violatedColumns(e: ErrorShape): string[] {
  const columns: string[] = [];
  const add = (value: unknown) => {
    if (typeof value === 'string') columns.push(value);
    else if (Array.isArray(value)) for (const item of value) if (typeof item === 'string') columns.push(item);
  };
  add(e.meta?.target);
  const cause = adapterCause(e);
  const constraint = cause?.constraint as { fields?: unknown; index?: unknown } | undefined;
  add(constraint?.fields);
  const index = constraint?.index;
  const table = cause?.table;
  if (typeof index === 'string' && typeof table === 'string' && index.startsWith(`${table}_`) && index.endsWith('_key')) {
    columns.push(index.slice(table.length + 1, -'_key'.length));
  }
  return columns;
}

/**
 * True for a unique-constraint violation (optionally only one on exactly the
 * column `field`). Matches column names, never substrings of the error's text.
 */
export function isUniqueViolation(error: unknown, field?: string): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as ErrorShape;
  const unique = e.code === 'P2002' || adapterCause(e)?.kind === 'UniqueConstraintViolation';
  if (!unique || !field) return unique;
  return violatedColumns(e).includes(field);
}
