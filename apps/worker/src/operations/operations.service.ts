import type { V1Job } from '@kubernetes/client-node';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  IllegalStoreTransitionError,
  type OperateStoreJob,
  OPERATION_STEPS,
  type StoreOperation,
  type StoreStep,
} from '@storefleet/contracts';
import {
  type Prisma,
  PrismaService,
  type Store,
  storeDomains,
  StoreEvents,
  StoreLifecycle,
  type StoreTransitionData,
} from '@storefleet/db';
import type { Blueprint } from '@storefleet/engines';
import { jobOutcome, KubeError, RESOURCES, WaitTimeoutError } from '@storefleet/kube';

import { ShutdownSignal } from '../common/shutdown.js';
import { WORKER_CONFIG, type WorkerEnv } from '../config/worker-config.js';
import { StoreBlueprints } from '../provisioning/blueprints.js';
import { diagnose } from '../provisioning/diagnosis.js';
import { DeadlinePassedError, PermanentStepError, StaleRunError } from '../provisioning/errors.js';
import { Pipeline } from '../provisioning/pipeline.js';
import { runSignal } from '../provisioning/run-signal.js';
import type { StepContext } from '../provisioning/steps/index.js';

/** Where a store is when the job is done with it. */
export type OperationOutcome = 'suspended' | 'ready' | 'degraded' | 'gone' | `at rest: ${string}`;

/** The status each operation runs in. */
const RUNS_IN = {
  suspend: 'suspending',
  resume: 'resuming',
  upgrade: 'upgrading',
  domains: 'configuring',
} as const satisfies Record<StoreOperation, Store['status']>;

function operationOf(status: Store['status']): StoreOperation | null {
  return (Object.keys(RUNS_IN) as StoreOperation[]).find((operation) => RUNS_IN[operation] === status) ?? null;
}

/**
 * Brings a suspending, resuming, upgrading or configuring store to rest, reading what to
 * do from the store's status (level-driven): suspending → the paused page up,
 * the storefront switched to it, every workload at zero → suspended;
 * resuming → workloads back and ready, the storefront switched back → ready;
 * upgrading → the setup Job of the target version complete (the engine's
 * migrations), the app rolled to the version's image, everything ready →
 * ready at the new version (or, failed, degraded on the old one);
 * configuring → the Ingress serving the stored custom domains (TLS included),
 * the engine's canonical URL rolled out, ready on it → ready. The steps
 * are the pipeline's (one handler map, recorded on the timeline with the
 * store's attempt), run under the store's lock. A run killed half-way is
 * picked up again (stalled job, or the reconciler re-adds it) and converges;
 * a delete meanwhile stops it.
 */
@Injectable()
export class OperationsService {
  private readonly log = new Logger(OperationsService.name);

  constructor(
    @Inject(PrismaService) private readonly db: PrismaService,
    @Inject(WORKER_CONFIG) private readonly config: WorkerEnv,
    @Inject(StoreLifecycle) private readonly lifecycle: StoreLifecycle,
    @Inject(Pipeline) private readonly pipeline: Pipeline,
    @Inject(StoreBlueprints) private readonly blueprints: StoreBlueprints,
    @Inject(StoreEvents) private readonly events: StoreEvents,
    @Inject(ShutdownSignal) private readonly shutdown: ShutdownSignal,
  ) {}

  async operate({ storeId }: OperateStoreJob): Promise<OperationOutcome> {
    // A resume asked for while the suspend's job was finishing finds this job still active: carry on with it.
    for (;;) {
      const store = await this.db.store.findUnique({ where: { id: storeId } });
      if (!store) return 'gone';
      const operation = operationOf(store.status);
      if (!operation) return `at rest: ${store.status}`;
      const outcome = await this.run(store, operation);
      if (outcome) return outcome;
    }
  }

