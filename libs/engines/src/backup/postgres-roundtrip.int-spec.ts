/**
 * The Medusa backup and restore, natively: the Jobs' own scripts against the
 * local Postgres (a database of this test) and the real S3 server.
 * An order placed before the backup and deleted after it is back after the restore;
 * a backup killed half-way is never a backup a restore could pick.
 */
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import {
  backupDownloadUrls,
  backupPrefix,
  backupUploadUrls,
  deleteBackupObjects,
  latestRestorableBackup,
  manifestFiles,
  S3ObjectStore,
  s3SettingsFromEnv,
  verifyBackup,
} from '@storefleet/backups';
import pg from 'pg';

import { backupObjectFiles } from './jobs.js';
import { jobDirs, readUrls, runScript, transferEnv } from './roundtrip.js';
import { BACKUP_FILES, DOWNLOAD_SCRIPT, POSTGRES_DUMP_SCRIPT, POSTGRES_RESTORE_SCRIPT, UPLOAD_SCRIPT } from './scripts.js';

const s3 = s3SettingsFromEnv();
if (!s3) throw new Error('S3_ENDPOINT is not set: the integration global setup starts the local S3 server');
const admin = new URL(process.env.DATABASE_ADMIN_URL!);
const database = `sf_backup_${Date.now().toString(36)}_${randomUUID().slice(0, 8).replace(/-/g, '')}`;
const pgEnv = {
  PGHOST: admin.hostname,
  PGPORT: admin.port,
  PGUSER: decodeURIComponent(admin.username),
  PGPASSWORD: decodeURIComponent(admin.password),
  PGDATABASE: database,
};
const query = async (sql: string, db = database) => {
  const url = new URL(admin);
  url.pathname = `/${db}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
};

const store = new S3ObjectStore(s3);
const storeId = `medusa-${randomUUID().slice(0, 8)}`;
const backupId = `bk-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  await query(`CREATE DATABASE "${database}"`, 'postgres');
  await query(`CREATE TABLE "order" (id text PRIMARY KEY, email text NOT NULL, total integer NOT NULL)`);
  await query(`INSERT INTO "order" VALUES ('order_01', 'buyer@example.com', 4200)`);
  // Medusa keeps its own address in the data: product images from the local file provider, metadata.
  await query(`CREATE TABLE product (id text PRIMARY KEY, title text NOT NULL, thumbnail varchar(500), metadata jsonb)`);
  await query(
    `INSERT INTO product VALUES ('prod_01', 'Mug', 'https://src-shop.example.test/static/mug.jpg',
       '{"gallery": ["http://src-shop.example.test/static/mug-2.jpg"], "note": "not a url: src-shop"}')`,
  );
});

