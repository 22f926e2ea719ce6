/**
 * Prepares integration tests: starts (or reuses) the local Postgres and
 * Redis, migrates a template database that each test file copies, and prints
 * the settings the test workers need as JSON. Run by global-setup.mjs.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { applyMigrations } from '@storefleet/db';

import { adminQuery, TEMPLATE_DATABASE } from '../database.js';
import { repoRoot, startLocalServices } from '../local-env.js';

const EXPORTED = ['DATABASE_URL', 'DATABASE_MIGRATION_URL', 'DATABASE_ADMIN_URL', 'REDIS_URL', 'JWT_SECRET', 'CREDENTIALS_KEY'];

async function prepare(): Promise<void> {
  const env = startLocalServices();
  for (const key of EXPORTED) process.env[key] = env[key];
  // Drop test databases left behind by an interrupted run.
  const stale = await adminQuery(`SELECT datname FROM pg_database WHERE datname LIKE 'sf\\_%'`);
  for (const row of stale.rows as { datname: string }[]) await adminQuery(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);

  await adminQuery(`DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE}" WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE "${TEMPLATE_DATABASE}" OWNER storefleet_owner`);
  const url = new URL(env.DATABASE_MIGRATION_URL!);
  url.pathname = `/${TEMPLATE_DATABASE}`;
  await applyMigrations({
    schema: await readFile(path.join(repoRoot, 'prisma/schema.prisma'), 'utf8'),
    databaseUrl: url.toString(),
    migrationsDir: path.join(repoRoot, 'prisma/migrations'),
  });
  process.stdout.write(JSON.stringify(Object.fromEntries(EXPORTED.map((key) => [key, env[key]]))));
}

prepare().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
