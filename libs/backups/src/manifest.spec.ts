import { backupIdOfKey, backupPrefix, InvalidBackupKeyError, manifestKey, storeBackupsPrefix } from './keys.js';
import { type BackupManifest, InvalidManifestError, manifestMismatches, manifestSize, parseManifest } from './manifest.js';
import { backupsBeyondRetention } from './retention.js';

const ids = { storeId: 'store-1', backupId: 'bk-1' };
const sha = (c: string) => c.repeat(64);
const valid = (): BackupManifest => ({
  format: 1,
  ...ids,
  engine: 'medusa',
  engineVersion: '17.5',
  createdAt: '2026-12-01T20:00:00.000Z',
  objects: [
    { part: 'database', key: 'stores/store-1/backups/bk-1/database.dump', size: 10, sha256: sha('a') },
    { part: 'files', key: 'stores/store-1/backups/bk-1/files.tar.gz', size: 5, sha256: sha('b') },
  ],
});

describe('backup keys', () => {
  it('puts every backup under its store prefix, manifest included', () => {
    expect(storeBackupsPrefix('store-1')).toBe('stores/store-1/backups/');
    expect(backupPrefix('store-1', 'bk-1')).toBe('stores/store-1/backups/bk-1/');
    expect(manifestKey('store-1', 'bk-1')).toBe('stores/store-1/backups/bk-1/manifest.json');
    expect(backupIdOfKey('store-1', 'stores/store-1/backups/bk-1/database.dump')).toBe('bk-1');
    expect(backupIdOfKey('store-1', 'stores/store-10/backups/bk-1/database.dump')).toBeNull();
  });

  it.each(['../x', 'a/b', 'A', '', 'x'.repeat(64)])('refuses the id %j, which could leave the prefix', (id) => {
    expect(() => backupPrefix('store-1', id)).toThrow(InvalidBackupKeyError);
    expect(() => storeBackupsPrefix(id)).toThrow(InvalidBackupKeyError);
  });
});

describe('parseManifest', () => {
  it('accepts a complete manifest, from text or parsed', () => {
    expect(parseManifest(JSON.stringify(valid()), ids)).toEqual(valid());
    expect(manifestSize(parseManifest(valid(), ids))).toBe(15);
  });

  it('names every problem of a bad manifest', () => {
    const bad = { ...valid(), format: 2, engine: 'shopify', engineVersion: '', createdAt: 'yesterday' };
    bad.objects = [{ part: 'files', key: 'stores/other/backups/bk-1/x', size: -1, sha256: 'XYZ' } as never];
    let error: unknown;
    try {
      parseManifest(bad, ids);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidManifestError);
    expect((error as InvalidManifestError).problems).toEqual([
      'format must be 1, got 2',
      'engine must be one of woocommerce, medusa',
      'engineVersion must be a non-empty string',
      'createdAt must be an ISO 8601 time',
      'objects[0].key must be directly under stores/store-1/backups/bk-1/',
      'objects[0].size must be a non-negative integer',
      'objects[0].sha256 must be 64 lowercase hex digits',
      'objects must include the database dump',
    ]);
  });

  it("refuses another backup's manifest and non-JSON", () => {
    expect(() => parseManifest(valid(), { storeId: 'store-2', backupId: 'bk-1' })).toThrow('storeId must be store-2');
    expect(() => parseManifest(valid(), { storeId: 'store-1', backupId: 'bk-2' })).toThrow(/backupId must be bk-2/);
    expect(() => parseManifest('{', ids)).toThrow('not JSON');
    expect(() => parseManifest({ ...valid(), objects: [valid().objects[0], valid().objects[0]] }, ids)).toThrow(/appears twice/);
  });
});

describe('manifestMismatches', () => {
  it('is empty only when every object is present with its size and checksum', () => {
    const m = valid();
    const observed = new Map(m.objects.map((o) => [o.key, { size: o.size, sha256: o.sha256 }]));
    expect(manifestMismatches(m, observed)).toEqual([]);
    observed.set(m.objects[1]!.key, { size: 6, sha256: sha('c') });
    observed.delete(m.objects[0]!.key);
    expect(manifestMismatches(m, observed)).toEqual([
      'database: stores/store-1/backups/bk-1/database.dump is missing',
      'files: size 6, manifest says 5',
      `files: sha256 ${sha('c')}, manifest says ${sha('b')}`,
    ]);
  });
});

describe('backupsBeyondRetention', () => {
  const at = (id: string, minute: number) => ({ id, createdAt: new Date(Date.UTC(2026, 11, 1, 0, minute)) });

  it('keeps the newest N and returns the rest oldest first', () => {
    const backups = [at('c', 3), at('a', 1), at('e', 5), at('b', 2), at('d', 4)];
    expect(backupsBeyondRetention(backups, 2).map((b) => b.id)).toEqual(['a', 'b', 'c']);
    expect(backupsBeyondRetention(backups, 5)).toEqual([]);
  });

  it('refuses to keep fewer than one', () => {
    expect(() => backupsBeyondRetention([], 0)).toThrow(RangeError);
  });
});
