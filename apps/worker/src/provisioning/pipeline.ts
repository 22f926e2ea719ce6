import { randomBytes } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';
import type { StoreStep } from '@storefleet/contracts';
import { CredentialsCipher, PrismaService, type Store, StoreEvents } from '@storefleet/db';
import type { Blueprint } from '@storefleet/engines';
import { KubeClient } from '@storefleet/kube';

import { withStoreLock } from '../common/store-lock.js';
import { DeadlinePassedError, StaleRunError } from './errors.js';
import { PIPELINE, STEP_HANDLERS, type StepContext } from './steps/index.js';

/** Why a run that found the store in this state must stop, or null if it may go on. */
export function staleReason(store: { status: string; provisionAttempts: number } | null, attempt: number): string | null {
  if (!store) return 'the store no longer exists';
  if (store.status === 'deleting' || store.status === 'deleted') return `the store is ${store.status}`;
  if (store.provisionAttempts !== attempt) return `attempt ${attempt} was superseded by attempt ${store.provisionAttempts}`;
  if (store.status !== 'provisioning') return `the store is ${store.status}`;
  return null;
}

/**
 * Why a drift repair must not touch the store now, or null if it may: the
 * store is still at rest in the state its blueprint was built for (running:
 * ready or degraded; or suspended), so a repair never undoes a suspend or a
 * resume that started meanwhile.
 */
function repairBlocked(store: { status: string } | null, suspended: boolean): string | null {
  const atRest = suspended ? ['suspended'] : ['ready', 'degraded'];
  if (store && atRest.includes(store.status)) return null;
  return `the store is ${store?.status ?? 'gone'}`;
}

/**
 * Runs the pipeline's step handlers, for provisioning (each step's `run`,
 * recorded on the timeline) and for drift repair (each step's `repair`): the
 * same handlers, the same manifests. Every change to the cluster runs under
 * the store's lock after checking the store may still be changed; teardown
 * takes the same lock before it deletes the namespace.
 */
@Injectable()
export class Pipeline {
  private readonly log = new Logger(Pipeline.name);

  constructor(
    @Inject(PrismaService) private readonly db: PrismaService,
    @Inject(KubeClient) private readonly kube: KubeClient,
    @Inject(CredentialsCipher) private readonly cipher: CredentialsCipher,
    @Inject(StoreEvents) private readonly events: StoreEvents,
  ) {}

  context(
    store: Store,
    blueprint: Blueprint,
    run: { attempt: number; deadline: number; signal: AbortSignal; blocked: (current: Store | null) => string | null },
  ): StepContext {
    return {
      store,
      blueprint,
      attempt: run.attempt,
      deadline: run.deadline,
      signal: run.signal,
      kube: this.kube,
      db: this.db,
      cipher: this.cipher,
      random: randomBytes,
      log: this.log,
      progress: () => Promise.resolve(),
      underLock: (change) =>
        withStoreLock(this.db, store.id, async (current) => {
          const why = run.blocked(current);
          if (why) throw new StaleRunError(why);
          return change();
        }),
    };
  }

  /** A suspend's or resume's context: changes only while the store is still `status`. */
  operationContext(
    store: Store,
    blueprint: Blueprint,
    status: Store['status'],
    deadline: number,
    signal: AbortSignal,
  ): StepContext {
    return this.context(store, blueprint, {
      attempt: store.provisionAttempts,
      deadline,
      signal,
      blocked: (current) => (current?.status === status ? null : `the store is ${current?.status ?? 'gone'}`),
    });
  }

  /** A provisioning run's context: changes only while the run is current. */
  provisioningContext(store: Store, blueprint: Blueprint, attempt: number, deadline: number, signal: AbortSignal): StepContext {
    return this.context(store, blueprint, { attempt, deadline, signal, blocked: (current) => staleReason(current, attempt) });
  }

  /** Runs one step, recorded on the timeline (running, then succeeded or failed with its duration). */
  async runStep(name: StoreStep, context: StepContext): Promise<void> {
    if (context.signal.aborted) throw context.signal.reason;
    if (Date.now() >= context.deadline) throw new DeadlinePassedError();
    const handler = STEP_HANDLERS[name];
    await this.events.record(context.store.id, context.attempt, name, (progress) =>
      handler.run({ ...context, progress: (message) => progress(message).catch(() => undefined) }),
    );
  }

  /**
   * Drift repair: every step's repair in pipeline order, only while the store
   * is ready or degraded, or (with its suspended blueprint: workloads at zero,
   * the paused page up) suspended. Returns the objects that were missing and came back.
   */
  async repair(store: Store, blueprint: Blueprint, signal: AbortSignal): Promise<string[]> {
    const suspended = store.status === 'suspended';
    const context = this.context(store, blueprint, {
      attempt: store.provisionAttempts,
      deadline: Number.POSITIVE_INFINITY,
      signal,
      blocked: (current) => repairBlocked(current, suspended),
    });
    const recreated: string[] = [];
    for (const { handler } of PIPELINE) {
      if (handler.repair) recreated.push(...(await handler.repair(context)));
    }
    return recreated;
  }
}
