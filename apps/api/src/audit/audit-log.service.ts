import { Inject, Injectable } from '@nestjs/common';
import type { AuditEntryView, Page } from '@storefleet/contracts';
import { type AuditLog, type Prisma, PrismaService } from '@storefleet/db';

import { instantOf } from '../http/fields.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, pageOf } from '../http/pagination.js';
import type { AuditQueryDto } from './dto/audit-query.dto.js';

export function toAuditEntryView(row: AuditLog): AuditEntryView {
  return {
    id: row.id.toString(),
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorEmail: row.actorEmail,
    actorRole: row.actorRole,
    ip: row.ip,
    userAgent: row.userAgent,
    requestId: row.requestId,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    outcome: row.outcome,
    details: row.details,
  };
}

const isIdCursor = (value: unknown[]): value is [string] =>
  value.length === 1 && typeof value[0] === 'string' && /^\d+$/.test(value[0]);

/** Reads the audit log, newest first. */
@Injectable()
export class AuditLogService {
  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  async list(query: AuditQueryDto): Promise<Page<AuditEntryView>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const where: Prisma.AuditLogWhereInput = {
      ...(query.actorId ? { actorId: query.actorId } : {}),
      ...(query.action ? { action: query.action } : {}),
      ...(query.targetId ? { targetId: query.targetId } : {}),
      ...(query.from || query.to
        ? { at: { ...(query.from ? { gte: instantOf(query.from) } : {}), ...(query.to ? { lt: instantOf(query.to) } : {}) } }
        : {}),
      ...(query.cursor ? { id: { lt: BigInt(decodeCursor(query.cursor, isIdCursor)[0]) } } : {}),
    };
    const rows = await this.prisma.auditLog.findMany({ where, orderBy: { id: 'desc' }, take: limit + 1 });
    const page = pageOf(rows, limit);
    return {
      items: page.items.map(toAuditEntryView),
      nextCursor: page.more && page.last ? encodeCursor([page.last.id.toString()]) : null,
    };
  }
}
