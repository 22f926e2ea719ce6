import { randomBytes } from 'node:crypto';

import pg from 'pg';

/**
 * Test databases are named sf_<prefix>_<created, base-36 seconds>_<random>, so a
 * later run can drop those an interrupted run left behind by age, without
 * touching the databases of a run still in progress.
 */
export function testDatabaseName(prefix: string): string {
  const created = Math.floor(Date.now() / 1000).toString(36);
  return `sf_${prefix.replace(/[^a-z0-9_]/g, '_').slice(0, 30)}_${created}_${randomBytes(4).toString('hex')}`;
}

/** When a test database was created, from its name; null for names of another shape. */
export function testDatabaseCreatedAt(name: string): Date | null {
  const match = /^sf_.*_([0-9a-z]{6,})_[0-9a-f]{8}$/.exec(name);
  return match ? new Date(parseInt(match[1]!, 36) * 1000) : null;
}

/** Name of the database that holds the migrated schema, copied for each test file. */
export const TEMPLATE_DATABASE = 'storefleet_test_template';

/**
 * The template this run's global setup migrated: TEMPLATE_DATABASE suffixed
 * with the digest of the schema and migrations, so checkouts with different
 * schemas sharing one Postgres (worktrees, branches) never drop each other's
 * template mid-run.
 */
export function templateDatabase(): string {
  return process.env.TEST_TEMPLATE_DATABASE ?? TEMPLATE_DATABASE;
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: integration tests run through the jest global setup (npm test)`);
  return value;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function adminQuery(sql: string, database = 'postgres'): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: withDatabase(requireEnv('DATABASE_ADMIN_URL'), database) });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  /** As the application role (storefleet_app): what the API and worker use. */
  appUrl: string;
  /** As the schema owner: what migrations use. */
  ownerUrl: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own (a copy of the template the global setup migrated). */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const name = testDatabaseName(prefix);
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${templateDatabase()}" OWNER storefleet_owner`);
  return {
    name,
    appUrl: withDatabase(requireEnv('DATABASE_URL'), name),
    ownerUrl: withDatabase(requireEnv('DATABASE_MIGRATION_URL'), name),
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** An empty database (no migrations), for tests of the migrations themselves. */
export async function createEmptyDatabase(prefix = 'empty'): Promise<TestDatabase> {
  const name = testDatabaseName(prefix);
  await adminQuery(`CREATE DATABASE "${name}" OWNER storefleet_owner`);
  return {
    name,
    appUrl: withDatabase(requireEnv('DATABASE_URL'), name),
    ownerUrl: withDatabase(requireEnv('DATABASE_MIGRATION_URL'), name),
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