afterAll(async () => {
  await deleteBackupObjects(store, storeId, backupId).catch(() => undefined);
  store.destroy();
  await query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`, 'postgres');
  await query(`DROP DATABASE IF EXISTS "${database}_clone" WITH (FORCE)`, 'postgres');
});

it('an order deleted after the backup is back after the restore, with the uploaded files', async () => {
  const files = await mkdtemp(path.join(tmpdir(), 'sf-medusa-static-'));
  await writeFile(path.join(files, 'product.jpg'), 'jpeg bytes');
  const prefix = backupPrefix(storeId, backupId);

  // Backup: the dump container, then the upload container, sharing the work dir.
  // What the worker gives the backup Job: presigned PUTs for its objects and manifest, no key.
  const backup = await jobDirs(await backupUploadUrls(store, { storeId, backupId }, backupObjectFiles('medusa'), 300));
  const dumped = await runScript(POSTGRES_DUMP_SCRIPT, { ...pgEnv, WORK_DIR: backup.work, FILES_DIR: files });
  expect(dumped.stdout).toMatch(/dumped database \(\d+ bytes\)/);
  const uploaded = await runScript(UPLOAD_SCRIPT, {
    ...transferEnv(backup.urls, prefix),
    WORK_DIR: backup.work,
    STORE_ID: storeId,
    BACKUP_ID: backupId,
    ENGINE: 'medusa',
    CREATED_AT: '2026-12-01T21:00:00.000Z',
  });
  expect(uploaded.stdout).toContain('committed manifest');
  // The Job had no key: neither its files nor its variables carry one; its logs carry no key and no URL signature.
  const given = JSON.stringify({ urls: await readUrls(backup.urls), env: transferEnv(backup.urls, prefix) });
  expect(given).not.toContain(s3.secretAccessKey);
  expect(given).not.toMatch(/access-key|secret/i);
  const logs = `${uploaded.stdout}${uploaded.stderr}${dumped.stdout}${dumped.stderr}`;
  expect(logs).not.toContain(s3.secretAccessKey);
  expect(logs).not.toContain(s3.accessKeyId);
  expect(logs).not.toContain('X-Amz-Signature');

  // What the worker does before marking it completed: the manifest read back matches the bucket.
  const manifest = await verifyBackup(store, storeId, backupId);
  expect(manifest).toMatchObject({ storeId, backupId, engine: 'medusa', createdAt: '2026-12-01T21:00:00.000Z' });
  expect(manifest.engineVersion).toMatch(/^\d+\.\d+/);
  expect(manifest.objects.map((o) => o.key).sort()).toEqual([`${prefix}database.pgdump`, `${prefix}files.tar.gz`]);

  // The mistake.
  await query(`DELETE FROM "order" WHERE id = 'order_01'`);
  await rm(path.join(files, 'product.jpg'));
  await writeFile(path.join(files, 'added-later.jpg'), 'not in the backup');
  expect((await query(`SELECT count(*)::int AS n FROM "order"`)).rows[0]).toEqual({ n: 0 });

  // Restore: download (checked against the verified manifest), then pg_restore and the files.
  const restore = await jobDirs(await backupDownloadUrls(store, manifest, 300));
  const objects = manifestFiles(manifest)
    .map((o) => `${o.file}=${o.sha256}`)
    .join(' ');
  await runScript(DOWNLOAD_SCRIPT, {
    ...transferEnv(restore.urls, prefix),
    WORK_DIR: restore.work,
    RESTORE_OBJECTS: objects,
  });
  const restored = await runScript(POSTGRES_RESTORE_SCRIPT, { ...pgEnv, WORK_DIR: restore.work, FILES_DIR: files });
  expect(restored.stdout).toContain('restored database');

  expect((await query(`SELECT id, email, total FROM "order"`)).rows).toEqual([
    { id: 'order_01', email: 'buyer@example.com', total: 4200 },
  ]);
  expect(await readFile(path.join(files, 'product.jpg'), 'utf8')).toBe('jpeg bytes');
  await expect(readFile(path.join(files, 'added-later.jpg'))).rejects.toThrow(/ENOENT/);
});

it('the download refuses an object that does not match the manifest the worker verified', async () => {
  const restore = await jobDirs(await backupDownloadUrls(store, await verifyBackup(store, storeId, backupId), 300));
  const prefix = backupPrefix(storeId, backupId);
  await expect(
    runScript(DOWNLOAD_SCRIPT, {
      ...transferEnv(restore.urls, prefix),
      WORK_DIR: restore.work,
      RESTORE_OBJECTS: `database.pgdump=${'0'.repeat(64)}`,
    }),
  ).rejects.toMatchObject({ stderr: expect.stringContaining('database.pgdump does not match its manifest') });
});

it("a clone restores the source's products and orders into its own database with the source's address rewritten to its own", async () => {
  const prefix = backupPrefix(storeId, backupId);
  const manifest = await verifyBackup(store, storeId, backupId);
  const clone = `${database}_clone`;
  await query(`CREATE DATABASE "${clone}"`, 'postgres');
  const restore = await jobDirs(await backupDownloadUrls(store, manifest, 300));
  await runScript(DOWNLOAD_SCRIPT, {
    ...transferEnv(restore.urls, prefix),
    WORK_DIR: restore.work,
    RESTORE_OBJECTS: manifestFiles(manifest)
      .map((o) => `${o.file}=${o.sha256}`)
      .join(' '),
  });
  const files = await mkdtemp(path.join(tmpdir(), 'sf-medusa-clone-'));
  const restored = await runScript(POSTGRES_RESTORE_SCRIPT, {
    ...pgEnv,
    PGDATABASE: clone,
    WORK_DIR: restore.work,
    FILES_DIR: files,
    REWRITE_FROM: '//src-shop.example.test',
    REWRITE_TO: '//my-clone.example.test',
  });
  expect(restored.stdout).toContain('rewrote the store address');
  expect(restored.stderr).toContain('rewrote 2 values');
  expect((await query(`SELECT id, thumbnail, metadata FROM product`, clone)).rows).toEqual([
    {
      id: 'prod_01',
      thumbnail: 'https://my-clone.example.test/static/mug.jpg',
      metadata: { gallery: ['http://my-clone.example.test/static/mug-2.jpg'], note: 'not a url: src-shop' },
    },
  ]);
  expect((await query(`SELECT id FROM "order"`, clone)).rows).toEqual([{ id: 'order_01' }]);
  expect(await readFile(path.join(files, 'product.jpg'), 'utf8')).toBe('jpeg bytes');
  // The source is untouched.
  expect((await query(`SELECT thumbnail FROM product`)).rows).toEqual([
    { thumbnail: 'https://src-shop.example.test/static/mug.jpg' },
  ]);
});

/**
 * The upload container run in its own process group with a `curl` in front of
 * the real one that SIGKILLs the whole group at one point of the upload: in the
 * middle of an object's body (sent slowly), or as the manifest's upload starts.
 */
async function uploadKilled(
  at: 'database-body' | 'manifest',
  env: Record<string, string>,
): Promise<NodeJS.Signals | number | null> {
  const bin = await mkdtemp(path.join(tmpdir(), 'sf-kill-curl-'));
  const realCurl = (await promisify(execFile)('sh', ['-c', 'command -v curl'])).stdout.trim();
  const trigger =
    at === 'manifest'
      ? `*${BACKUP_FILES.manifest}*) kill -KILL 0 ;;`
      : `*database.pgdump*) printf '%s\\n' "$config" | "${realCurl}" --limit-rate 16k "$@" & sleep 2; kill -KILL 0 ;;`;
  await writeFile(
    path.join(bin, 'curl'),
    `#!/bin/sh\nconfig="$(cat)"\ncase "$config" in\n  ${trigger}\nesac\nprintf '%s\\n' "$config" | exec "${realCurl}" "$@"\n`,
    { mode: 0o755 },
  );
  try {
    const child = spawn('/bin/sh', ['-c', UPLOAD_SCRIPT], {
      detached: true, // its own process group: `kill 0` reaches the script and its curls, not this test
      stdio: 'ignore',
      env: { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, ...env },
    });
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    return signal ?? code;
  } finally {
    await rm(bin, { recursive: true, force: true });
  }
}

