/**
 * The store rows: the conditional status UPDATE every status change goes
 * through (called only by StoreLifecycle), the owner lock under which limits
 * are counted, and the one mapping of a row to the StoreView that the REST
 * API and the live stream both send.
 */
import {
  assertStoreTransition,
  DEFAULT_STORE_BASE_DOMAIN,
  dnsRecordFor,
  IllegalStoreTransitionError,
  type LimitOverrides,
  type OwnerUsage,
  statusesLeadingTo,
  type StoreStatus,
  type StoreView,
} from '@storefleet/contracts';

import { type Prisma, type PrismaClient, type Store } from '../generated/prisma/client.js';

export type Db = PrismaClient | Prisma.TransactionClient;

/** Fields that may change together with the status. */
export type StoreTransitionData = Omit<Prisma.StoreUpdateManyMutationInput, 'status' | 'id' | 'ownerId'>;

/**
 * Moves a store to `to` if its current status may lead there (optionally only
 * from the statuses in `from`). The UPDATE is conditional on the current
 * status, so two processes racing to move the same store cannot both win.
 * Returns the updated store, or throws IllegalStoreTransitionError naming the
 * status it found.
 */
export async function transitionStore(
  db: Db,
  storeId: string,
  to: StoreStatus,
  data: StoreTransitionData = {},
  options: { from?: readonly StoreStatus[] } = {},
): Promise<Store> {
  for (const from of options.from ?? []) assertStoreTransition(from, to);
  const [updated] = await db.store.updateManyAndReturn({
    where: { id: storeId, status: { in: [...(options.from ?? statusesLeadingTo(to))] } },
    // A deleted store gives its name back.
    data: { ...data, status: to, ...(to === 'deleted' ? { liveName: null } : {}) },
  });
  // ...and its custom domains (in the same transaction, when the caller runs one).
  if (updated && to === 'deleted') await db.storeDomain.deleteMany({ where: { storeId } });
  if (updated) return updated;
  const current = await db.store.findUniqueOrThrow({ where: { id: storeId }, select: { status: true } });
  throw new IllegalStoreTransitionError(current.status, to);
}

/** Where custom domains' DNS records point (configuration: STORE_BASE_DOMAIN, CUSTOM_DOMAINS_DNS_TARGET). */
export interface DomainDns {
  baseDomain: string;
  /** The platform's ingress (hostname or address); empty: each store's own platform host. */
  target: string;
}

const DEFAULT_DNS: DomainDns = { baseDomain: DEFAULT_STORE_BASE_DOMAIN, target: '' };

/** Include this in a store query so that toStoreView has the domains. */
export const STORE_DOMAINS_INCLUDE = {
  domains: { orderBy: { position: 'asc' }, select: { hostname: true } },
} as const satisfies Prisma.StoreInclude;

/** What a page of the store list is filtered on (every field optional: all live stores). */
export interface StorePageFilter {
  ownerId?: string;
  /** These statuses only; default every status but deleted. */
  statuses?: readonly StoreStatus[] | null;
  engine?: Store['engine'];
  /** Part of the name (a plain substring: no wildcards). */
  nameContains?: string;
  /** Keyset cursor: stores strictly after this (requestedAt, id) in the list's order. */
  after?: { requestedAt: Date; id: string } | null;
  /** At most this many rows (the caller asks for one more than a page to learn whether more follow). */
  take: number;
}

type Times = 'requestedAt' | 'readyAt' | 'deletedAt' | 'updatedAt';

/**
 * A time as toStoreView takes it: a Date (a Prisma row), or already the ISO
 * 8601 text in UTC that Date#toISOString writes (the page query has Postgres
 * write it: toISOString was ~5 % of the list's CPU).
 */
export type StoreTime = Date | string;

/** The columns toStoreView reads, from a Prisma row or the page query. */
export type StoreViewRow = Pick<
  Store,
  | 'id'
  | 'name'
  | 'engine'
  | 'plan'
  | 'ownerId'
  | 'status'
  | 'statusReason'
  | 'namespace'
  | 'storefrontUrl'
  | 'adminUrl'
  | 'provisionAttempts'
  | 'retryCount'
  | 'engineVersion'
  | 'targetEngineVersion'
> & {
  requestedAt: StoreTime;
  readyAt: StoreTime | null;
  deletedAt: StoreTime | null;
  updatedAt: StoreTime;
  domains?: readonly { hostname: string }[];
};

/** Runs a statement on the pg pool under the Prisma client (PrismaService.pool). */
export interface SqlRunner {
  query<R extends object>(text: string, values: unknown[]): Promise<{ rows: R[] }>;
}

/** The page query's times: text, null where the column is. */
type PageTimes = { [T in Times]: null extends StoreViewRow[T] ? string | null : string };

/** A timestamptz(3) column as the text Date#toISOString writes (2026-12-03T18:51:12.636Z), or null. */
const isoText = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * A page of the store list, newest first (requestedAt, id descending), with
 * each store's custom domains: one SQL statement, written by hand and run on
 * the pool directly because it is the API's hottest read. Through findMany +
 * include it cost about four times the CPU in Prisma's runtime (two
 * statements, the join and the mapping of every column in JavaScript), and
 * through $queryRaw still about a tenth of the API's CPU on the list (the
 * result's second conversion); docs/benchmarks.md has the figures. Uses the
 * (requested_at, id) index for the order and the cursor.
 */
