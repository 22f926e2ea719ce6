/**
 * The one writer of store status and store audit rows. Every change is
 * "transition + audit in one transaction, then announce (and enqueue the job
 * it calls for)". The API, the worker and the tests' fixtures all call this;
 * nothing else moves a store.
 */
import {
  type AuditAction,
  createRefusal,
  effectiveLimits,
  hasProvisioningSlot,
  IllegalStoreTransitionError,
  LIVE_STORE_STATUSES,
  namespaceForStore,
  STORE_CHANGES_CHANNEL,
  type StoreEngine,
  type StoreOperation,
  type StorePlan,
  type StoreStatus,
  type StoreView,
  type UserLimits,
} from '@storefleet/contracts';

import { isUniqueViolation } from '../db-errors.js';
import type { Prisma, PrismaClient, Store } from '../generated/prisma/client.js';
import { appendAudit, type AuditActor, type AuditRecord } from './audit.repository.js';
import {
  DomainTakenError,
  IdempotencyMismatchError,
  LimitExceededError,
  OwnerNotFoundError,
  StoreNameTakenError,
} from './errors.js';
import { KeyedSerializer } from './keyed-serializer.js';
import {
  countProvisioning,
  type DomainDns,
  lockOwner,
  ownerUsage,
  STORE_DOMAINS_INCLUDE,
  type StoreTransitionData,
  toStoreView,
  transitionStore,
} from './stores.repository.js';

/** Anything that can PUBLISH to Redis (an ioredis client). */
export interface Publisher {
  publish(channel: string, message: string): Promise<number>;
}

/**
 * Enqueues a store's jobs after the change that calls for them has committed.
 * Best effort: false when the queue did not take it; the reconciler re-adds
 * lost jobs (job ids are deterministic, so adding twice is harmless).
 */
export interface StoreJobsPort {
  provision(store: Pick<Store, 'id' | 'provisionAttempts'>, requestId?: string | null): Promise<boolean>;
  teardown(store: Pick<Store, 'id' | 'provisionAttempts'>, requestId?: string | null): Promise<boolean>;
  /** The job that brings a suspending, resuming or upgrading store to rest. */
  operate(store: Pick<Store, 'id'>, requestId?: string | null): Promise<boolean>;
  restore(store: Pick<Store, 'id' | 'restoreBackupId'>, requestId?: string | null): Promise<boolean>;
}

export interface StoreLifecycleOptions {
  db: PrismaClient;
  /** Announces changes to every API replica's live stream; null announces nothing. */
  publisher: Publisher | null;
  jobs: StoreJobsPort | null;
  /** The platform's default limits (users may override them). */
  defaultLimits: UserLimits;
  /** Where custom domains' DNS records point, as views show them; absent: the defaults (tests). */
  dns?: DomainDns;
  log?: { warn(message: string): void };
}

export interface NewStore {
  ownerId: string;
  name: string;
  engine: StoreEngine;
  plan?: StorePlan;
  /** The engine version the store is created with (the first of the engine's allow-list). */
  engineVersion?: string | null;
  /** A clone: the backup (of a store the owner may see) whose data the new store takes once provisioned. */
  fromBackup?: { storeId: string; backupId: string };
}

export interface Idempotency {
  key: string;
  /** Hash of the request: the same key with another request is refused. */
  requestHash: string;
  ttlSeconds: number;
}

export interface CreateOutcome {
  store: StoreView;
  /** The remembered first response to a repeated Idempotency-Key. */
  replayed: boolean;
}

export type Admission = { admitted: Store } | { atLimit: { limit: number; provisioning: number } } | { gone: string };

/** An audit row that goes with a transition; the target is the store. */
export type TransitionAudit = Omit<AuditRecord, 'targetType' | 'targetId'>;

/** What asking for each operation moves the store to, and the audit action of the request. */
const OPERATION_REQUESTS = {
  suspend: { to: 'suspending', action: 'store.suspend' },
  resume: { to: 'resuming', action: 'store.resume' },
  upgrade: { to: 'upgrading', action: 'store.upgrade' },
  domains: { to: 'configuring', action: 'store.domains' },
} as const satisfies Record<StoreOperation, { to: StoreStatus; action: AuditAction }>;

/** Live statuses from which a store can be deleted (all but deleting). */
const DELETABLE: readonly StoreStatus[] = LIVE_STORE_STATUSES.filter((s) => s !== 'deleting');

export class StoreLifecycle {
  /** One create per owner at a time in this process; the owner's row lock still decides across processes. */
  private readonly perOwner = new KeyedSerializer();
  private readonly db: PrismaClient;

  constructor(private readonly options: StoreLifecycleOptions) {
    this.db = options.db;
  }

