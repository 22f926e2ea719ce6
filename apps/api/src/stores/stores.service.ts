import { Inject, Injectable } from '@nestjs/common';
import {
  IllegalStoreTransitionError,
  isStaff,
  type Page,
  type StoreCredentialsView,
  type StoreEventView,
  type StoreView,
} from '@storefleet/contracts';
import { CredentialsCipher, type Prisma, PrismaService, type Store, transitionStore } from '@storefleet/db';

import { AuditService } from '../audit/audit.service.js';
import type { Actor, AuthUser } from '../auth/actor.js';
import { API_CONFIG, type ApiEnv } from '../config/api-config.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, pageOf } from '../http/pagination.js';
import { problems } from '../problems/problem.js';
import { statusesOf, type StoreListQueryDto } from './dto/store.dto.js';
import { StoreJobs } from './store-jobs.js';
import { toStoreEventView, toStoreView } from './store-view.js';

type SignedIn = Actor & { user: AuthUser };

const isStoreCursor = (value: unknown[]): value is [string, string] =>
  value.length === 2 &&
  typeof value[0] === 'string' &&
  !Number.isNaN(Date.parse(value[0])) &&
  typeof value[1] === 'string' &&
  /^[0-9a-f-]{36}$/i.test(value[1]);

/** Reading stores and the owner's/operator's actions on one: delete, retry, reveal credentials. */
@Injectable()
export class StoresService {
  private readonly cipher: CredentialsCipher;

  constructor(
    @Inject(PrismaService) private readonly prisma: PrismaService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(StoreJobs) private readonly jobs: StoreJobs,
    @Inject(API_CONFIG) config: ApiEnv,
  ) {
    this.cipher = new CredentialsCipher(config.CREDENTIALS_KEY);
  }

  async list(actor: SignedIn, query: StoreListQueryDto): Promise<Page<StoreView>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const statuses = statusesOf(query);
    const after = query.cursor ? decodeCursor(query.cursor, isStoreCursor) : null;
    const and: Prisma.StoreWhereInput[] = [
      isStaff(actor.user.role) ? {} : { ownerId: actor.user.id },
      query.ownerId ? { ownerId: query.ownerId } : {},
      { status: statuses ? { in: statuses } : { not: 'deleted' } },
      query.engine ? { engine: query.engine } : {},
      query.q ? { name: { contains: query.q.toLowerCase() } } : {},
      after
        ? { OR: [{ requestedAt: { lt: new Date(after[0]) } }, { requestedAt: new Date(after[0]), id: { lt: after[1] } }] }
        : {},
    ];
    const rows = await this.prisma.store.findMany({
      where: { AND: and },
      orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    const page = pageOf(rows, limit);
    return {
      items: page.items.map(toStoreView),
      nextCursor: page.more && page.last ? encodeCursor([page.last.requestedAt.toISOString(), page.last.id]) : null,
    };
  }

  async get(actor: SignedIn, id: string): Promise<StoreView> {
    return toStoreView(await this.visible(actor, id));
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

  /** Idempotent: a store already deleting (or deleted) is answered with its current state. */
  async delete(actor: SignedIn, id: string): Promise<StoreView> {
    const store = await this.visible(actor, id);
    let current = store;
    if (store.status !== 'deleting' && store.status !== 'deleted') {
      try {
        current = await this.prisma.$transaction(async (tx) => {
          const moved = await transitionStore(tx, id, 'deleting', { statusReason: null });
          await this.audit.record(
            actor,
            {
              action: 'store.delete',
              outcome: 'success',
              targetType: 'store',
              targetId: id,
              details: { name: store.name, from: store.status },
            },
            tx,
          );
          return moved;
        });
      } catch (error) {
        if (!(error instanceof IllegalStoreTransitionError)) throw error;
        current = await this.prisma.store.findUniqueOrThrow({ where: { id } }); // someone else deleted it first
      }
    }
    if (current === store) {
      await this.audit.record(actor, {
        action: 'store.delete',
        outcome: 'success',
        targetType: 'store',
        targetId: id,
        details: { name: store.name, alreadyStatus: store.status },
      });
    }
    // Re-enqueued on every DELETE of a deleting store: repeating the request repairs a lost teardown job.
    if (current.status === 'deleting') await this.jobs.teardown(current, actor.requestId);
    if (current !== store) await this.jobs.announce(current);
    return toStoreView(current);
  }

  /** failed → provisioning with the next attempt number; anything else is refused with 409. */
  async retry(actor: SignedIn, id: string): Promise<StoreView> {
    const store = await this.visible(actor, id);
    const moved = await this.prisma.$transaction(async (tx) => {
      const updated = await transitionStore(
        tx,
        id,
        'provisioning',
        {
          provisionAttempts: { increment: 1 },
          retryCount: { increment: 1 },
          statusReason: null,
          provisioningStartedAt: new Date(),
        },
        { from: ['failed'] },
      );
      await this.audit.record(
        actor,
        {
          action: 'store.retry',
          outcome: 'success',
          targetType: 'store',
          targetId: id,
          details: { name: store.name, attempt: updated.provisionAttempts, previousReason: store.statusReason },
        },
        tx,
      );
      return updated;
    });
    await this.jobs.provision(moved, actor.requestId);
    await this.jobs.announce(moved);
    return toStoreView(moved);
  }

  /** Only the owner may see the admin login, and every reveal is audited. */
  async revealCredentials(actor: SignedIn, id: string): Promise<StoreCredentialsView> {
    const store = await this.visible(actor, id);
    if (store.ownerId !== actor.user.id) throw problems.forbidden("Only the store's owner can reveal its admin login");
    if (!store.adminCredentials || store.status === 'deleting' || store.status === 'deleted')
      throw problems.credentialsUnavailable();
    const { username, password } = this.cipher.decrypt<{ username: string; password: string }>(store.id, store.adminCredentials);
    await this.audit.record(actor, {
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
