/**
 * Against the real S3 server that scripts/services/s3.sh starts (versitygw):
 * the global setup exports its S3_* settings.
 */
import { createHash, randomUUID } from 'node:crypto';

import {
  BackupNotRestorableError,
  deleteBackupObjects,
  latestRestorableBackup,
  listBackupIds,
  verifyBackup,
  writeBackup,
} from './backup-store.js';
import { backupPrefix, manifestKey } from './keys.js';
import { backupsBeyondRetention } from './retention.js';
import { S3ObjectStore, s3SettingsFromEnv } from './s3-store.js';

const settings = s3SettingsFromEnv();
if (!settings) throw new Error('S3_ENDPOINT is not set: the integration global setup starts the local S3 server');
const store = new S3ObjectStore(settings);
afterAll(() => store.destroy());

const storeId = `store-${randomUUID().slice(0, 8)}`;
const meta = (backupId: string, minute = 0) => ({
  storeId,
  backupId,
  engine: 'medusa' as const,
  engineVersion: '17.5',
  createdAt: new Date(Date.UTC(2026, 11, 1, 12, minute)).toISOString(),
});
const parts = (text: string) => [
  { part: 'database' as const, name: 'database.dump', body: Buffer.from(`dump of ${text}`) },
  { part: 'files' as const, name: 'files.tar.gz', body: Buffer.from(`files of ${text}`) },
];

afterAll(async () => {
  for (const id of await listBackupIds(store, storeId)) await deleteBackupObjects(store, storeId, id);
});

it('a written backup lands under the store prefix with a manifest that matches the bucket', async () => {
  const written = await writeBackup(store, meta('bk-good'), parts('good'));
  expect((await store.list(backupPrefix(storeId, 'bk-good'))).sort()).toEqual(
    [
      `${backupPrefix(storeId, 'bk-good')}database.dump`,
      `${backupPrefix(storeId, 'bk-good')}files.tar.gz`,
      manifestKey(storeId, 'bk-good'),
    ].sort(),
  );
  const verified = await verifyBackup(store, storeId, 'bk-good');
  expect(verified).toEqual(written);
  expect(verified.objects.find((o) => o.part === 'database')).toMatchObject({
    size: Buffer.byteLength('dump of good'),
    sha256: createHash('sha256').update('dump of good').digest('hex'),
  });
});

it('never picks a half-written backup: objects without a manifest, or a manifest whose checksum does not match', async () => {
  const good = await writeBackup(store, meta('bk-older', 1), parts('older'));
  // A Job killed before its last step: the dump is there, the manifest is not.
  await store.put(`${backupPrefix(storeId, 'bk-killed')}database.dump`, Buffer.from('partial'));
  // A manifest whose object was replaced afterwards (same size, other bytes).
  await writeBackup(store, meta('bk-altered', 3), parts('altered'));
  await store.put(`${backupPrefix(storeId, 'bk-altered')}database.dump`, Buffer.from('dump of ALTERED'));
  // A manifest naming an object that never arrived.
  await writeBackup(store, meta('bk-missing', 4), parts('missing'));
  await store.delete([`${backupPrefix(storeId, 'bk-missing')}files.tar.gz`]);

  await expect(verifyBackup(store, storeId, 'bk-killed')).rejects.toThrow('no manifest (the backup was not committed)');
  await expect(verifyBackup(store, storeId, 'bk-altered')).rejects.toThrow(/database: sha256 [0-9a-f]{64}, manifest says/);
  await expect(verifyBackup(store, storeId, 'bk-missing')).rejects.toThrow(/files: .*files.tar.gz is missing/);
  await expect(verifyBackup(store, storeId, 'bk-absent')).rejects.toBeInstanceOf(BackupNotRestorableError);
  // bk-good (minute 0) and bk-older (minute 1) verify; the newer three do not.
  expect((await latestRestorableBackup(store, storeId))?.backupId).toBe(good.backupId);
});

it('retention deletes the oldest backups from the bucket and keeps the newest N', async () => {
  const retentionStore = `${storeId}-r`;
  const ids = ['r1', 'r2', 'r3', 'r4'];
  for (const [i, id] of ids.entries()) await writeBackup(store, { ...meta(id, 10 + i), storeId: retentionStore }, parts(id));
  const known = ids.map((id, i) => ({ id, createdAt: new Date(Date.UTC(2026, 11, 1, 12, 10 + i)) }));
  for (const old of backupsBeyondRetention(known, 2)) await deleteBackupObjects(store, retentionStore, old.id);
  expect(await listBackupIds(store, retentionStore)).toEqual(['r3', 'r4']);
  await expect(verifyBackup(store, retentionStore, 'r1')).rejects.toThrow('no manifest');
  for (const id of ['r3', 'r4']) await deleteBackupObjects(store, retentionStore, id);
});