  /**
   * A new store, `requested`: refused at the live-store or hourly limit,
   * otherwise accepted, and its provisioning waits for a slot under the
   * provisioning limit. With an Idempotency-Key, a repeat returns the first
   * response and creates nothing.
   */
  async create(request: NewStore, actor: AuditActor | null, idempotency?: Idempotency): Promise<CreateOutcome> {
    let outcome: CreateOutcome | { created: Store };
    try {
      // Queued here, waiting creates of one owner hold no pooled connection parked on the row lock.
      outcome = await this.perOwner.run(request.ownerId, () =>
        this.db.$transaction(
          async (tx) => {
            const owner = await lockOwner(tx, request.ownerId);
            if (!owner) throw new OwnerNotFoundError(request.ownerId);
            if (idempotency) {
              const prior = await this.priorResponse(tx, owner.id, idempotency);
              if (prior) return prior;
            }
            const refusal = createRefusal(await ownerUsage(tx, owner.id), effectiveLimits(owner, this.options.defaultLimits));
            if (refusal) throw new LimitExceededError(refusal);
            const store = await tx.store.create({
              data: {
                name: request.name,
                liveName: request.name,
                engine: request.engine,
                plan: request.plan ?? 'small',
                ownerId: owner.id,
                status: 'requested',
                namespace: namespaceForStore(request.name),
                provisionAttempts: 1,
                restoreBackupId: request.fromBackup?.backupId ?? null,
                engineVersion: request.engineVersion ?? null,
              },
            });
            await appendAudit(tx, actor, {
              action: 'store.create',
              outcome: 'success',
              targetType: 'store',
              targetId: store.id,
              details: {
                name: store.name,
                engine: store.engine,
                plan: store.plan,
                engineVersion: store.engineVersion,
                ...(request.fromBackup ? { fromBackup: request.fromBackup } : {}),
              },
            });
            if (idempotency) {
              await tx.idempotencyKey.create({
                data: {
                  userId: owner.id,
                  key: idempotency.key,
                  requestHash: idempotency.requestHash,
                  responseStatus: 202,
                  responseBody: toStoreView(store, this.options.dns) as unknown as Prisma.InputJsonObject,
                  expiresAt: new Date(Date.now() + idempotency.ttlSeconds * 1000),
                },
              });
            }
            return { created: store };
          },
          { maxWait: 10_000, timeout: 15_000 },
        ),
      );
    } catch (error) {
      if (isUniqueViolation(error, 'live_name')) throw new StoreNameTakenError(request.name);
      throw error;
    }
    if (!('created' in outcome)) return outcome;
    await this.options.jobs?.provision(outcome.created, actor?.requestId);
    // A new store has no custom domains yet: its view needs no further read.
    const view = toStoreView({ ...outcome.created, domains: [] }, this.options.dns);
    await this.publish(view.id, () => view);
    return { store: view, replayed: false };
  }

  /**
   * Marks a store for deletion and enqueues its teardown. Idempotent: a store
   * already deleting (or deleted, or moved there by a concurrent request) is
   * returned as it is, and every request is audited either way. The teardown
   * job is re-enqueued for a deleting store, so repeating DELETE repairs a lost job.
   */
  async requestDeletion(storeId: string, actor: AuditActor | null): Promise<{ store: Store; moved: boolean }> {
    const result = await this.db.$transaction(async (tx) => {
      const before = await tx.store.findUniqueOrThrow({ where: { id: storeId } });
      try {
        const store = await transitionStore(tx, storeId, 'deleting', { statusReason: null }, { from: DELETABLE });
        await appendAudit(tx, actor, {
          action: 'store.delete',
          outcome: 'success',
          targetType: 'store',
          targetId: storeId,
          details: { name: store.name, from: before.status },
        });
        return { store, moved: true };
      } catch (error) {
        if (!(error instanceof IllegalStoreTransitionError)) throw error;
        // Already deleting or deleted (perhaps by a concurrent request a moment ago): still a request worth recording.
        await appendAudit(tx, actor, {
          action: 'store.delete',
          outcome: 'success',
          targetType: 'store',
          targetId: storeId,
          details: { name: before.name, alreadyStatus: error.from },
        });
        return { store: await tx.store.findUniqueOrThrow({ where: { id: storeId } }), moved: false };
      }
    });
    if (result.store.status === 'deleting') await this.options.jobs?.teardown(result.store, actor?.requestId);
    if (result.moved) await this.announce(result.store);
    return result;
  }

