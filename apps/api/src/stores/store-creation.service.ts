import { createHash } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { IN_FLIGHT_STORE_STATUSES, namespaceForStore, type StoreView } from '@storefleet/contracts';
import { isUniqueViolation, Prisma, PrismaService, type Store } from '@storefleet/db';

import { AuditService } from '../audit/audit.service.js';
import type { Actor, AuthUser } from '../auth/actor.js';
import { API_CONFIG, type ApiEnv } from '../config/api-config.js';
import { problems } from '../problems/problem.js';
import { effectiveLimits } from '../users/user-view.js';
import type { CreateStoreDto } from './dto/store.dto.js';
import { KeyedSerializer } from './keyed-serializer.js';
import { StoreJobs } from './store-jobs.js';
import { toStoreView } from './store-view.js';

export interface CreateResult {
  status: number;
  body: StoreView;
  /** True when this is the remembered first response to a repeated Idempotency-Key. */
  replayed: boolean;
}

interface LockedOwner {
  id: string;
  maxLiveStores: number | null;
  maxProvisioningStores: number | null;
  maxCreatesPerHour: number | null;
}

interface Usage {
  live: number;
  inFlight: number;
  lastHour: number;
  oldestInHour: Date | null;
}

/**
 * Creating a store: limits and idempotency are decided inside one transaction
 * that first locks the owner's row, so concurrent requests by the same owner
 * are serialised and a limit of 5 yields exactly 5 stores.
 */
@Injectable()
export class StoreCreation {
  /** One create per owner at a time in this process; the row lock still decides across replicas. */
  private readonly perOwner = new KeyedSerializer();

  constructor(
    @Inject(PrismaService) private readonly prisma: PrismaService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(StoreJobs) private readonly jobs: StoreJobs,
    @Inject(API_CONFIG) private readonly config: ApiEnv,
  ) {}

  async create(actor: Actor & { user: AuthUser }, dto: CreateStoreDto, idempotencyKey: string | null): Promise<CreateResult> {
    const requestHash = createHash('sha256')
      .update(JSON.stringify(['POST /stores', dto.name, dto.engine, dto.plan ?? null]))
      .digest('hex');
    let outcome: { replay: CreateResult } | { store: Store };
    try {
      outcome = await this.perOwner.run(actor.user.id, () =>
        this.prisma.$transaction(
          async (tx) => {
            const owner = await this.lockOwner(tx, actor.user.id);
            if (idempotencyKey) {
              const prior = await this.priorResponse(tx, owner.id, idempotencyKey, requestHash);
              if (prior) return { replay: prior };
            }
            await this.assertWithinLimits(tx, owner);
            const store = await tx.store.create({
              data: {
                name: dto.name,
                liveName: dto.name,
                engine: dto.engine,
                plan: dto.plan ?? 'small',
                ownerId: owner.id,
                status: 'requested',
                namespace: namespaceForStore(dto.name),
                provisionAttempts: 1,
              },
            });
            await this.audit.record(
              actor,
              {
                action: 'store.create',
                outcome: 'success',
                targetType: 'store',
                targetId: store.id,
                details: { name: store.name, engine: store.engine, plan: store.plan },
              },
              tx,
            );
            if (idempotencyKey) {
              await tx.idempotencyKey.create({
                data: {
                  userId: owner.id,
                  key: idempotencyKey,
                  requestHash,
                  responseStatus: 202,
                  responseBody: toStoreView(store) as unknown as Prisma.InputJsonObject,
                  expiresAt: new Date(Date.now() + this.config.IDEMPOTENCY_KEY_TTL_SECONDS * 1000),
                },
              });
            }
            return { store };
          },
          { maxWait: 10_000, timeout: 15_000 },
        ),
      );
    } catch (error) {
      if (isUniqueViolation(error, 'live_name') || isUniqueViolation(error, 'liveName')) throw problems.nameTaken(dto.name);
      throw error;
    }
    if ('replay' in outcome) return outcome.replay;

    await this.jobs.provision(outcome.store, actor.requestId);
    await this.jobs.announce(outcome.store);
    return { status: 202, body: toStoreView(outcome.store), replayed: false };
  }

  private async lockOwner(tx: Prisma.TransactionClient, userId: string): Promise<LockedOwner> {
    const [owner] = await tx.$queryRaw<LockedOwner[]>`
      SELECT id,
             max_live_stores AS "maxLiveStores",
             max_provisioning_stores AS "maxProvisioningStores",
             max_creates_per_hour AS "maxCreatesPerHour"
        FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
    if (!owner) throw problems.unauthorized();
    return owner;
  }

  private async priorResponse(
    tx: Prisma.TransactionClient,
    userId: string,
    key: string,
    requestHash: string,
  ): Promise<CreateResult | null> {
    const prior = await tx.idempotencyKey.findUnique({ where: { userId_key: { userId, key } } });
    if (!prior) return null;
    if (prior.expiresAt <= new Date()) {
      await tx.idempotencyKey.delete({ where: { id: prior.id } });
      return null;
    }
    if (prior.requestHash !== requestHash) throw problems.idempotencyMismatch();
    return { status: prior.responseStatus ?? 202, body: prior.responseBody as unknown as StoreView, replayed: true };
  }

  private async assertWithinLimits(tx: Prisma.TransactionClient, owner: LockedOwner): Promise<void> {
    const limits = effectiveLimits(owner, this.config);
    const [usage] = await tx.$queryRaw<Usage[]>`
      SELECT count(*) FILTER (WHERE status <> 'deleted')::int AS live,
             count(*) FILTER (WHERE status::text IN (${Prisma.join([...IN_FLIGHT_STORE_STATUSES])}))::int AS "inFlight",
             count(*) FILTER (WHERE requested_at > now() - interval '1 hour')::int AS "lastHour",
             min(requested_at) FILTER (WHERE requested_at > now() - interval '1 hour') AS "oldestInHour"
        FROM stores WHERE owner_id = ${owner.id}::uuid`;
    if (!usage) throw new Error('usage query returned no row');
    if (usage.live >= limits.maxLiveStores) throw problems.limitExceeded('maxLiveStores', limits.maxLiveStores, usage.live);
    if (usage.inFlight >= limits.maxProvisioningStores) {
      throw problems.limitExceeded('maxProvisioningStores', limits.maxProvisioningStores, usage.inFlight);
    }
    if (usage.lastHour >= limits.maxCreatesPerHour) {
      const freesAt = (usage.oldestInHour?.getTime() ?? Date.now()) + 3600_000;
      const retryAfter = Math.max(1, Math.ceil((freesAt - Date.now()) / 1000));
      throw problems.limitExceeded('maxCreatesPerHour', limits.maxCreatesPerHour, usage.lastHour, retryAfter);
    }
  }
}
