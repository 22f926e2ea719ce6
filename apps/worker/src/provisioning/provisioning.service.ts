import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ProvisioningStep, ProvisionStoreJob } from '@storefleet/contracts';
import { IllegalStoreTransitionError } from '@storefleet/contracts';
import { PrismaService, type Store, StoreEvents, StoreLifecycle } from '@storefleet/db';
import type { Blueprint } from '@storefleet/engines';
import { KubeClient, KubeError, WaitTimeoutError } from '@storefleet/kube';
import { DelayedError, type Job } from 'bullmq';

import { ShutdownSignal, WorkerStoppingError } from '../common/shutdown.js';
import { WORKER_CONFIG, type WorkerEnv } from '../config/worker-config.js';
import { StoreBlueprints } from './blueprints.js';
import { ClusterGate } from './cluster-gate.js';
import { diagnose } from './diagnosis.js';
import { DeadlinePassedError, PermanentStepError, StaleRunError } from './errors.js';
import { Pipeline, staleReason } from './pipeline.js';
import { runSignal } from './run-signal.js';
import { PIPELINE } from './steps/index.js';

/** How long a job whose retries are used up waits before trying again (the deadline ends it eventually). */
const EXHAUSTED_RETRY_DELAY_MS = 30_000;

export type ProvisionOutcome = 'ready' | 'failed' | 'stale' | 'gone';

/**
 * One provisioning run of one store: admission under the owner's limit, the
 * pipeline's steps, then ready, or failed with a reason. Safe to run again at
 * any point: every step converges, and a run that is no longer current
 * (store deleted or retried) stops without touching the cluster.
 */
@Injectable()
export class ProvisioningService {
  private readonly log = new Logger(ProvisioningService.name);

  constructor(
    @Inject(PrismaService) private readonly db: PrismaService,
    @Inject(WORKER_CONFIG) private readonly config: WorkerEnv,
    @Inject(KubeClient) private readonly kube: KubeClient,
    @Inject(StoreLifecycle) private readonly lifecycle: StoreLifecycle,
    @Inject(Pipeline) private readonly pipeline: Pipeline,
    @Inject(StoreBlueprints) private readonly blueprints: StoreBlueprints,
    @Inject(StoreEvents) private readonly events: StoreEvents,
    @Inject(ShutdownSignal) private readonly shutdown: ShutdownSignal,
    @Inject(ClusterGate) private readonly cluster: ClusterGate,
  ) {}

  async provision(job: Job<ProvisionStoreJob>, token: string | undefined): Promise<ProvisionOutcome> {
    const { storeId, attempt } = job.data;
    let store = await this.db.store.findUnique({ where: { id: storeId } });
    if (!store) return 'gone';

    if (store.status === 'requested' && store.provisionAttempts === attempt) {
      // No cluster to provision on yet (npm start's first build): it waits here, requested, with the reason on its timeline.
      if (await this.cluster.mustWait(storeId, attempt))
        return this.postpone(job, token, this.config.CLUSTER_RECHECK_SECONDS * 1_000);
      // The owner's provisioning limit queues the store: it waits here, requested, for a slot.
      const admission = await this.lifecycle.admit(storeId, attempt);
      if ('atLimit' in admission) {
        const { limit, provisioning } = admission.atLimit;
        this.log.debug(`store ${storeId}: owner has ${provisioning}/${limit} stores provisioning; trying again later`);
        return this.postpone(job, token, this.config.PROVISIONING_LIMIT_RECHECK_SECONDS * 1_000);
      }
      if ('gone' in admission) return this.stale(storeId, admission.gone);
      store = admission.admitted;
    }

    const stale = staleReason(store, attempt);
    if (stale) return this.stale(storeId, stale);
    // Set by admission; a row without it (written before admission set it) starts its deadline now.
    const startedAt = store.provisioningStartedAt ?? new Date();
    const deadline = startedAt.getTime() + this.config.PROVISIONING_DEADLINE_SECONDS * 1_000;

    const blueprint = await this.blueprints.forStore(store);
    if (Date.now() >= deadline) return this.failAtDeadline(store, attempt, blueprint, job);

    const interrupted = await this.events.closeInterrupted(storeId, attempt);
    if (interrupted > 0) this.log.log(`store ${storeId}: resuming attempt ${attempt} after an interrupted run`);

    const run = runSignal(this.db, storeId, (current) => staleReason(current, attempt), this.shutdown.signal);
    const context = this.pipeline.provisioningContext(store, blueprint, attempt, deadline, run.signal);
    let step: ProvisioningStep = PIPELINE[0]!.name;
    try {
      for (const { name } of PIPELINE) {
        step = name;
        await this.pipeline.runStep(name, context);
      }
      return await this.ready(store, attempt, blueprint);
    } catch (raw) {
      const error: unknown = run.signal.aborted && !(raw instanceof PermanentStepError) ? (run.signal.reason as unknown) : raw;
      return await this.afterError(error, { store, attempt, blueprint, job, token, step });
    } finally {
      run.stop();
    }
  }

