import type { AuditEntryView, Page } from '@storefleet/contracts';

import { apiRequest } from './client.js';

export interface AuditFilters {
  actorId?: string;
  action?: string;
  targetId?: string;
  /** ISO 8601 instants. */
  from?: string;
  to?: string;
}

export function listAudit(filters: AuditFilters, cursor: string | null, limit = 25): Promise<Page<AuditEntryView>> {
  return apiRequest<Page<AuditEntryView>>('/audit', { query: { ...filters, cursor, limit } });
}