  /** One operation; null when the store moved on meanwhile (the caller reads it again). */
  private async run(store: Store, operation: StoreOperation): Promise<OperationOutcome | null> {
    const status = RUNS_IN[operation];
    const blueprint = await this.blueprints.forStore(store);
    // A resume's, upgrade's or domain change's deadline runs from the moment the store entered its status (nothing else writes its row
    // meanwhile), so a re-run keeps it; a suspend has none to keep (it only waits for pods to go) and is retried until done.
    const limit = this.config.STORE_OPERATION_DEADLINE_SECONDS * 1_000;
    const deadline = (operation === 'suspend' ? Date.now() : store.updatedAt.getTime()) + limit;
    await this.events.closeInterrupted(store.id, store.provisionAttempts);
    const signal = runSignal(
      this.db,
      store.id,
      (current) => (current?.status === status ? null : `the store is ${current?.status ?? 'gone'}`),
      this.shutdown.signal,
    );
    const context = this.pipeline.operationContext(store, blueprint, status, deadline, signal.signal);
    let step: StoreStep = OPERATION_STEPS[operation][0];
    try {
      for (const name of OPERATION_STEPS[operation]) {
        step = name;
        await this.pipeline.runStep(name, context);
      }
      return await this.finish(store, operation, blueprint);
    } catch (raw) {
      const error: unknown = signal.signal.aborted ? (signal.signal.reason as unknown) : raw;
      if (error instanceof StaleRunError || error instanceof IllegalStoreTransitionError) {
        this.log.log(`store ${store.id}: ${operation} stopped: ${error.message}`);
        return null;
      }
      const gaveUp =
        error instanceof DeadlinePassedError ||
        error instanceof WaitTimeoutError ||
        error instanceof PermanentStepError ||
        (error instanceof KubeError && !error.transient);
      // A resume that cannot get the store ready ends degraded, serving again, with the reason; the reconciler heals it.
      if (operation === 'resume' && gaveUp) return await this.resumedDegraded(store, context, step, error);
      // A domain change that cannot get the store ready ends degraded on its new hosts, with the reason.
      if (operation === 'domains' && gaveUp) return await this.configuredDegraded(store, context, step, error);
      // An upgrade that cannot finish goes back to the old version, degraded with the reason: retried or rolled back by its owner.
      if (operation === 'upgrade' && gaveUp) return await this.upgradeFailed(store, context, step, error);
      // Anything else (a suspend's pods slow to go, a transient error) is retried with backoff.
      throw error;
    } finally {
      signal.stop();
    }
  }

  /** The store at rest after its operation's steps; `blueprint` is the one they applied. */
  private async finish(store: Store, operation: StoreOperation, blueprint: Blueprint): Promise<OperationOutcome | null> {
    try {
      if (operation === 'suspend') {
        await this.lifecycle.transition(store.id, 'suspended', {
          from: ['suspending'],
          data: { statusReason: null },
          audit: { action: 'store.suspended', outcome: 'success', details: { name: store.name } },
        });
        this.log.log(`store ${store.id} (${store.name}) suspended`);
        return 'suspended';
      }
      if (operation === 'upgrade') {
        const to = store.targetEngineVersion;
        await this.lifecycle.transition(store.id, 'ready', {
          from: ['upgrading'],
          data: { statusReason: null, engineVersion: to, targetEngineVersion: null },
          audit: { action: 'store.upgraded', outcome: 'success', details: { name: store.name, from: store.engineVersion, to } },
        });
        this.log.log(`store ${store.id} (${store.name}) upgraded from ${store.engineVersion ?? 'no version'} to ${to}`);
        return 'ready';
      }
      if (operation === 'domains') {
        // The blueprint this run applied (its hosts cannot change while the store is configuring).
        const domains = await storeDomains(this.db, store.id);
        await this.lifecycle.transition(store.id, 'ready', {
          from: ['configuring'],
          data: { statusReason: null, storefrontUrl: blueprint.storefrontUrl, adminUrl: blueprint.adminUrl },
          audit: {
            action: 'store.domains_applied',
            outcome: 'success',
            details: { name: store.name, domains, storefrontUrl: blueprint.storefrontUrl },
          },
        });
        this.log.log(`store ${store.id} (${store.name}) serves ${[blueprint.host, ...domains].join(', ')}`);
        return 'ready';
      }
      await this.lifecycle.transition(store.id, 'ready', {
        from: ['resuming'],
        data: { statusReason: null },
        audit: { action: 'store.ready', outcome: 'success', details: { name: store.name, resumed: true } },
      });
      this.log.log(`store ${store.id} (${store.name}) resumed`);
      return 'ready';
    } catch (error) {
      if (error instanceof IllegalStoreTransitionError) return null; // deleted meanwhile
      throw error;
    }
  }

