import { CommonEnv, defaultLimits, PlatformEnv } from './common-env.js';
import { ConfigError, loadConfig } from './load-config.js';

const valid = { DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db', REDIS_URL: 'redis://127.0.0.1:6379' };

describe('loadConfig', () => {
  it('applies defaults and converts numbers', () => {
    const config = loadConfig(CommonEnv, { ...valid, DATABASE_POOL_SIZE: '7' });
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.DATABASE_POOL_SIZE).toBe(7);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every invalid variable', () => {
    let error: unknown;
    try {
      loadConfig(CommonEnv, { DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).problems.join('\n');
    expect(text).toContain('DATABASE_URL: must be a postgresql://');
    expect(text).toContain('REDIS_URL');
    expect(text).toContain('LOG_LEVEL');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig(CommonEnv, { ...valid, LOG_LEVEL: '' }).LOG_LEVEL).toBe('info');
  });
});

describe('PlatformEnv', () => {
  const base = { ...valid, CREDENTIALS_KEY: Buffer.alloc(32, 1).toString('base64') };

  it('validates QUEUE_PREFIX by one rule for the API and the worker', () => {
    expect(loadConfig(PlatformEnv, { ...base, QUEUE_PREFIX: 'test-worker_1.a' }).QUEUE_PREFIX).toBe('test-worker_1.a');
    // ":" separates BullMQ's own key parts; the API used to accept it and the worker to refuse it.
    expect(() => loadConfig(PlatformEnv, { ...base, QUEUE_PREFIX: 'a:b' })).toThrow('QUEUE_PREFIX');
    expect(() => loadConfig(PlatformEnv, { ...base, QUEUE_PREFIX: 'with space' })).toThrow('QUEUE_PREFIX');
  });

  it('gives the default limits', () => {
    expect(defaultLimits(loadConfig(PlatformEnv, base))).toEqual({
      maxLiveStores: 5,
      maxProvisioningStores: 2,
      maxCreatesPerHour: 10,
    });
  });
});
