/**
 * A Medusa clone's own admin password, natively: a real Medusa database
 * (migrated, with the owner's admin login, by the setup Job's own scripts)
 * dumped with the backup Job's script, restored into the clone's database
 * with the restore Job's script (address rewrite included), then the restore
 * Job's last step for a Medusa clone (stores/medusa/src/scripts/clone-admin-login.ts,
 * booted as the Job boots it: database only, no Redis). Medusa's own auth API
 * on the clone then signs the admin in with the clone's password and refuses
 * the source's. (The bucket leg of the same dump: libs/engines/src/backup/postgres-roundtrip.int-spec.ts.)
 */
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { MEDUSA_CLONE_ADMIN_COMMAND, POSTGRES_DUMP_SCRIPT, POSTGRES_RESTORE_SCRIPT } from '@storefleet/engines';
import { Redis } from 'ioredis';
import pg from 'pg';

import {
  createMedusaStore,
  freePort,
  medusa,
  MEDUSA_DIR,
  type MedusaStore,
  run,
  type RunningProcess,
  SERVER_DIR,
  startServer,
} from './medusa-store.js';

let source: MedusaStore;
let clone: MedusaStore;
let server: RunningProcess | undefined;
let work: string;

/** libpq's variables for one of the stores' databases, as the Job's database containers get them. */
function pgEnv(databaseUrl: string): Record<string, string> {
  const url = new URL(databaseUrl);
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    PGHOST: url.hostname,
    PGPORT: url.port,
    PGUSER: decodeURIComponent(url.username),
    PGPASSWORD: decodeURIComponent(url.password),
    PGDATABASE: url.pathname.slice(1),
  };
}

const sh = (script: string, env: Record<string, string>) => promisify(execFile)('/bin/sh', ['-c', script], { env });

/** The restore Job's admin-login container: its command, in the image's working directory, without Redis. */
function cloneAdminLogin(env: { email: string; password: string; sourceEmail: string }): Promise<string> {
  const { REDIS_URL: _redis, ...withoutRedis } = clone.env;
  return run(
    '/bin/sh',
    ['-c', MEDUSA_CLONE_ADMIN_COMMAND.replace('node node_modules/', `"${process.execPath}" ${MEDUSA_DIR}/node_modules/`)],
    {
      cwd: SERVER_DIR,
      env: {
        ...withoutRedis,
        MEDUSA_ADMIN_EMAIL: env.email,
        MEDUSA_ADMIN_PASSWORD: env.password,
        MEDUSA_SOURCE_ADMIN_EMAIL: env.sourceEmail,
      },
      logFile: clone.logFile('clone-admin-login'),
    },
  );
}

async function signIn(email: string, password: string): Promise<number> {
  const res = await fetch(`${server!.url}/auth/user/emailpass`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return res.status;
}

async function identities(databaseUrl: string): Promise<{ entity_id: string; hash: string }[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ entity_id: string; hash: string }>(
      `SELECT entity_id, provider_metadata->>'password' AS hash FROM provider_identity WHERE provider = 'emailpass' ORDER BY entity_id`,
    );
    return rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  source = await createMedusaStore();
  clone = await createMedusaStore();
  // The source store as its setup Job leaves it: migrated, with the owner's admin login.
  await medusa(source, ['db:migrate']);
  await medusa(source, ['exec', './src/scripts/ensure-admin-user.js'], 'ensure-admin-user');

  // Backup Job's dump container, then the restore Job's database container (with a clone's rewrite).
  work = await mkdtemp(path.join(tmpdir(), 'sf-medusa-clone-'));
  await sh(POSTGRES_DUMP_SCRIPT, { ...pgEnv(source.databaseUrl), WORK_DIR: work });
  await sh(POSTGRES_RESTORE_SCRIPT, {
    ...pgEnv(clone.databaseUrl),
    WORK_DIR: work,
    REWRITE_FROM: '//src-shop.example.test',
    REWRITE_TO: '//my-clone.example.test',
  });
}, 600_000);

afterAll(async () => {
  await server?.stop();
  await source?.drop();
  await clone?.drop();
}, 60_000);

it("the clone's admin signs in with the clone's password, not the source's; the source keeps its own", async () => {
  const sourceLogin = source.admin;
  // The restored data holds the source's login, with the source's password hash.
  const restored = await identities(clone.databaseUrl);
  expect(restored).toEqual([{ entity_id: sourceLogin.email, hash: expect.any(String) }]);

  // The common case: the owner clones their own store, so the login's address is the same.
  const output = await cloneAdminLogin({
    email: sourceLogin.email,
    password: clone.admin.password,
    sourceEmail: sourceLogin.email,
  });
  expect(output).toContain(`Admin login ${sourceLogin.email} has the clone's own password`);
  expect(output).not.toContain(clone.admin.password);
  const after = await identities(clone.databaseUrl);
  expect(after).toHaveLength(1);
  expect(after[0]!.hash).not.toBe(restored[0]!.hash);
  // The source's data is untouched.
  expect(await identities(source.databaseUrl)).toEqual(restored);

  const redis = new Redis(clone.env.REDIS_URL!);
  await redis.flushdb();
  await redis.quit();
  const port = await freePort();
  server = await startServer('medusa start', [path.join(MEDUSA_DIR, 'node_modules/@medusajs/cli/cli.js'), 'start'], {
    cwd: SERVER_DIR,
    env: { ...clone.env, AUTH_CORS: `http://127.0.0.1:${port}`, ADMIN_CORS: `http://127.0.0.1:${port}` },
    port,
    healthPath: '/health',
    logFile: clone.logFile('server'),
  });
  expect(await signIn(sourceLogin.email, clone.admin.password)).toBe(200);
  expect(await signIn(sourceLogin.email, sourceLogin.password)).toBe(401);
}, 300_000);

it("a clone for another address gets its own admin login, and the source's is locked; a second run changes nothing", async () => {
  const sourceLogin = source.admin;
  const mine = { email: clone.admin.email, password: clone.admin.password, sourceEmail: sourceLogin.email };
  const output = await cloneAdminLogin(mine);
  expect(output).toContain(`Admin login ${sourceLogin.email} of the source store locked`);
  expect((await identities(clone.databaseUrl)).map((i) => i.entity_id)).toEqual([clone.admin.email, sourceLogin.email].sort());

  expect(await signIn(clone.admin.email, clone.admin.password)).toBe(200);
  expect(await signIn(sourceLogin.email, clone.admin.password)).toBe(401);
  expect(await signIn(sourceLogin.email, sourceLogin.password)).toBe(401);

  // Converges when re-run (a restore Job retried): still one login each, the same passwords work.
  await cloneAdminLogin(mine);
  expect(await identities(clone.databaseUrl)).toHaveLength(2);
  expect(await signIn(clone.admin.email, clone.admin.password)).toBe(200);
}, 300_000);