export async function findStorePage(db: SqlRunner, filter: StorePageFilter): Promise<StoreViewRow[]> {
  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  const where = [filter.statuses ? `s.status::text = ANY(${param([...filter.statuses])}::text[])` : `s.status <> 'deleted'`];
  if (filter.ownerId) where.push(`s.owner_id = ${param(filter.ownerId)}::uuid`);
  if (filter.engine) where.push(`s.engine::text = ${param(filter.engine)}`);
  if (filter.nameContains) where.push(`strpos(s.name, ${param(filter.nameContains)}) > 0`);
  if (filter.after) {
    where.push(`(s.requested_at, s.id) < (${param(filter.after.requestedAt)}::timestamptz, ${param(filter.after.id)}::uuid)`);
  }
  const { rows } = await db.query<Omit<StoreViewRow, 'domains' | Times> & PageTimes & { hostnames: string[] }>(
    `SELECT s.id, s.name, s.engine::text AS engine, s.plan::text AS plan, s.owner_id AS "ownerId",
            s.status::text AS status, s.status_reason AS "statusReason", s.namespace,
            s.storefront_url AS "storefrontUrl", s.admin_url AS "adminUrl",
            s.provision_attempts AS "provisionAttempts", s.retry_count AS "retryCount",
            ${isoText('s.requested_at')} AS "requestedAt", ${isoText('s.ready_at')} AS "readyAt",
            ${isoText('s.deleted_at')} AS "deletedAt", ${isoText('s.updated_at')} AS "updatedAt",
            s.engine_version AS "engineVersion",
            s.target_engine_version AS "targetEngineVersion",
            ARRAY(SELECT d.hostname FROM store_domains d WHERE d.store_id = s.id ORDER BY d.position) AS hostnames
       FROM stores s
      WHERE ${where.join(' AND ')}
      ORDER BY s.requested_at DESC, s.id DESC
      LIMIT ${param(filter.take)}`,
    values,
  );
  // The rows as they are, plus their domains (copying each row's 20 fields cost more than this).
  return rows.map((row) => Object.assign(row, { domains: row.hostnames.map((hostname) => ({ hostname })) }));
}

/** The store's custom domains, in order (the first is canonical). */
export async function storeDomains(db: Db, storeId: string): Promise<string[]> {
  const rows = await db.storeDomain.findMany({ where: { storeId }, orderBy: { position: 'asc' }, select: { hostname: true } });
  return rows.map((row) => row.hostname);
}

const isoOf = (time: StoreTime): string => (typeof time === 'string' ? time : time.toISOString());

export function toStoreView(store: StoreViewRow, dns: DomainDns = DEFAULT_DNS): StoreView {
  const target = dns.target || `${store.name}.${dns.baseDomain}`;
  return {
    id: store.id,
    name: store.name,
    engine: store.engine,
    plan: store.plan,
    ownerId: store.ownerId,
    status: store.status,
    statusReason: store.statusReason,
    namespace: store.namespace,
    storefrontUrl: store.storefrontUrl,
    adminUrl: store.adminUrl,
    provisionAttempts: store.provisionAttempts,
    retryCount: store.retryCount,
    requestedAt: isoOf(store.requestedAt),
    readyAt: store.readyAt === null ? null : isoOf(store.readyAt),
    deletedAt: store.deletedAt === null ? null : isoOf(store.deletedAt),
    updatedAt: isoOf(store.updatedAt),
    engineVersion: store.engineVersion,
    targetEngineVersion: store.targetEngineVersion,
    domains: (store.domains ?? []).map(({ hostname }) => ({ hostname, dnsRecord: dnsRecordFor(hostname, target) })),
  };
}

export interface LockedOwner extends Required<LimitOverrides> {
  id: string;
}

/**
 * Locks the owner's row for the rest of the transaction and returns their
 * limit overrides (null if there is no such user). Every decision about an
 * owner's limits (creating a store, starting its provisioning) runs under
 * this one lock, in every process, so "one slot left" is never taken twice.
 */
export async function lockOwner(tx: Prisma.TransactionClient, ownerId: string): Promise<LockedOwner | null> {
  const [owner] = await tx.$queryRaw<LockedOwner[]>`
    SELECT id,
           max_live_stores AS "maxLiveStores",
           max_provisioning_stores AS "maxProvisioningStores",
           max_creates_per_hour AS "maxCreatesPerHour"
      FROM users WHERE id = ${ownerId}::uuid FOR UPDATE`;
  return owner ?? null;
}

/** The owner's live stores and creates in the last hour (what a create is refused on). */
export async function ownerUsage(db: Db, ownerId: string): Promise<OwnerUsage> {
  const [usage] = await db.$queryRaw<OwnerUsage[]>`
    SELECT count(*) FILTER (WHERE status <> 'deleted')::int AS live,
           count(*) FILTER (WHERE requested_at > now() - interval '1 hour')::int AS "lastHour",
           min(requested_at) FILTER (WHERE requested_at > now() - interval '1 hour') AS "oldestInHour"
      FROM stores WHERE owner_id = ${ownerId}::uuid`;
  if (!usage) throw new Error('usage query returned no row');
  return usage;
}

export function countProvisioning(db: Db, ownerId: string): Promise<number> {
  return db.store.count({ where: { ownerId, status: 'provisioning' } });
}
