import { instantOf, parseDateTime } from './fields.js';

describe('parseDateTime (RFC 3339, as OpenAPI date-time)', () => {
  it.each([
    ['2026-12-01T20:55:53Z', '2026-12-01T20:55:53.000Z'],
    ['2026-12-01t20:55:53.5+01:30', '2026-12-01T19:25:53.500Z'],
    ['0067-08-19T10:32:23Z', '0067-08-19T10:32:23.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['2016-12-31T23:59:60Z', '2016-12-31T23:59:59.999Z'],
  ])('reads %s as %s', (value, iso) => {
    expect(parseDateTime(value)?.toISOString()).toBe(iso);
  });

  it.each([
    '2025-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-12-01T24:00:00Z',
    '2026-12-01',
    '2026-12-01T10:00:00+24:00',
    'soon',
  ])('refuses %s', (value) => {
    expect(parseDateTime(value)).toBeNull();
  });
});

describe('instantOf', () => {
  it('keeps instants within years 0000–9999 and moves others to the edge', () => {
    expect(instantOf('2026-12-01T20:55:53Z').toISOString()).toBe('2026-12-01T20:55:53.000Z');
    expect(instantOf('9999-12-31T23:59:59-01:00').toISOString()).toBe('9999-12-31T23:59:59.999Z');
    expect(instantOf('0000-01-01T00:00:00+01:00').toISOString()).toBe('0000-01-01T00:00:00.000Z');
  });
});
