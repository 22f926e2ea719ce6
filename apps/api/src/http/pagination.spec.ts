import { ProblemException } from '../problems/problem.js';
import { decodeCursor, encodeCursor, pageOf } from './pagination.js';

const isPair = (v: unknown[]): v is [string, number] => v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'number';

describe('cursor pagination', () => {
  it('round-trips a position', () => {
    expect(decodeCursor(encodeCursor(['2026-01-01T00:00:00.000Z', 7]), isPair)).toEqual(['2026-01-01T00:00:00.000Z', 7]);
  });

  it.each(['garbage', encodeCursor(['only-one']), Buffer.from('{"a":1}').toString('base64url')])(
    'refuses the cursor %p with a 400 problem',
    (cursor) => {
      expect(() => decodeCursor(cursor, isPair)).toThrow(ProblemException);
    },
  );

  it('splits one extra row into "there is more"', () => {
    expect(pageOf([1, 2, 3], 2)).toEqual({ items: [1, 2], last: 2, more: true });
    expect(pageOf([1, 2], 2)).toEqual({ items: [1, 2], last: 2, more: false });
  });
});
