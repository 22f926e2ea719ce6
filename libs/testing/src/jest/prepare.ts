/**
 * Prepares integration tests: starts (or reuses) the local Postgres and
 * Redis, migrates a template database that each test file copies, and prints
 * the settings the test workers need as JSON. Run by global-setup.mjs.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { applyMigrations } from '@storefleet/db';
import pg from 'pg';

import { adminQuery, TEMPLATE_DATABASE, testDatabaseCreatedAt } from '../database.js';
import { repoRoot, startLocalServices } from '../local-env.js';

const EXPORTED = [
  'DATABASE_URL',
  'DATABASE_MIGRATION_URL',
  'DATABASE_ADMIN_URL',
  'REDIS_URL',
  'JWT_SECRET',
  'CREDENTIALS_KEY',
  // The local S3 server (scripts/services/s3.sh), for backup tests.
  'S3_ENDPOINT',
  'S3_REGION',
  'S3_BUCKET',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
];

async function prepare(): Promise<void> {
  const env = startLocalServices();
  for (const key of EXPORTED) process.env[key] = env[key];
  // Drop test databases an interrupted run left behind: only old ones, so a run
  // still in progress (another terminal, another session) keeps its own.
  const maxAgeMs = 3 * 3600 * 1000;
  const existing = await adminQuery(`SELECT datname FROM pg_database WHERE datname LIKE 'sf\\_%'`);
  for (const { datname } of existing.rows as { datname: string }[]) {
    const created = testDatabaseCreatedAt(datname);
    if (!created || Date.now() - created.getTime() > maxAgeMs)
      await adminQuery(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  const template = await refreshTemplate(env.DATABASE_MIGRATION_URL!);
  process.stdout.write(
    JSON.stringify({ ...Object.fromEntries(EXPORTED.map((key) => [key, env[key]])), TEST_TEMPLATE_DATABASE: template }),
  );
}

/**
 * (Re)builds the migrated template database when the schema or migrations
 * changed since it was built (their hash is kept as the database's comment).
 * An advisory lock makes concurrent runs wait for one another here.
 */
async function refreshTemplate(migrationUrl: string): Promise<string> {
  const migrationsDir = path.join(repoRoot, 'prisma/migrations');
  const schema = await readFile(path.join(repoRoot, 'prisma/schema.prisma'), 'utf8');
  const hash = createHash('sha256').update(schema);
  for (const dir of (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()) {
    hash.update(dir).update(await readFile(path.join(migrationsDir, dir, 'migration.sql'), 'utf8'));
  }
  const digest = hash.digest('hex').slice(0, 16);
  const name = `${TEMPLATE_DATABASE}_${digest}`;
  const client = new pg.Client({ connectionString: process.env.DATABASE_ADMIN_URL });
  await client.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext('storefleet-test-template'))`);
    const current = await client.query(
      `SELECT shobj_description(oid, 'pg_database') AS digest FROM pg_database WHERE datname = $1`,
      [name],
    );
    if ((current.rows[0] as { digest: string | null } | undefined)?.digest === digest) return name;
    // Not there, or left half-migrated by an interrupted run (the comment is written last).
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}" OWNER storefleet_owner`);
    const url = new URL(migrationUrl);
    url.pathname = `/${name}`;
    await applyMigrations({ schema, databaseUrl: url.toString(), migrationsDir });
    await client.query(`COMMENT ON DATABASE "${name}" IS '${digest}'`);
    return name;
  } finally {
    await client.end();
  }
}

prepare().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
