import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AuditAction, AuditOutcome, Role } from '@storefleet/contracts';
import { appendAudit, type Prisma, PrismaService } from '@storefleet/db';

import type { Actor } from '../auth/actor.js';

export interface AuditEntry {
  action: AuditAction;
  outcome: AuditOutcome;
  targetType?: 'store' | 'user' | 'job';
  targetId?: string | null;
  details?: Prisma.InputJsonValue;
  /** Who acted when no user is signed in yet (a login names the account it tried). */
  as?: { id?: string | null; email?: string | null; role?: Role | null };
}

type Db = Prisma.TransactionClient | PrismaService;

/** Appends to the audit log (the application role can only INSERT and SELECT it). */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  /** Writes one row; pass a transaction client to make it part of the change it records. */
  async record(actor: Actor, entry: AuditEntry, db: Db = this.prisma): Promise<void> {
    await appendAudit(
      db,
      {
        id: entry.as?.id ?? actor.user?.id ?? null,
        email: entry.as?.email ?? actor.user?.email ?? null,
        role: entry.as?.role ?? actor.user?.role ?? null,
        ip: actor.ip,
        userAgent: actor.userAgent,
        requestId: actor.requestId,
      },
      {
        action: entry.action,
        outcome: entry.outcome,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId ?? null,
        ...(entry.details === undefined ? {} : { details: entry.details }),
      },
    );
  }

  /** Like record, for refusals recorded after the fact: a failure to write is logged, not thrown over the original error. */
  async recordQuietly(actor: Actor, entry: AuditEntry): Promise<void> {
    try {
      await this.record(actor, entry);
    } catch (error) {
      this.logger.warn({ err: error, requestId: actor.requestId, action: entry.action }, 'Could not write audit entry');
    }
  }
}
