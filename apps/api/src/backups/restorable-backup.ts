import { isStaff } from '@storefleet/contracts';
import type { Backup, PrismaService, Store } from '@storefleet/db';

import type { AuthUser } from '../auth/actor.js';
import { problems } from '../problems/problem.js';

/**
 * The store and one of its backups, if the user may see the store (owners
 * their own, operators and admins all): otherwise 404, never 403. A backup
 * that is not completed (running, or failed) cannot be restored or cloned: 409.
 * The one rule of "which backup may this user restore or clone", for restore
 * and for POST /stores with fromBackup alike.
 */
export async function restorableBackup(
  prisma: PrismaService,
  user: AuthUser,
  storeId: string,
  backupId: string,
): Promise<{ store: Store; backup: Backup }> {
  const store = await prisma.store.findFirst({
    where: { id: storeId, status: { not: 'deleted' }, ...(isStaff(user.role) ? {} : { ownerId: user.id }) },
  });
  if (!store) throw problems.notFound('Store');
  const backup = await prisma.backup.findFirst({ where: { id: backupId, storeId } });
  if (!backup) throw problems.notFound('Backup');
  if (backup.status !== 'completed') {
    throw problems.conflict(`The backup is ${backup.status}; only a completed backup can be restored`, {
      backupStatus: backup.status,
    });
  }
  return { store, backup };
}
