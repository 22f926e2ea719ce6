import { createHash } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { customDomainRules, engineVersions } from '@storefleet/config';
import {
  checkCustomDomains,
  IllegalStoreTransitionError,
  isStaff,
  isUuid,
  type Page,
  storeAllows,
  type StoreCredentialsView,
  type StoreEventView,
  type StoreOperation,
  type StoreView,
  upgradeRefusal,
} from '@storefleet/contracts';
import {
  type AuditActor,
  CredentialsCipher,
  DomainTakenError,
  findStorePage,
  IdempotencyMismatchError,
  LimitExceededError,
  OwnerNotFoundError,
  PrismaService,
  type Store,
  StoreLifecycle,
  StoreNameTakenError,
} from '@storefleet/db';

import type { Actor, AuthUser } from '../auth/actor.js';
import { restorableBackup } from '../backups/restorable-backup.js';
import { API_CONFIG, type ApiEnv } from '../config/api-config.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, pageOf } from '../http/pagination.js';
import { problems } from '../problems/problem.js';
import { type CreateStoreDto, statusesOf, type StoreListQueryDto } from './dto/store.dto.js';
import { toStoreEventView } from './store-view.js';

type SignedIn = Actor & { user: AuthUser };

export interface CreateResult {
  status: number;
  body: StoreView;
  /** True when this is the remembered first response to a repeated Idempotency-Key. */
  replayed: boolean;
}

const isStoreCursor = (value: unknown[]): value is [string, string] =>
  value.length === 2 && typeof value[0] === 'string' && !Number.isNaN(Date.parse(value[0])) && isUuid(value[1]);

/** Who acted, as the audit log records it. */
export function auditActor(actor: Actor): AuditActor {
  return {
    id: actor.user?.id ?? null,
    email: actor.user?.email ?? null,
    role: actor.user?.role ?? null,
    ip: actor.ip,
    userAgent: actor.userAgent,
    requestId: actor.requestId,
  };
}

/** The lifecycle's refusals as problems (everything else passes through to the problem filter). */
function asProblem(error: unknown): unknown {
  if (error instanceof LimitExceededError) {
    const { limit, max, current, retryAfterSeconds } = error.refusal;
    return problems.limitExceeded(limit, max, current, retryAfterSeconds);
  }
  if (error instanceof StoreNameTakenError) return problems.nameTaken(error.storeName);
  if (error instanceof DomainTakenError) return problems.domainTaken(error.hostname);
  if (error instanceof IdempotencyMismatchError) return problems.idempotencyMismatch();
  if (error instanceof OwnerNotFoundError) return problems.unauthorized();
  return error;
}

/**
 * The HTTP side of stores: who may see and do what, and reading. Every
 * change goes through the shared StoreLifecycle (libs/db), which also writes
 * the audit row and announces it.
 */
@Injectable()
export class StoresService {
  constructor(
    @Inject(PrismaService) private readonly prisma: PrismaService,
    @Inject(StoreLifecycle) private readonly lifecycle: StoreLifecycle,
    @Inject(CredentialsCipher) private readonly cipher: CredentialsCipher,
    @Inject(API_CONFIG) private readonly config: ApiEnv,
  ) {}

  /**
   * A new store, or with `fromBackup` a clone: a store provisioned like any
   * other (same admission and limits, its own credentials and URL) that then
   * restores the backup's data with its URL rewritten. Owners may clone only
   * their own stores' backups (another's is 404), and only a completed one.
   */
  async create(actor: SignedIn, dto: CreateStoreDto, idempotencyKey: string | null): Promise<CreateResult> {
    const fromBackup = dto.fromBackup ? { storeId: dto.fromBackup.storeId, backupId: dto.fromBackup.backupId } : undefined;
    const requestHash = createHash('sha256')
      .update(JSON.stringify(['POST /stores', dto.name, dto.engine, dto.plan ?? null, fromBackup ?? null]))
      .digest('hex');
    // A new store gets the engine's first offered version; a clone its source's (the backup's data is that version's).
    let engineVersion = engineVersions(this.config)[dto.engine][0] ?? null;
    if (fromBackup) {
      const { store, backup } = await restorableBackup(this.prisma, actor.user, fromBackup.storeId, fromBackup.backupId);
      if (backup.engine !== dto.engine) {
        throw problems.validation([{ field: 'engine', message: `must be ${backup.engine}, the engine of the backup to clone` }]);
      }
      engineVersion = store.engineVersion;
    }
    try {
      const { store, replayed } = await this.lifecycle.create(
        {
          ownerId: actor.user.id,
          name: dto.name,
          engine: dto.engine,
          plan: dto.plan ?? 'small',
          engineVersion,
          ...(fromBackup ? { fromBackup } : {}),
        },
        auditActor(actor),
        idempotencyKey ? { key: idempotencyKey, requestHash, ttlSeconds: this.config.IDEMPOTENCY_KEY_TTL_SECONDS } : undefined,
      );
      return { status: 202, body: store, replayed };
    } catch (error) {
      throw asProblem(error);
    }
  }

