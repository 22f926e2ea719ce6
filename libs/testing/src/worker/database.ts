import { randomBytes } from 'node:crypto';

import { adminQuery, templateDatabase, type TestDatabase } from '../index.js';

const PREFIX = 'wk_';
const STALE_AFTER_SECONDS = 3 * 3600;

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * createTestDatabase() for the worker's long integration tests, under a name
 * the jest global setup does not sweep: its start-up drops every sf_* test
 * database, which on a machine shared by several test runs pulls the
 * database out from under a worker test minutes into its run. These carry
 * their creation time and are swept here after three hours instead.
 */
export async function createWorkerTestDatabase(label: string): Promise<TestDatabase> {
  const now = Math.floor(Date.now() / 1000);
  const existing = await adminQuery(`SELECT datname FROM pg_database WHERE datname LIKE '${PREFIX}%'`);
  for (const { datname } of existing.rows as { datname: string }[]) {
    const created = Number(datname.split('_')[1]);
    if (Number.isFinite(created) && now - created > STALE_AFTER_SECONDS)
      await adminQuery(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  const name = `${PREFIX}${now}_${label.replace(/[^a-z0-9]/g, '')}_${randomBytes(3).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${templateDatabase()}" OWNER storefleet_owner`);
  return {
    name,
    appUrl: withDatabase(process.env.DATABASE_URL!, name),
    ownerUrl: withDatabase(process.env.DATABASE_MIGRATION_URL!, name),
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
