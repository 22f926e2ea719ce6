import { problems } from '../problems/problem.js';
import { IntegerField, TextField } from './fields.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Query parameters shared by every cursor-paginated list. */
export class PageQuery {
  @TextField({ optional: true, maxLength: 512, description: 'Opaque cursor: the `nextCursor` of the previous page' })
  cursor?: string;

  @IntegerField({ optional: true, fromQuery: true, min: 1, max: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  limit?: number;
}

export function encodeCursor(position: unknown[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** Decodes a cursor made by encodeCursor, checking each element's type; a bad cursor is a 400. */
export function decodeCursor<T extends unknown[]>(cursor: string, check: (value: unknown[]) => value is T): T {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && check(value)) return value;
  } catch {
    // fall through
  }
  throw problems.validation([{ field: 'cursor', message: 'cursor is not one this API issued' }]);
}

/** Splits a `take: limit + 1` result into a page and whether more follow. */
export function pageOf<T>(rows: T[], limit: number): { items: T[]; last: T | undefined; more: boolean } {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items, last: items.at(-1), more };
}