  async list(actor: SignedIn, query: StoreListQueryDto): Promise<Page<StoreView>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const statuses = statusesOf(query);
    const after = query.cursor ? decodeCursor(query.cursor, isStoreCursor) : null;
    const staff = isStaff(actor.user.role);
    // Owners only ever see their own stores: asking for another owner's is an empty list.
    if (!staff && query.ownerId && query.ownerId !== actor.user.id) return { items: [], nextCursor: null };
    const rows = await findStorePage(this.prisma.pool, {
      ownerId: staff ? query.ownerId : actor.user.id,
      statuses,
      engine: query.engine,
      nameContains: query.q?.toLowerCase(),
      after: after ? { requestedAt: new Date(after[0]), id: after[1] } : null,
      take: limit + 1,
    });
    const page = pageOf(rows, limit);
    const items = page.items.map((store) => this.lifecycle.viewOf(store));
    const last = items.at(-1);
    return { items, nextCursor: page.more && last ? encodeCursor([last.requestedAt, last.id]) : null };
  }

  async get(actor: SignedIn, id: string): Promise<StoreView> {
    return this.lifecycle.view(await this.visible(actor, id));
  }

  async events(actor: SignedIn, id: string): Promise<StoreEventView[]> {
    await this.visible(actor, id);
    const events = await this.prisma.storeEvent.findMany({
      where: { storeId: id },
      orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
      take: 1_000,
    });
    return events.map(toStoreEventView);
  }

  /** Idempotent: a store already deleting (or deleted) is answered with its current state; every request is audited. */
  async delete(actor: SignedIn, id: string): Promise<StoreView> {
    await this.visible(actor, id);
    const { store } = await this.lifecycle.requestDeletion(id, auditActor(actor));
    return this.lifecycle.view(store);
  }

  /** failed → requested with the next attempt number (it waits for a provisioning slot like a new store); else 409. */
  async retry(actor: SignedIn, id: string): Promise<StoreView> {
    const store = await this.visible(actor, id);
    if (!storeAllows(store.status, 'retry')) throw new IllegalStoreTransitionError(store.status, 'requested');
    return this.lifecycle.view(await this.lifecycle.retry(id, auditActor(actor)));
  }

  /**
   * Suspend or resume: owners their own stores, operators and admins any.
   * From a status that does not allow it, 409 (IllegalStoreTransitionError,
   * also when a concurrent request moved the store first).
   */
  async operate(actor: SignedIn, id: string, operation: Exclude<StoreOperation, 'domains'>): Promise<StoreView> {
    await this.visible(actor, id);
    return this.lifecycle.view(await this.lifecycle.requestOperation(id, operation, auditActor(actor)));
  }

  /**
   * Replaces the store's custom domains (owners their own stores, staff any):
   * each a hostname (RFC 1123, lower-cased; wildcards only if configured),
   * never the platform's domain, at most the configured number (400 naming
   * each bad entry); 409 when another live store has one, or when the store's
   * status does not allow the change. The worker then applies them.
   */
  async setDomains(actor: SignedIn, id: string, requested: readonly string[]): Promise<StoreView> {
    await this.visible(actor, id);
    const checked = checkCustomDomains(requested, customDomainRules(this.config));
    if ('problems' in checked) throw problems.validation(checked.problems, 'The custom domains are invalid');
    try {
      return await this.lifecycle.view(await this.lifecycle.setDomains(id, checked.domains, auditActor(actor)));
    } catch (error) {
      throw asProblem(error);
    }
  }

  /**
   * Move a store to another engine version of the configured allow-list
   * (owners their own stores, operators and admins any): 400 for a version
   * no engine offers, 409 for the other engine's, for the version a ready store already runs and for any
   * status but ready or degraded (also when a concurrent request moved it first).
   */
  async upgrade(actor: SignedIn, id: string, version: string): Promise<StoreView> {
    const store = await this.visible(actor, id);
    const refusal = upgradeRefusal(store, version, engineVersions(this.config));
    if (refusal?.kind === 'unknown-version') throw problems.validation([{ field: 'version', message: refusal.message }]);
    if (!storeAllows(store.status, 'upgrade')) throw new IllegalStoreTransitionError(store.status, 'upgrading');
    if (refusal) throw problems.conflict(refusal.message, { currentVersion: store.engineVersion });
    return this.lifecycle.view(
      await this.lifecycle.requestOperation(id, 'upgrade', auditActor(actor), { targetEngineVersion: version }),
    );
  }

  /** Only the owner may see the admin login, and every reveal is audited. */
  async revealCredentials(actor: SignedIn, id: string): Promise<StoreCredentialsView> {
    const store = await this.visible(actor, id);
    if (store.ownerId !== actor.user.id) throw problems.forbidden("Only the store's owner can reveal its admin login");
    if (!store.adminCredentials || !storeAllows(store.status, 'revealCredentials')) throw problems.credentialsUnavailable();
    const { username, password } = this.cipher.decrypt<{ username: string; password: string }>(store.id, store.adminCredentials);
    await this.lifecycle.record(auditActor(actor), {
      action: 'store.reveal_credentials',
      outcome: 'success',
      targetType: 'store',
      targetId: id,
      details: { name: store.name },
    });
    return { username, password, adminUrl: store.adminUrl };
  }

  /** The store if the actor may see it: owners their own, operators and admins all. Otherwise 404, never 403. */
  private async visible(actor: SignedIn, id: string): Promise<Store> {
    const store = await this.prisma.store.findFirst({
      where: { id, ...(isStaff(actor.user.role) ? {} : { ownerId: actor.user.id }) },
    });
    if (!store) throw problems.notFound('Store');
    return store;
  }
}
