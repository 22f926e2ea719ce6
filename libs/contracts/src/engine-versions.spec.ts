import {
  describeEngineVersion,
  type EngineVersions,
  parseEngineVersion,
  parseVersionList,
  upgradeRefusal,
} from './engine-versions.js';

const offered: EngineVersions = {
  woocommerce: ['6.8.3-php8.3-apache/10.2.2', '6.9.0-php8.3-apache/10.3.0'],
  medusa: ['0.1.0', '0.2.0'],
};

describe('engine versions', () => {
  it('reads a WooCommerce version as the WordPress image tag and the plugin version, a Medusa one as the image tag', () => {
    expect(parseEngineVersion('woocommerce', '6.9.0-php8.3-apache/10.3.0')).toEqual({
      imageTag: '6.9.0-php8.3-apache',
      pluginVersion: '10.3.0',
    });
    expect(parseEngineVersion('medusa', '0.2.0')).toEqual({ imageTag: '0.2.0', pluginVersion: null });
  });

  it.each([
    ['woocommerce', '6.9.0-php8.3-apache'],
    ['woocommerce', '6.9.0/latest'],
    ['woocommerce', 'latest/10.3.0'],
    ['woocommerce', '6.9/10.3.0/x'],
    ['woocommerce', '6.9 /10.3.0'],
    ['medusa', 'latest'],
    ['medusa', '0.2.0/1.0.0'],
    ['medusa', ''],
  ] as const)('refuses the %s version "%s"', (engine, version) => {
    expect(parseEngineVersion(engine, version)).toBeNull();
  });

  it('parses an allow-list, names its first bad entry and refuses duplicates', () => {
    expect(parseVersionList('medusa', ' 0.1.0, 0.2.0 ')).toEqual({ versions: ['0.1.0', '0.2.0'] });
    expect(parseVersionList('medusa', '')).toEqual({ versions: [] });
    expect(parseVersionList('woocommerce', '6.8.3-php8.3-apache/10.2.2,6.9.0')).toEqual({
      error: expect.stringContaining('"6.9.0" is not a woocommerce version') as unknown,
    });
    expect(parseVersionList('medusa', '0.1.0,0.1.0')).toEqual({ error: 'lists a version twice' });
  });

  it('describes a version in the words of its engine', () => {
    expect(describeEngineVersion('woocommerce', '6.9.0-php8.3-apache/10.3.0')).toBe(
      'WordPress 6.9.0-php8.3-apache · WooCommerce 10.3.0',
    );
    expect(describeEngineVersion('medusa', '0.2.0')).toBe('Medusa 0.2.0');
  });

  it('refuses a version the platform does not offer for the store engine', () => {
    const store = { engine: 'medusa' as const, status: 'ready' as const, engineVersion: '0.1.0' };
    expect(upgradeRefusal(store, '0.3.0', offered)).toMatchObject({ kind: 'unknown-version' });
    // Another engine's version conflicts with the store's engine.
    expect(upgradeRefusal(store, '6.9.0-php8.3-apache/10.3.0', offered)).toMatchObject({ kind: 'other-engine' });
    expect(upgradeRefusal(store, '0.2.0', offered)).toBeNull();
    expect(upgradeRefusal(store, '0.1.0', { ...offered, medusa: [] })?.message).toContain('offers none');
  });

  it('refuses the version a ready store already runs, but lets a degraded store ask for it again (the rollback)', () => {
    const ready = { engine: 'woocommerce' as const, status: 'ready' as const, engineVersion: offered.woocommerce[0] ?? '' };
    expect(upgradeRefusal(ready, ready.engineVersion, offered)).toMatchObject({ kind: 'same-version' });
    expect(upgradeRefusal({ ...ready, status: 'degraded' }, ready.engineVersion, offered)).toBeNull();
    // A store created before versions were recorded may move to any offered version.
    expect(upgradeRefusal({ ...ready, engineVersion: null }, ready.engineVersion, offered)).toBeNull();
  });
});
