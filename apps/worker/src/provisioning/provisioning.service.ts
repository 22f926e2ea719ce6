import { randomBytes } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ProvisioningStep, ProvisionStoreJob } from '@storefleet/contracts';
import { IllegalStoreTransitionError } from '@storefleet/contracts';
import { CredentialsCipher, PrismaService, type Store } from '@storefleet/db';
import { type Blueprint, blueprintFor, type EngineConfig, UnsupportedEngineError } from '@storefleet/engines';
import { KubeClient, KubeError, WaitTimeoutError } from '@storefleet/kube';
import { DelayedError, type Job } from 'bullmq';

import { ShutdownSignal, WorkerStoppingError } from '../common/shutdown.js';
import { StoreLifecycle } from '../common/store-lifecycle.service.js';
import { ENGINE_CONFIG } from '../config/engine-config.js';
import { WORKER_CONFIG, type WorkerEnv } from '../config/worker-config.js';
import { ProvisioningAdmission } from './admission.js';
import { diagnose } from './diagnosis.js';
import { DeadlinePassedError, PermanentStepError, StaleRunError } from './errors.js';
import { runSignal } from './run-signal.js';
import { StepEvents } from './step-events.js';
import { staleReason, StepRunner } from './step-runner.js';
import { PIPELINE, type StepContext } from './steps/index.js';

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
  private readonly cipher: CredentialsCipher;

  constructor(
    @Inject(PrismaService) private readonly db: PrismaService,
    @Inject(WORKER_CONFIG) private readonly config: WorkerEnv,
    @Inject(ENGINE_CONFIG) private readonly engineConfig: EngineConfig,
    @Inject(KubeClient) private readonly kube: KubeClient,
    @Inject(StoreLifecycle) private readonly lifecycle: StoreLifecycle,
    @Inject(ProvisioningAdmission) private readonly admission: ProvisioningAdmission,
    @Inject(StepRunner) private readonly runner: StepRunner,
    @Inject(StepEvents) private readonly events: StepEvents,
    @Inject(ShutdownSignal) private readonly shutdown: ShutdownSignal,
  ) {
    this.cipher = new CredentialsCipher(config.CREDENTIALS_KEY);
  }

  async provision(job: Job<ProvisionStoreJob>, token: string | undefined): Promise<ProvisionOutcome> {
    const { storeId, attempt } = job.data;
    let store = await this.db.store.findUnique({ where: { id: storeId } });
    if (!store) return 'gone';

    if (store.status === 'requested' && store.provisionAttempts === attempt) {
      const admission = await this.admission.admit(store);
      if ('atLimit' in admission) {
        const { limit, provisioning } = admission.atLimit;
        this.log.debug(`store ${storeId}: owner has ${provisioning}/${limit} stores provisioning; trying again later`);
        return this.postpone(job, token, this.config.PROVISIONING_LIMIT_RECHECK_SECONDS * 1_000);
      }
      if ('gone' in admission) return this.stale(storeId, admission.gone);
      store = admission.admitted;
      await this.lifecycle.announce(store);
      await this.lifecycle.audit('store.provisioning', 'success', { type: 'store', id: storeId }, { attempt });
    }

    const stale = staleReason(store, attempt);
    if (stale) return this.stale(storeId, stale);
    if (!store.provisioningStartedAt) {
      store = await this.db.store.update({ where: { id: storeId }, data: { provisioningStartedAt: new Date() } });
    }
    const deadline = store.provisioningStartedAt!.getTime() + this.config.PROVISIONING_DEADLINE_SECONDS * 1_000;

    let blueprint: Blueprint;
    try {
      blueprint = await this.blueprint(store);
    } catch (error) {
      if (error instanceof UnsupportedEngineError) return this.fail(store, attempt, error.message);
      throw error;
    }
    if (Date.now() >= deadline) return this.failAtDeadline(store, attempt, blueprint, job);

    const interrupted = await this.events.closeInterrupted(storeId, attempt);
    if (interrupted > 0) this.log.log(`store ${storeId}: resuming attempt ${attempt} after an interrupted run`);

    const run = runSignal(this.db, storeId, attempt, this.shutdown.signal);
    const context: StepContext = {
      store,
      attempt,
      blueprint,
      deadline,
      signal: run.signal,
      kube: this.kube,
      db: this.db,
      cipher: this.cipher,
      random: randomBytes,
      log: this.log,
    };
    let step: ProvisioningStep = PIPELINE[0]!.name;
    try {
      for (const handler of PIPELINE) {
        step = handler.name;
        await this.runner.run(handler, context);
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

  private async blueprint(store: Store): Promise<Blueprint> {
    const owner = await this.db.user.findUnique({ where: { id: store.ownerId }, select: { email: true } });
    return blueprintFor(
      {
        id: store.id,
        name: store.name,
        ownerId: store.ownerId,
        engine: store.engine,
        plan: store.plan,
        ownerEmail: owner?.email ?? null,
      },
      this.engineConfig,
    );
  }

  private async ready(store: Store, attempt: number, blueprint: Blueprint): Promise<ProvisionOutcome> {
    const tookMs = Date.now() - (store.provisioningStartedAt?.getTime() ?? Date.now());
    await this.lifecycle.move(
      store.id,
      'ready',
      { storefrontUrl: blueprint.storefrontUrl, adminUrl: blueprint.adminUrl, readyAt: new Date(), statusReason: null },
      ['provisioning'],
      {
        action: 'store.ready',
        outcome: 'success',
        details: { attempt, durationMs: tookMs, storefrontUrl: blueprint.storefrontUrl },
      },
    );
    this.log.log(`store ${store.id} (${store.name}) ready in ${Math.round(tookMs / 1000)} s`);
    return 'ready';
  }

  /** Marks the store failed with a reason; its events stay for the timeline. */
  async fail(store: Store, attempt: number, reason: string): Promise<ProvisionOutcome> {
    try {
      await this.lifecycle.move(store.id, 'failed', { statusReason: reason.slice(0, 1_000) }, ['provisioning'], {
        action: 'store.failed',
        outcome: 'failure',
        details: { attempt, reason },
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
