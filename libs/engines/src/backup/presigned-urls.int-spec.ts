/**
 * What a backup or restore Job can do with the presigned URLs the worker
 * gives it, against the real S3 server (versitygw): exactly its own requests.
 * Every refusal below is a real request the S3 server answered with 403.
 */
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

import {
  backupDownloadUrls,
  backupPrefix,
  backupUploadUrls,
  deleteBackupObjects,
  S3ObjectStore,
  s3SettingsFromEnv,
  verifyBackup,
  writeBackup,
} from '@storefleet/backups';

import { backupObjectFiles } from './jobs.js';
import { jobDirs, runScript, transferEnv } from './roundtrip.js';
import { DOWNLOAD_SCRIPT, UPLOAD_SCRIPT } from './scripts.js';

const s3 = s3SettingsFromEnv();
if (!s3) throw new Error('S3_ENDPOINT is not set: the integration global setup starts the local S3 server');
const bucket = new S3ObjectStore(s3);
const a = { storeId: `store-a-${randomUUID().slice(0, 8)}`, backupId: `bk-${randomUUID().slice(0, 8)}` };
const b = { storeId: `store-b-${randomUUID().slice(0, 8)}`, backupId: `bk-${randomUUID().slice(0, 8)}` };
const prefixA = backupPrefix(a.storeId, a.backupId);
const prefixB = backupPrefix(b.storeId, b.backupId);
const dumpOfB = Buffer.from('dump of store B');

/** One of store A's URLs aimed at store B's backup instead: same signature, other key. */
const atB = (url: string) => {
  expect(url).toContain(`/${prefixA}`);
  return url.replace(`/${prefixA}`, `/${prefixB}`);
};
const refusal = async (response: Response) => ({ status: response.status, body: await response.text() });

/** A dump step's output, as the upload step finds it in the work dir. */
async function dumped(work: string, text: string) {
  await writeFile(path.join(work, 'engine-version'), '17.5\n');
  await writeFile(path.join(work, 'database.pgdump'), text);
}

beforeAll(async () => {
  await writeBackup(bucket, { ...b, engine: 'medusa', engineVersion: '17.5', createdAt: new Date().toISOString() }, [
    { part: 'database', name: 'database.pgdump', body: dumpOfB },
  ]);
});

afterAll(async () => {
  for (const ids of [a, b]) await deleteBackupObjects(bucket, ids.storeId, ids.backupId).catch(() => undefined);
  bucket.destroy();
});

it("store A's backup URLs write its own backup, and neither write nor read under store B's prefix", async () => {
  const urls = await backupUploadUrls(bucket, a, backupObjectFiles('medusa'), 300);
  expect(Object.keys(urls).sort()).toEqual(['database.pgdump', 'files.tar.gz', 'manifest.json']);

  // The Job's own work: committed and verifiable.
  const job = await jobDirs(urls);
  await dumped(job.work, 'dump of store A');
  const env = {
    ...transferEnv(job.urls, prefixA),
    WORK_DIR: job.work,
    STORE_ID: a.storeId,
    BACKUP_ID: a.backupId,
    ENGINE: 'medusa',
  };
  expect((await runScript(UPLOAD_SCRIPT, env)).stdout).toContain('committed manifest');
  const manifestA = await verifyBackup(bucket, a.storeId, a.backupId);

  // Each PUT aimed at store B's backup: refused, nothing of B changed.
  for (const url of Object.values(urls)) {
    const put = await refusal(await fetch(atB(url), { method: 'PUT', body: 'overwritten by store A' }));
    expect(put).toMatchObject({ status: 403, body: expect.stringContaining('SignatureDoesNotMatch') });
  }
  // The same through the Job's own script: its URLs dir pointed at B fails, and B's manifest stays B's.
  const redirected = await jobDirs(Object.fromEntries(Object.entries(urls).map(([file, url]) => [file, atB(url)])));
  await dumped(redirected.work, 'dump of store A');
  await expect(
    runScript(UPLOAD_SCRIPT, { ...env, ...transferEnv(redirected.urls, prefixB), WORK_DIR: redirected.work }),
  ).rejects.toMatchObject({ stderr: expect.stringContaining('403') });
  const manifestB = await verifyBackup(bucket, b.storeId, b.backupId);
  expect(manifestB.objects).toEqual([expect.objectContaining({ key: `${prefixB}database.pgdump`, size: dumpOfB.length })]);

  // Reading: A's GETs (restore) read A's objects; aimed at B they are refused; a PUT URL is no GET.
  const gets = await backupDownloadUrls(bucket, manifestA, 300);
  expect(await (await fetch(gets['database.pgdump']!)).text()).toBe('dump of store A');
  for (const url of [...Object.values(gets), urls['manifest.json']!]) {
    expect(await refusal(await fetch(atB(url)))).toMatchObject({ status: 403 });
  }
  expect((await fetch(urls['database.pgdump']!)).status).toBe(403);
  // Nor may a URL list the bucket or delete: another method or path is another signature.
  const list = new URL(gets['database.pgdump']!);
  list.pathname = `/${s3.bucket}/`;
  list.searchParams.set('list-type', '2');
  expect((await fetch(list)).status).toBe(403);
  expect((await fetch(gets['database.pgdump']!, { method: 'DELETE' })).status).toBe(403);
  expect((await verifyBackup(bucket, a.storeId, a.backupId)).objects).toEqual(manifestA.objects);
});

it('an expired URL is refused: a backup Job that starts too late commits nothing, a restore downloads nothing', async () => {
  const late = { storeId: a.storeId, backupId: `bk-${randomUUID().slice(0, 8)}` };
  const urls = await backupUploadUrls(bucket, late, backupObjectFiles('medusa'), 1);
  const restoreUrls = await backupDownloadUrls(bucket, await verifyBackup(bucket, b.storeId, b.backupId), 1);
  await new Promise((r) => setTimeout(r, 2_500));

  const put = await refusal(await fetch(urls['manifest.json']!, { method: 'PUT', body: '{}' }));
  expect(put).toMatchObject({ status: 403, body: expect.stringMatching(/expired/i) });
  const job = await jobDirs(urls);
  await dumped(job.work, 'too late');
  await expect(
    runScript(UPLOAD_SCRIPT, {
      ...transferEnv(job.urls, backupPrefix(late.storeId, late.backupId)),
      WORK_DIR: job.work,
      STORE_ID: late.storeId,
      BACKUP_ID: late.backupId,
      ENGINE: 'medusa',
    }),
  ).rejects.toMatchObject({ stderr: expect.stringContaining('403') });
  await expect(verifyBackup(bucket, late.storeId, late.backupId)).rejects.toThrow('no manifest');
  expect(await bucket.list(backupPrefix(late.storeId, late.backupId))).toEqual([]);

  const restore = await jobDirs(restoreUrls);
  await expect(
    runScript(DOWNLOAD_SCRIPT, {
      ...transferEnv(restore.urls, prefixB),
      WORK_DIR: restore.work,
      RESTORE_OBJECTS: `database.pgdump=${'0'.repeat(64)}`,
    }),
  ).rejects.toMatchObject({ stderr: expect.stringContaining('403') });
}, 30_000);
