/**
 * Everything a new store needs after `medusa db:migrate`, in one Medusa boot:
 * the owner's admin login, then the seed. Both halves are idempotent, so the
 * setup Job (and a retry of it) runs exactly:
 *
 *   medusa db:migrate && medusa exec ./src/scripts/setup.js
 */
import type { ExecArgs } from '@medusajs/framework/types';

import ensureAdminUser from './ensure-admin-user';
import seed from './seed';

export default async function setup(args: ExecArgs): Promise<void> {
  await ensureAdminUser(args);
  await seed(args);
}
