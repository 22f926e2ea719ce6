import { isUniqueViolation } from './db-errors.js';

const adapterViolation = (constraint: unknown, extra: Record<string, unknown> = {}) => ({
  code: 'P2002',
  meta: { driverAdapterError: { cause: { kind: 'UniqueConstraintViolation', constraint, table: 'stores' } }, ...extra },
});

describe('isUniqueViolation', () => {
  it('names the column of the violated constraint', () => {
    expect(isUniqueViolation(adapterViolation({ fields: ['live_name'] }), 'live_name')).toBe(true);
    expect(isUniqueViolation(adapterViolation({ index: 'stores_live_name_key' }), 'live_name')).toBe(true);
    expect(isUniqueViolation({ code: 'P2002', meta: { target: ['email'] } }, 'email')).toBe(true);
  });

  it('does not match the field inside other strings of the error', () => {
    // A violation on users.email whose details happen to mention "name" elsewhere.
    const onEmail = adapterViolation({ fields: ['email'] }, { modelName: 'live_name_holder', note: 'live_name' });
    expect(isUniqueViolation(onEmail, 'live_name')).toBe(false);
    expect(isUniqueViolation(adapterViolation({ fields: ['username'] }), 'name')).toBe(false);
    expect(isUniqueViolation(adapterViolation({ index: 'stores_live_name_key' }), 'name')).toBe(false);
  });

  it('is false for other errors', () => {
    expect(isUniqueViolation(new Error('duplicate key value violates unique constraint'), 'email')).toBe(false);
    expect(isUniqueViolation({ code: 'P2025' })).toBe(false);
  });
});