  /**
   * failed → requested with the next attempt number: a retried store waits
   * for a provisioning slot exactly like a new one. Anything else throws
   * IllegalStoreTransitionError.
   */
  async retry(storeId: string, actor: AuditActor | null): Promise<Store> {
    const store = await this.db.$transaction(async (tx) => {
      const before = await tx.store.findUniqueOrThrow({ where: { id: storeId } });
      const moved = await transitionStore(
        tx,
        storeId,
        'requested',
        { provisionAttempts: { increment: 1 }, retryCount: { increment: 1 }, statusReason: null, provisioningStartedAt: null },
        { from: ['failed'] },
      );
      await appendAudit(tx, actor, {
        action: 'store.retry',
        outcome: 'success',
        targetType: 'store',
        targetId: storeId,
        details: { name: moved.name, attempt: moved.provisionAttempts, previousReason: before.statusReason },
      });
      return moved;
    });
    await this.options.jobs?.provision(store, actor?.requestId);
    await this.announce(store);
    return store;
  }

  /**
   * Suspend (ready or degraded → suspending), resume (suspended → resuming)
   * or upgrade (ready or degraded → upgrading, to `targetEngineVersion`),
   * audited in the same transaction, then the job that carries it out is
   * enqueued. From any other status it throws IllegalStoreTransitionError
   * (the API's 409); two racing requests cannot both move the store.
   */
  async requestOperation(
    storeId: string,
    operation: Exclude<StoreOperation, 'domains'>,
    actor: AuditActor | null,
    options: { targetEngineVersion?: string } = {},
  ): Promise<Store> {
    if (operation !== 'upgrade') return this.operation(storeId, operation, actor);
    const target = options.targetEngineVersion;
    if (!target) throw new Error('an upgrade needs the version to move to');
    return this.operation(storeId, operation, actor, {
      data: { targetEngineVersion: target },
      details: (before) => Promise.resolve({ fromVersion: before.engineVersion, toVersion: target }),
    });
  }

  /**
   * Replaces the store's custom domains with `domains` (already checked and
   * normalised; [] removes them all) and moves it ready or degraded →
   * configuring, audited, in one transaction; then the operation job applies
   * them. A domain another live store holds throws DomainTakenError (the
   * unique hostname decides between racing requests); any other status
   * throws IllegalStoreTransitionError, and nothing changes.
   */
  async setDomains(storeId: string, domains: readonly string[], actor: AuditActor | null): Promise<Store> {
    try {
      return await this.operation(storeId, 'domains', actor, {
        details: async (_before, tx) => {
          const previous = await tx.storeDomain.findMany({ where: { storeId }, orderBy: { position: 'asc' } });
          const taken = await tx.storeDomain.findFirst({
            where: { hostname: { in: [...domains] }, storeId: { not: storeId } },
          });
          if (taken) throw new DomainTakenError(taken.hostname);
          await tx.storeDomain.deleteMany({ where: { storeId } });
          await tx.storeDomain.createMany({ data: domains.map((hostname, position) => ({ storeId, hostname, position })) });
          return { domains, previous: previous.map((d) => d.hostname) };
        },
      });
    } catch (error) {
      if (!isUniqueViolation(error, 'hostname')) throw error;
      // Another store's request took one of them between our check and our insert.
      const taken = await this.db.storeDomain.findFirst({ where: { hostname: { in: [...domains] }, storeId: { not: storeId } } });
      throw new DomainTakenError(taken?.hostname ?? domains[0] ?? '');
    }
  }

  /**
   * The status move an operation asks for (with `extra.data` written on the
   * store), its audit row (with what `extra.details` returns: it may change
   * more in the same transaction) and its job.
   */
  private async operation(
    storeId: string,
    operation: StoreOperation,
    actor: AuditActor | null,
    extra: {
      data?: StoreTransitionData;
      details?: (before: Store, tx: Prisma.TransactionClient) => Promise<Record<string, unknown>>;
    } = {},
  ): Promise<Store> {
    const { to, action } = OPERATION_REQUESTS[operation];
    const store = await this.db.$transaction(async (tx) => {
      const before = await tx.store.findUniqueOrThrow({ where: { id: storeId } });
      const moved = await transitionStore(tx, storeId, to, { statusReason: null, ...extra.data });
      const details = extra.details ? await extra.details(before, tx) : {};
      await appendAudit(tx, actor, {
        action,
        outcome: 'success',
        targetType: 'store',
        targetId: storeId,
        details: { name: moved.name, from: before.status, ...details },
      });
      return moved;
    });
    await this.options.jobs?.operate(store, actor?.requestId);
    await this.announce(store);
    return store;
  }

