import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { createEmptyDatabase, createTestDatabase, repoRoot, type TestDatabase } from '@storefleet/testing';
import pg from 'pg';

import { applyMigrations, diffSchemas } from './schema-engine.js';

const schemaPath = path.join(repoRoot, 'prisma/schema.prisma');
const migrationsDir = path.join(repoRoot, 'prisma/migrations');

/** pg_dump of the schema, normalised, without the objects only hand-written migrations add. */
function dumpSchema(url: string): string {
  const dump = execFileSync('pg_dump', ['--schema-only', '--no-owner', '--no-privileges', '--no-comments', url], {
    encoding: 'utf8',
  });
  return dump
    .replace(/CREATE FUNCTION public\.audit_logs_append_only\(\)[\s\S]*?\$\$;\n/, '')
    .split('\n')
    .filter((line) => !/^(--|\\(un)?restrict |SET |SELECT pg_catalog\.set_config)/.test(line) && line.trim() !== '')
    .join('\n')
    .split(/;\n?/)
    .map((statement) => statement.trim())
    .filter(
      (statement) => statement && !statement.includes('audit_logs_append_only') && !statement.includes('_prisma_migrations'),
    )
    .sort()
    .join(';\n');
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

describe('migrations', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(databases.map((db) => db.drop()));
  });

  it('apply to an empty database, and a second run changes nothing', async () => {
    const db = await createEmptyDatabase('migrate');
    databases.push(db);
    const schema = await readFile(schemaPath, 'utf8');
    const first = await applyMigrations({ schema, databaseUrl: db.ownerUrl, migrationsDir });
    expect(first.length).toBeGreaterThan(0);
    const before = dumpSchema(db.ownerUrl);
    const second = await applyMigrations({ schema, databaseUrl: db.ownerUrl, migrationsDir });
    expect(second).toEqual([]);
    expect(dumpSchema(db.ownerUrl)).toBe(before);
  });

  // Every API and worker pod migrates in its init container (helm/store-platform): the engine's
  // own advisory lock (pg_advisory_lock(72707369)) makes runs that start together take turns.
  it('started together, they take turns: one applies, the others find nothing pending', async () => {
    const db = await createEmptyDatabase('migrate_race');
    databases.push(db);
    const schema = await readFile(schemaPath, 'utf8');
    const runs = await Promise.all([1, 2, 3].map(() => applyMigrations({ schema, databaseUrl: db.ownerUrl, migrationsDir })));
    const applied = runs.filter((names) => names.length > 0);
    expect(applied).toHaveLength(1);
    expect(runs.flat().sort()).toEqual([...applied[0]!].sort());
  });

  it('agree with schema.prisma (drift check)', async () => {
    const schema = await readFile(schemaPath, 'utf8');
    const migrated = await createEmptyDatabase('drift_migrated');
    const pushed = await createEmptyDatabase('drift_pushed');
    databases.push(migrated, pushed);
    await applyMigrations({ schema, databaseUrl: migrated.ownerUrl, migrationsDir });
    const script = await diffSchemas(null, schema, pushed.ownerUrl);
    await withClient(pushed.ownerUrl, (client) => client.query(script));
    expect(dumpSchema(migrated.ownerUrl)).toBe(dumpSchema(pushed.ownerUrl));
  });
});

describe('audit log', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('audit');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('accepts inserts and reads from the application role', async () => {
    await withClient(db.appUrl, async (client) => {
      await client.query(`INSERT INTO audit_logs (action, outcome) VALUES ('auth.login', 'success')`);
      const { rows } = await client.query('SELECT action FROM audit_logs');
      expect(rows).toEqual([{ action: 'auth.login' }]);
    });
  });

  it.each([
    ['UPDATE', `UPDATE audit_logs SET action = 'forged'`],
    ['DELETE', 'DELETE FROM audit_logs'],
    ['TRUNCATE', 'TRUNCATE audit_logs'],
  ])('refuses %s from the application role', async (_verb, sql) => {
    await withClient(db.appUrl, async (client) => {
      await expect(client.query(sql)).rejects.toThrow(/permission denied/);
    });
  });

  it('refuses UPDATE and DELETE even from the owner, through the trigger', async () => {
    await withClient(db.ownerUrl, async (client) => {
      await expect(client.query(`UPDATE audit_logs SET action = 'forged'`)).rejects.toThrow(/append-only/);
      await expect(client.query('DELETE FROM audit_logs')).rejects.toThrow(/append-only/);
      const { rows } = await client.query('SELECT count(*)::int AS n FROM audit_logs');
      expect(rows[0].n).toBe(1);
    });
  });

  it('lets the application role write the other tables', async () => {
    await withClient(db.appUrl, async (client) => {
      await client.query(
        `INSERT INTO users (id, email, password_hash, updated_at) VALUES (gen_random_uuid(), 'a@example.com', 'x', now())`,
      );
      await client.query(`UPDATE users SET disabled = true`);
      await client.query(`DELETE FROM users`);
    });
  });
});
