import type { AuditAction, AuditOutcome, Role } from '@storefleet/contracts';

import type { Prisma } from '../generated/prisma/client.js';
import type { Db } from './stores.repository.js';

/** Who acted: a signed-in user with their request, or null for the platform itself (the worker). */
export interface AuditActor {
  id?: string | null;
  email?: string | null;
  role?: Role | null;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

export interface AuditRecord {
  action: AuditAction;
  outcome: AuditOutcome;
  targetType?: 'store' | 'user' | 'job' | 'namespace' | null;
  targetId?: string | null;
  details?: Prisma.InputJsonValue;
}

/**
 * Appends one row to the audit log (the application role can only INSERT and
 * SELECT it). Pass a transaction client to make it part of the change it records.
 */
export async function appendAudit(db: Db, actor: AuditActor | null, record: AuditRecord): Promise<void> {
  await db.auditLog.create({
    data: {
      actorId: actor?.id ?? null,
      actorEmail: actor?.email ?? null,
      actorRole: actor?.role ?? null,
      ip: actor?.ip ?? null,
      userAgent: actor?.userAgent ?? null,
      requestId: actor?.requestId ?? null,
      action: record.action,
      outcome: record.outcome,
      targetType: record.targetType ?? null,
      targetId: record.targetId ?? null,
      ...(record.details === undefined ? {} : { details: record.details }),
    },
  });
}