it('a backup Job killed mid-upload or before its manifest leaves nothing a restore would pick; run again, it commits', async () => {
  const killedId = `bk-killed-${randomUUID().slice(0, 8)}`;
  const prefix = backupPrefix(storeId, killedId);
  // A dump of a few MB: more than curl's first upload buffer, so the throttled body takes minutes.
  await query(`CREATE TABLE filler AS SELECT g AS id, md5(g::text) AS pad FROM generate_series(1, 100000) g`);
  const job = await jobDirs(await backupUploadUrls(store, { storeId, backupId: killedId }, backupObjectFiles('medusa'), 300));
  try {
    await runScript(POSTGRES_DUMP_SCRIPT, { ...pgEnv, WORK_DIR: job.work });
    const env = {
      ...transferEnv(job.urls, prefix),
      WORK_DIR: job.work,
      STORE_ID: storeId,
      BACKUP_ID: killedId,
      ENGINE: 'medusa',
    };

    const dumpSize = (await stat(path.join(job.work, 'database.pgdump'))).size;
    const sizesInBucket = async () => {
      const sizes: number[] = [];
      for (const key of await store.list(prefix)) {
        let size = 0;
        for await (const chunk of (await store.get(key))!) size += (chunk as Buffer).length;
        sizes.push(size);
      }
      return sizes;
    };
    const neverPicked = async () => {
      await expect(verifyBackup(store, storeId, killedId)).rejects.toThrow('no manifest (the backup was not committed)');
      expect((await latestRestorableBackup(store, storeId))?.backupId).not.toBe(killedId);
    };

    // Killed while the database object's body is on its way. A presigned PUT is unsigned-payload, and this
    // server (versitygw) keeps the bytes it got as the object: a truncated dump is in the bucket. Nothing
    // names it: without a manifest it is no backup, and a manifest is checked object by object (size, SHA-256).
    expect(await uploadKilled('database-body', env)).toBe('SIGKILL');
    for (const size of await sizesInBucket()) expect(size).toBeLessThan(dumpSize);
    await neverPicked();

    // Killed after every object is up but before the manifest: the whole dump is there, uncommitted.
    expect(await uploadKilled('manifest', env)).toBe('SIGKILL');
    expect(await store.list(prefix)).toEqual([`${prefix}database.pgdump`]);
    expect(await sizesInBucket()).toEqual([dumpSize]);
    await neverPicked();

    // The Job's retry (or a new pod) runs the same step again and converges: the manifest commits what is there.
    const again = await runScript(UPLOAD_SCRIPT, env);
    expect(again.stdout).toContain('committed manifest');
    const manifest = await verifyBackup(store, storeId, killedId);
    expect(manifest.objects.map((o) => ({ key: o.key, size: o.size }))).toEqual([
      { key: `${prefix}database.pgdump`, size: dumpSize },
    ]);
  } finally {
    await deleteBackupObjects(store, storeId, killedId).catch(() => undefined);
    await query(`DROP TABLE IF EXISTS filler`);
    await rm(path.dirname(job.work), { recursive: true, force: true });
  }
});
