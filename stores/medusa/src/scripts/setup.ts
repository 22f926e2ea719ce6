/**
 * Everything a new store needs after `medusa db:migrate`, in one Medusa boot:
 * the owner's admin login, then the seed, then a completion marker. Every
 * part is idempotent, so the setup Job (and any retry of it) runs exactly:
 *
 *   medusa db:migrate && medusa exec ./src/scripts/setup.js
 *
 * The Medusa server's init container (bin/wait-for-setup.mjs) waits for the
 * marker: Medusa refuses to boot against a database that is not migrated.
 */
import type { ExecArgs } from '@medusajs/framework/types';
import { ContainerRegistrationKeys } from '@medusajs/framework/utils';

import ensureAdminUser from './ensure-admin-user';
import seed from './seed';

interface Knex {
  raw(sql: string): Promise<unknown>;
}

export default async function setup(args: ExecArgs): Promise<void> {
  await ensureAdminUser(args);
  await seed(args);
  const db = args.container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as unknown as Knex;
  await db.raw(
    'CREATE TABLE IF NOT EXISTS storefleet_setup (id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1), completed_at timestamptz NOT NULL)',
  );
  await db.raw(
    'INSERT INTO storefleet_setup (id, completed_at) VALUES (1, now()) ON CONFLICT (id) DO UPDATE SET completed_at = excluded.completed_at',
  );
  args.container.resolve(ContainerRegistrationKeys.LOGGER).info('Storefleet setup complete');
}