  private async afterError(
    error: unknown,
    run: {
      store: Store;
      attempt: number;
      blueprint: Blueprint;
      job: Job<ProvisionStoreJob>;
      token: string | undefined;
      step: ProvisioningStep;
    },
  ): Promise<ProvisionOutcome> {
    const { store, attempt, blueprint, job, token, step } = run;
    if (error instanceof StaleRunError || error instanceof IllegalStoreTransitionError)
      return this.stale(store.id, error.message);
    if (error instanceof WorkerStoppingError) return this.postpone(job, token, 1_000);
    if (error instanceof DeadlinePassedError || error instanceof WaitTimeoutError)
      return this.failAtDeadline(store, attempt, blueprint, job);
    if (error instanceof PermanentStepError || (error instanceof KubeError && !error.transient)) {
      return this.fail(store, attempt, `${step}: ${error.message}`);
    }
    // Transient (or unexpected): never fails the store. BullMQ retries with
    // backoff; once its attempts are used up the job keeps coming back until
    // the deadline decides.
    const message = error instanceof Error ? error.message : String(error);
    this.log.warn(`store ${store.id}: step ${step} will be retried: ${message}`);
    if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) return this.postpone(job, token, EXHAUSTED_RETRY_DELAY_MS);
    throw error;
  }

  private async ready(store: Store, attempt: number, blueprint: Blueprint): Promise<ProvisionOutcome> {
    const tookMs = Date.now() - (store.provisioningStartedAt?.getTime() ?? Date.now());
    if (store.restoreBackupId) {
      // A clone: provisioned with its own credentials and URL, it now takes its source's data (RestoreRunner).
      await this.lifecycle.restore(store.id, {
        backupId: store.restoreBackupId,
        from: ['provisioning'],
        data: { storefrontUrl: blueprint.storefrontUrl, adminUrl: blueprint.adminUrl },
        audit: { action: 'store.restore', outcome: 'success', details: { attempt, durationMs: tookMs, clone: true } },
      });
      this.log.log(`store ${store.id} (${store.name}) provisioned in ${Math.round(tookMs / 1000)} s; restoring its clone's data`);
      return 'ready';
    }
    await this.lifecycle.transition(store.id, 'ready', {
      from: ['provisioning'],
      data: { storefrontUrl: blueprint.storefrontUrl, adminUrl: blueprint.adminUrl, readyAt: new Date(), statusReason: null },
      audit: {
        action: 'store.ready',
        outcome: 'success',
        details: { attempt, durationMs: tookMs, storefrontUrl: blueprint.storefrontUrl },
      },
    });
    this.log.log(`store ${store.id} (${store.name}) ready in ${Math.round(tookMs / 1000)} s`);
    return 'ready';
  }

  /** Marks the store failed with a reason; its events stay for the timeline. */
  async fail(store: Store, attempt: number, reason: string): Promise<ProvisionOutcome> {
    try {
      await this.lifecycle.transition(store.id, 'failed', {
        from: ['provisioning'],
        data: { statusReason: reason.slice(0, 1_000) },
        audit: { action: 'store.failed', outcome: 'failure', details: { attempt, reason } },
      });
    } catch (error) {
      if (error instanceof IllegalStoreTransitionError) return this.stale(store.id, error.message);
      throw error;
    }
    this.log.warn(`store ${store.id} (${store.name}) failed: ${reason}`);
    return 'failed';
  }

  async failAtDeadline(store: Store, attempt: number, blueprint: Blueprint, job?: Job): Promise<ProvisionOutcome> {
    const why = await diagnose(this.kube, blueprint);
    const lastError = job?.failedReason ? `; last error: ${job.failedReason}` : '';
    return this.fail(
      store,
      attempt,
      `${why} (not ready within the ${this.config.PROVISIONING_DEADLINE_SECONDS} s deadline${lastError})`,
    );
  }

  private stale(storeId: string, why: string): ProvisionOutcome {
    this.log.log(`store ${storeId}: ${why}`);
    return 'stale';
  }

  /** Puts the job back in the queue for later without using up one of its attempts. */
  private async postpone(job: Job, token: string | undefined, delayMs: number): Promise<never> {
    await job.moveToDelayed(Date.now() + delayMs, token);
    throw new DelayedError();
  }
}
