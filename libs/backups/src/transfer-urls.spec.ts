import type { BackupManifest } from './manifest.js';
import { backupDownloadUrls, backupUploadUrls, manifestFiles, type RequestPresigner } from './transfer-urls.js';

/** Records what it is asked to presign; the real signing is S3ObjectStore's (proven against the S3 server). */
const presigner: RequestPresigner = {
  presign: (method, key, expires) => Promise.resolve(`${method} ${key} ${expires}`),
};
const ids = { storeId: 'store-1', backupId: 'bk-1' };
const manifest: BackupManifest = {
  format: 1,
  ...ids,
  engine: 'medusa',
  engineVersion: '17.5',
  createdAt: '2026-12-01T20:00:00.000Z',
  objects: [
    { part: 'database', key: 'stores/store-1/backups/bk-1/database.pgdump', size: 10, sha256: 'a'.repeat(64) },
    { part: 'files', key: 'stores/store-1/backups/bk-1/files.tar.gz', size: 5, sha256: 'b'.repeat(64) },
  ],
};

describe('transfer URLs', () => {
  it("a backup Job's: a PUT for each object under the backup's prefix and one for the manifest, nothing else", async () => {
    expect(await backupUploadUrls(presigner, ids, ['database.pgdump', 'files.tar.gz'], 3600)).toEqual({
      'database.pgdump': 'PUT stores/store-1/backups/bk-1/database.pgdump 3600',
      'files.tar.gz': 'PUT stores/store-1/backups/bk-1/files.tar.gz 3600',
      'manifest.json': 'PUT stores/store-1/backups/bk-1/manifest.json 3600',
    });
  });

  it("a restore Job's: a GET for each object of the verified manifest, not the manifest itself", async () => {
    expect(await backupDownloadUrls(presigner, manifest, 600)).toEqual({
      'database.pgdump': 'GET stores/store-1/backups/bk-1/database.pgdump 600',
      'files.tar.gz': 'GET stores/store-1/backups/bk-1/files.tar.gz 600',
    });
    expect(manifestFiles(manifest)).toEqual([
      { file: 'database.pgdump', sha256: 'a'.repeat(64) },
      { file: 'files.tar.gz', sha256: 'b'.repeat(64) },
    ]);
  });

  it.each(['../x', 'a/b', '', '.hidden'])('refuses the file name %j, which could leave the backup', async (file) => {
    await expect(backupUploadUrls(presigner, ids, [file], 60)).rejects.toThrow(/not a file name/);
  });

  it.each([0, 1.5, 7 * 24 * 3600 + 1])('refuses an expiry of %s seconds (SigV4 allows 1 s to 7 days)', async (seconds) => {
    await expect(backupUploadUrls(presigner, ids, ['database.pgdump'], seconds)).rejects.toThrow(RangeError);
  });

  it("refuses ids that could leave the store's prefix", async () => {
    await expect(backupUploadUrls(presigner, { storeId: '../other', backupId: 'bk-1' }, [], 60)).rejects.toThrow(/store id/);
  });
});
