import { CommonEnv } from './common-env.js';
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