  private async resumedDegraded(
    store: Store,
    context: StepContext,
    step: StoreStep,
    error: unknown,
  ): Promise<OperationOutcome | null> {
    const reason = await failureReason(context, `resume: ${step}`, error);
    // Serving the store (not the paused page) is what its owner asked for, even unhealthy.
    const serving = { ...context, deadline: Number.POSITIVE_INFINITY, signal: this.shutdown.signal };
    await this.pipeline.runStep('storefront', serving).catch((e: unknown) => {
      this.log.warn(`store ${store.id}: storefront switch after a failed resume: ${String(e)}`);
    });
    return this.degrade(store, 'resuming', { statusReason: reason }, { reason, resumed: true }, 'resumed degraded');
  }

  /**
   * A failed upgrade: a setup Job of the new version that did not complete
   * is removed (a retry or a rollback creates its own), the app is put back
   * at the store's own version (a no-op when the setup Job failed, since the
   * app is changed only after it), then the store is degraded with the
   * reason, its version unchanged. Should putting the app back fail, the
   * reconciler does it: a degraded store's drift repair applies its own
   * version's blueprint.
   */
  private async upgradeFailed(
    store: Store,
    context: StepContext,
    step: StoreStep,
    error: unknown,
  ): Promise<OperationOutcome | null> {
    const to = store.targetEngineVersion;
    const still = `still on ${store.engineVersion ?? 'the configured images'}`;
    const reason = await failureReason(context, `upgrade to ${to} failed at ${step}`, error, still);
    await this.dropUnfinishedSetup(context);
    const old = await this.blueprints.forStore(store, store.engineVersion);
    const back = this.pipeline.operationContext(store, old, 'upgrading', Number.POSITIVE_INFINITY, this.shutdown.signal);
    await this.pipeline.runStep('application', back).catch((e: unknown) => {
      this.log.warn(`store ${store.id}: putting the app back on its old version after a failed upgrade: ${String(e)}`);
    });
    const details = { reason, upgrade: { from: store.engineVersion, to } };
    return this.degrade(store, 'upgrading', { statusReason: reason, targetEngineVersion: null }, details, 'upgrade failed');
  }

  /** A domain change that gave up: degraded with the reason, its URLs already the new hosts' (they are applied). */
  private async configuredDegraded(
    store: Store,
    context: StepContext,
    step: StoreStep,
    error: unknown,
  ): Promise<OperationOutcome | null> {
    const reason = await failureReason(context, `custom domains: ${step}`, error);
    const data = { statusReason: reason, storefrontUrl: context.blueprint.storefrontUrl, adminUrl: context.blueprint.adminUrl };
    return this.degrade(store, 'configuring', data, { reason, domains: true }, 'configured degraded');
  }

  /** The operation's store → degraded with the audit row; null when it moved on meanwhile (deleted). */
  private async degrade(
    store: Store,
    from: 'resuming' | 'upgrading' | 'configuring',
    data: StoreTransitionData,
    details: { reason: string } & Prisma.InputJsonObject,
    what: string,
  ): Promise<OperationOutcome | null> {
    try {
      await this.lifecycle.transition(store.id, 'degraded', {
        from: [from],
        data,
        audit: { action: 'store.degraded', outcome: 'failure', details },
      });
    } catch (e) {
      if (e instanceof IllegalStoreTransitionError) return null;
      throw e;
    }
    this.log.warn(`store ${store.id} (${store.name}) ${what}: ${details.reason}`);
    return 'degraded';
  }

  private async dropUnfinishedSetup(context: StepContext): Promise<void> {
    const setup = context.blueprint.workloads.find((w) => w.kind === 'Job');
    if (!setup) return;
    const ref = { ...RESOURCES.Job, name: setup.name, namespace: context.blueprint.namespace };
    try {
      const job = await context.kube.read<V1Job>(ref, this.shutdown.signal);
      if (job && jobOutcome(job).state !== 'complete')
        await context.underLock(() => context.kube.delete(ref, this.shutdown.signal));
    } catch (e) {
      this.log.warn(`store ${context.store.id}: removing the unfinished setup Job after a failed upgrade: ${String(e)}`);
    }
  }
}

/** Why an operation gave up: where, the error, and what the cluster says (at most 1,000 characters). */
async function failureReason(context: StepContext, where: string, error: unknown, suffix?: string): Promise<string> {
  const why = await diagnose(context.kube, context.blueprint).catch(() => 'unknown');
  const message = error instanceof Error ? error.message : String(error);
  return `${where}: ${message} (${why})${suffix ? `; ${suffix}` : ''}`.slice(0, 1_000);
}
