/**
 * The WooCommerce backup and restore, natively: the Jobs' own scripts against
 * a private MariaDB server (Debian's mariadb-server) and the real S3 server.
 * An order placed before the backup and deleted after it is back after the
 * restore, and so are wp-content/uploads.
 */
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import {
  backupDownloadUrls,
  backupPrefix,
  backupUploadUrls,
  deleteBackupObjects,
  manifestFiles,
  S3ObjectStore,
  s3SettingsFromEnv,
  verifyBackup,
} from '@storefleet/backups';

import { backupObjectFiles } from './jobs.js';
import { jobDirs, runScript, startNativeMariadb, transferEnv } from './roundtrip.js';
import { DOWNLOAD_SCRIPT, MARIADB_DUMP_SCRIPT, MARIADB_RESTORE_SCRIPT, UPLOAD_SCRIPT } from './scripts.js';

const s3 = s3SettingsFromEnv();
if (!s3) throw new Error('S3_ENDPOINT is not set: the integration global setup starts the local S3 server');
const store = new S3ObjectStore(s3);
const storeId = `woo-${randomUUID().slice(0, 8)}`;
const backupId = `bk-${randomUUID().slice(0, 8)}`;
const password = randomBytes(12).toString('hex');

let mariadb: Awaited<ReturnType<typeof startNativeMariadb>>;
let dbEnv: Record<string, string>;
const sql = async (statement: string) =>
  (
    await promisify(execFile)(
      'mariadb',
      [
        '--no-defaults',
        '-h',
        '127.0.0.1',
        '-P',
        String(mariadb.port),
        '-u',
        'wordpress',
        '-N',
        '-B',
        'wordpress',
        '-e',
        statement,
      ],
      { env: { PATH: process.env.PATH, MYSQL_PWD: password } },
    )
  ).stdout.trim();

beforeAll(async () => {
  mariadb = await startNativeMariadb();
  // As root over the socket: the same database and user the WooCommerce blueprint's MariaDB creates.
  await promisify(execFile)('mariadb', [
    '--no-defaults',
    `--socket=${mariadb.socket}`,
    '-u',
    'root',
    '-e',
    `CREATE DATABASE wordpress; CREATE USER 'wordpress'@'%' IDENTIFIED BY '${password}'; GRANT ALL ON wordpress.* TO 'wordpress'@'%';`,
  ]);
  dbEnv = {
    DB_HOST: '127.0.0.1',
    DB_PORT: String(mariadb.port),
    DB_USER: 'wordpress',
    DB_NAME: 'wordpress',
    MYSQL_PWD: password,
  };
  await sql(
    `CREATE TABLE wp_wc_orders (id BIGINT PRIMARY KEY, billing_email VARCHAR(100), total_amount DECIMAL(26,8)) ENGINE=InnoDB`,
  );
  await sql(`INSERT INTO wp_wc_orders VALUES (101, 'buyer@example.com', 42.50)`);
}, 120_000);

afterAll(async () => {
  await deleteBackupObjects(store, storeId, backupId).catch(() => undefined);
  store.destroy();
  await mariadb?.stop();
});

it('an order deleted after the backup is back after the restore, with wp-content/uploads', async () => {
  const uploads = await mkdtemp(path.join(tmpdir(), 'sf-wp-uploads-'));
  await writeFile(path.join(uploads, 'logo.png'), 'png bytes');
  const prefix = backupPrefix(storeId, backupId);

  // What the worker gives the backup Job: presigned PUTs for its objects and manifest, no key.
  const backup = await jobDirs(await backupUploadUrls(store, { storeId, backupId }, backupObjectFiles('woocommerce'), 300));
  const dumped = await runScript(MARIADB_DUMP_SCRIPT, { ...dbEnv, WORK_DIR: backup.work, FILES_DIR: uploads });
  expect(dumped.stdout).toMatch(/dumped database \(\d+ bytes\)/);
  const uploaded = await runScript(UPLOAD_SCRIPT, {
    ...transferEnv(backup.urls, prefix),
    WORK_DIR: backup.work,
    STORE_ID: storeId,
    BACKUP_ID: backupId,
    ENGINE: 'woocommerce',
  });
  expect(`${uploaded.stdout}${uploaded.stderr}${dumped.stdout}${dumped.stderr}`).not.toContain(password);
  expect(`${uploaded.stdout}${uploaded.stderr}`).not.toContain(s3.secretAccessKey);

  const manifest = await verifyBackup(store, storeId, backupId);
  expect(manifest).toMatchObject({ storeId, backupId, engine: 'woocommerce', engineVersion: expect.stringMatching(/MariaDB/) });
  expect(manifest.objects.map((o) => o.key).sort()).toEqual([`${prefix}database.sql.gz`, `${prefix}files.tar.gz`]);

  await sql(`DELETE FROM wp_wc_orders WHERE id = 101`);
  await rm(path.join(uploads, 'logo.png'));
  expect(await sql('SELECT COUNT(*) FROM wp_wc_orders')).toBe('0');

  const restore = await jobDirs(await backupDownloadUrls(store, manifest, 300));
  const objects = manifestFiles(manifest)
    .map((o) => `${o.file}=${o.sha256}`)
    .join(' ');
  await runScript(DOWNLOAD_SCRIPT, {
    ...transferEnv(restore.urls, prefix),
    WORK_DIR: restore.work,
    RESTORE_OBJECTS: objects,
  });
  await runScript(MARIADB_RESTORE_SCRIPT, { ...dbEnv, WORK_DIR: restore.work, FILES_DIR: uploads });

  expect(await sql('SELECT id, billing_email, total_amount FROM wp_wc_orders')).toBe('101\tbuyer@example.com\t42.50000000');
  expect(await readFile(path.join(uploads, 'logo.png'), 'utf8')).toBe('png bytes');
});