  /**
   * requested → provisioning, unless the owner already has their maximum of
   * stores provisioning (then the store keeps waiting). Counted and moved
   * under the owner's row lock, the same lock a create takes.
   */
  async admit(storeId: string, attempt: number): Promise<Admission> {
    let admission: Admission;
    try {
      admission = await this.db.$transaction(async (tx) => {
        const store = await tx.store.findUniqueOrThrow({ where: { id: storeId }, select: { ownerId: true } });
        const owner = await lockOwner(tx, store.ownerId);
        const limits = effectiveLimits(owner ?? {}, this.options.defaultLimits);
        const provisioning = await countProvisioning(tx, store.ownerId);
        if (!hasProvisioningSlot(provisioning, limits)) return { atLimit: { limit: limits.maxProvisioningStores, provisioning } };
        const admitted = await transitionStore(
          tx,
          storeId,
          'provisioning',
          { provisioningStartedAt: new Date(), statusReason: null },
          { from: ['requested'] },
        );
        if (admitted.provisionAttempts !== attempt) throw new IllegalStoreTransitionError('requested', 'provisioning');
        await appendAudit(tx, null, {
          action: 'store.provisioning',
          outcome: 'success',
          targetType: 'store',
          targetId: storeId,
          details: { attempt },
        });
        return { admitted };
      });
    } catch (error) {
      if (error instanceof IllegalStoreTransitionError) return { gone: `the store is not waiting for attempt ${attempt}` };
      throw error;
    }
    if ('admitted' in admission) await this.announce(admission.admitted);
    return admission;
  }

  /**
   * → restoring with the backup to restore, audited, then the restore job is
   * enqueued (the reconciler re-adds a lost one). From ready or degraded: a
   * restore the owner asked for; from provisioning: a clone's first data.
   * A store in any other status throws IllegalStoreTransitionError.
   */
  async restore(
    storeId: string,
    change: {
      backupId: string;
      from: readonly StoreStatus[];
      data?: StoreTransitionData;
      audit: TransitionAudit;
      actor?: AuditActor | null;
    },
  ): Promise<Store> {
    const store = await this.transition(storeId, 'restoring', {
      from: change.from,
      data: { ...change.data, restoreBackupId: change.backupId, statusReason: null },
      audit: { ...change.audit, details: { backupId: change.backupId, ...(change.audit.details as object | undefined) } },
      actor: change.actor ?? null,
    });
    await this.options.jobs?.restore(store, change.actor?.requestId);
    return store;
  }

  /** A status change with its audit row, in one transaction, then announced. */
  async transition(
    storeId: string,
    to: StoreStatus,
    change: { from?: readonly StoreStatus[]; data?: StoreTransitionData; audit: TransitionAudit; actor?: AuditActor | null },
  ): Promise<Store> {
    const store = await this.db.$transaction(async (tx) => {
      const moved = await transitionStore(tx, storeId, to, change.data ?? {}, change.from ? { from: change.from } : {});
      await appendAudit(tx, change.actor ?? null, { ...change.audit, targetType: 'store', targetId: storeId });
      return moved;
    });
    await this.announce(store);
    return store;
  }

  /** Updates why a store is in its status (e.g. a degraded store's new problem) without moving it. */
  async explain(storeId: string, status: StoreStatus, reason: string | null): Promise<void> {
    const [store] = await this.db.store.updateManyAndReturn({ where: { id: storeId, status }, data: { statusReason: reason } });
    if (store) await this.announce(store);
  }

  /** An audited action that changes no status (revealing credentials, an orphan namespace found). */
  async record(actor: AuditActor | null, record: AuditRecord): Promise<void> {
    await appendAudit(this.db, actor, record);
  }

  /** The store's full view, its custom domains (and their DNS records) included. */
  async view(store: Store): Promise<StoreView> {
    const domains = await this.db.storeDomain.findMany({
      where: { storeId: store.id },
      ...STORE_DOMAINS_INCLUDE.domains,
    });
    return toStoreView({ ...store, domains }, this.options.dns);
  }

  /** Views of stores read with STORE_DOMAINS_INCLUDE. */
  viewOf(store: Parameters<typeof toStoreView>[0]): StoreView {
    return toStoreView(store, this.options.dns);
  }

  /** Publishes the store's full view, its custom domains read afresh. */
  async announce(store: Store): Promise<void> {
    if (this.options.publisher) await this.publish(store.id, () => this.view(store));
  }

  /** Publishes a view; neither its read nor a Redis hiccup may undo a committed change. */
  private async publish(storeId: string, view: () => StoreView | Promise<StoreView>): Promise<void> {
    try {
      await this.options.publisher?.publish(STORE_CHANGES_CHANNEL, JSON.stringify(await view()));
    } catch (error) {
      this.options.log?.warn(
        `Could not announce the change of store ${storeId}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async priorResponse(
    tx: Prisma.TransactionClient,
    userId: string,
    idempotency: Idempotency,
  ): Promise<CreateOutcome | null> {
    const prior = await tx.idempotencyKey.findUnique({ where: { userId_key: { userId, key: idempotency.key } } });
    if (!prior) return null;
    if (prior.expiresAt <= new Date()) {
      await tx.idempotencyKey.delete({ where: { id: prior.id } });
      return null;
    }
    if (prior.requestHash !== idempotency.requestHash) throw new IdempotencyMismatchError();
    return { store: prior.responseBody as unknown as StoreView, replayed: true };
  }
}
