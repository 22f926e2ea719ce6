import type { V1Job } from '@kubernetes/client-node';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { IllegalStoreTransitionError, jobId, JobName, QueueName, STORE_STATUSES, type StoreStatus } from '@storefleet/contracts';
import { PrismaService, type Store, StoreLifecycle } from '@storefleet/db';
import { type Blueprint, setupJobVersion } from '@storefleet/engines';
import { KubeClient, RESOURCES } from '@storefleet/kube';
import { JobQueues, StoreJobs } from '@storefleet/queue';

import { BackupRunner } from '../backups/backup-runner.js';
import { RedisClient } from '../common/redis.provider.js';
import { ShutdownSignal } from '../common/shutdown.js';
import { WORKER_CONFIG, type WorkerEnv } from '../config/worker-config.js';
import { StoreBlueprints } from '../provisioning/blueprints.js';
import { diagnose } from '../provisioning/diagnosis.js';
import { Pipeline } from '../provisioning/pipeline.js';
import { ProvisioningService } from '../provisioning/provisioning.service.js';
import { ClusterInventory } from './inventory.js';
import { findOrphans, type Orphan } from './orphans.js';

export interface PassReport {
  /** Stores a store.reconcile job was enqueued for. */
  enqueued: number;
  orphans: Orphan[];
  removedOrphans: string[];
  /** True when the worker began to stop before the pass was done (the next pass carries on). */
  interrupted: boolean;
  errors: string[];
}

export type StoreReconcileReport =
  | { storeId: string; status: StoreStatus | 'gone'; action: 'none' }
  | {
      storeId: string;
      status: 'requested' | 'provisioning' | 'deleting' | 'suspending' | 'resuming' | 'upgrading' | 'restoring' | 'configuring';
      action: 'job';
      job: string;
    }
  | { storeId: string; status: 'suspended'; action: 'kept-suspended'; recreated: string[]; scaledDown: string[] }
  | { storeId: string; status: 'provisioning'; action: 'failed-at-deadline' }
  | {
      storeId: string;
      status: 'ready' | 'degraded';
      action: 'converged';
      recreated: string[];
      health: 'ready' | 'degraded' | 'recovered' | 'still-degraded';
    };

/** Statuses the reconciler has work for: all but failed (it waits for its owner) and deleted (history). */
const RECONCILED: StoreStatus[] = STORE_STATUSES.filter((s) => s !== 'failed' && s !== 'deleted');
/** A running backup younger than this may simply not have reached Redis yet. */
const LOST_BACKUP_GRACE_MS = 2 * 60_000;
const PAGE = 1_000;
/** An orphan is audited once a day, not on every pass. */
const ORPHAN_REPORT_TTL_SECONDS = 24 * 3600;

/**
 * The one repairer. A periodic pass lists the stores (ids only, a page at a
 * time) and enqueues one store.reconcile job per store with a deterministic
 * id per time bucket; each job makes its store so again according to its
 * status. Orphan namespaces are a cluster-wide part of the pass.
 */
@Injectable()
export class ReconcileService {
  private readonly log = new Logger(ReconcileService.name);

  constructor(
    @Inject(PrismaService) private readonly db: PrismaService,
    @Inject(WORKER_CONFIG) private readonly config: WorkerEnv,
    @Inject(KubeClient) private readonly kube: KubeClient,
    @Inject(StoreLifecycle) private readonly lifecycle: StoreLifecycle,
    @Inject(StoreJobs) private readonly jobs: StoreJobs,
    @Inject(JobQueues) private readonly queues: JobQueues,
    @Inject(RedisClient) private readonly redis: RedisClient,
    @Inject(ProvisioningService) private readonly provisioning: ProvisioningService,
    @Inject(Pipeline) private readonly pipeline: Pipeline,
    @Inject(StoreBlueprints) private readonly blueprints: StoreBlueprints,
    @Inject(ClusterInventory) private readonly inventory: ClusterInventory,
    @Inject(ShutdownSignal) private readonly shutdown: ShutdownSignal,
    @Inject(BackupRunner) private readonly backups: BackupRunner,
  ) {}

  /** This moment's bucket: one reconcile job per store per interval. */
  bucket(now = Date.now()): number {
    return Math.floor(now / (this.config.RECONCILE_INTERVAL_SECONDS * 1_000));
  }

  async pass(): Promise<PassReport> {
    const report: PassReport = { enqueued: 0, orphans: [], removedOrphans: [], interrupted: false, errors: [] };
    const bucket = this.bucket();
    // The inventory the store jobs compare against: listed once, cluster-wide, for this pass.
    this.inventory.invalidate();
    await this.inventory
      .current(undefined, this.shutdown.signal)
      .catch((error: unknown) => report.errors.push(`inventory: ${String(error)}`));
    let after: string | undefined;
    for (;;) {
      if (this.shutdown.stopping) {
        report.interrupted = true;
        return report;
      }
      const page = await this.db.store.findMany({
        where: { status: { in: RECONCILED }, ...(after ? { id: { gt: after } } : {}) },
        orderBy: { id: 'asc' },
        take: PAGE,
        select: { id: true },
      });
      if (page.length === 0) break;
      await this.queues.queue(QueueName.Reconcile).addBulk(
        page.map(({ id }) => ({
          name: JobName.ReconcileStore,
          data: { storeId: id, bucket },
          opts: { jobId: jobId.reconcileStore(id, bucket) },
        })),
      );
      report.enqueued += page.length;
      after = page.at(-1)!.id;
    }
    await this.handleOrphans(report).catch((error: unknown) => report.errors.push(`orphans: ${String(error)}`));
    this.log.log(
      `reconcile pass: ${report.enqueued} stores enqueued, ${report.orphans.length} orphan namespaces, ${report.errors.length} errors`,
    );
    for (const error of report.errors) this.log.warn(`reconcile: ${error}`);
    return report;
  }

  /** Makes one store so again, by its status. Level-driven: running it twice changes nothing more. */
  async reconcileStore(storeId: string): Promise<StoreReconcileReport> {
    const store = await this.db.store.findUnique({ where: { id: storeId } });
    if (!store) return { storeId, status: 'gone', action: 'none' };
    await this.keepBackupsRunning(store.id);
    switch (store.status) {
      case 'requested':
      case 'provisioning':
        return this.keepProvisioning(store);
      case 'deleting':
        return { storeId, status: 'deleting', action: 'job', job: await this.jobs.ensureTeardown(store) };
      case 'ready':
      case 'degraded':
        return this.converge(store, store.status);
      // Half-way (a killed worker, a lost job): the operation's job is there and runs to its end.
      // An upgrade in progress is never "repaired" to the old version: its job finishes it.
      case 'suspending':
      case 'resuming':
      case 'upgrading':
      case 'configuring':
        return { storeId, status: store.status, action: 'job', job: await this.jobs.ensureOperation(store) };
      case 'suspended':
        return this.keepSuspended(store);
      case 'restoring':
        return { storeId, status: 'restoring', action: 'job', job: await this.jobs.ensureRestore(store) };
      case 'failed':
      case 'deleted':
        return { storeId, status: store.status, action: 'none' };
    }
  }

  /**
   * A running backup of the store has a live job: a lost one is added again,
   * one that failed for good (its retries used up) fails the backup with the
   * job's reason. The backup's own run fails it when the store moved on.
   */
  private async keepBackupsRunning(storeId: string): Promise<void> {
    const running = await this.db.backup.findMany({
      where: { storeId, status: 'running', createdAt: { lt: new Date(Date.now() - LOST_BACKUP_GRACE_MS) } },
      select: { id: true },
    });
    const queue = this.queues.queue(QueueName.Backups);
    for (const { id } of running) {
      const job = await queue.getJob(jobId.runBackup(id));
      const state = job ? await job.getState() : 'missing';
      if (state === 'failed') await this.backups.failLost(id, `the backup job failed: ${job?.failedReason || 'unknown error'}`);
      else if (state === 'missing' || state === 'unknown' || state === 'completed')
        await this.queues.enqueue(JobName.RunBackup, { backupId: id }, { jobId: jobId.runBackup(id) });
    }
  }

  /**
   * A store on its way to ready has a live provision job (a lost one is
   * added again, a failed one retried), unless its deadline passed with no
   * run left to notice: then the store fails with the reason read from the cluster.
   */
  private async keepProvisioning(store: Store): Promise<StoreReconcileReport> {
    const status = store.status as 'requested' | 'provisioning';
    const grace = (this.config.JOB_LOCK_SECONDS * 2 + 60) * 1_000;
    const started = store.provisioningStartedAt?.getTime();
    if (
      status === 'provisioning' &&
      started &&
      Date.now() > started + this.config.PROVISIONING_DEADLINE_SECONDS * 1_000 + grace
    ) {
      const job = await this.queues.queue(QueueName.Provisioning).getJob(jobId.provision(store.id, store.provisionAttempts));
      // A running job meets the deadline itself.
      if ((await job?.getState()) !== 'active') {
        const outcome = await this.provisioning.failAtDeadline(
          store,
          store.provisionAttempts,
          await this.blueprints.forStore(store),
        );
        if (outcome === 'failed') return { storeId: store.id, status, action: 'failed-at-deadline' };
      }
    }
    return { storeId: store.id, status, action: 'job', job: await this.jobs.ensureProvision(store) };
  }

  /**
   * A ready or degraded store: its objects are present (drift repair through
   * the pipeline's own handlers), then its health decides ready or degraded.
   * Against the cluster-wide inventory a healthy store costs no Kubernetes
   * request; a store missing something, or due for its periodic full repair,
   * is re-applied.
   */
  private async converge(store: Store, status: 'ready' | 'degraded'): Promise<StoreReconcileReport> {
    const blueprint = await this.blueprints.forStore(store);
    let objects = await this.inventory.current(undefined, this.shutdown.signal);
    const missing = ClusterInventory.missing(objects, blueprint);
    // The Ingress must route exactly the stored custom domains (and the platform host).
    const hostDrift = ClusterInventory.hostDrift(objects, blueprint);
    let recreated: string[] = [];
    if (missing.length > 0 || hostDrift.length > 0 || this.fullRepairDue(store.id)) {
      recreated = await this.pipeline.repair(store, blueprint, this.shutdown.signal);
      if (recreated.length > 0) this.log.warn(`store ${store.name}: drift repaired, recreated ${recreated.join(', ')}`);
      // This store's objects as the repair left them (its health is judged on them): read by name, not a cluster-wide LIST.
      objects = await this.inventory.refreshStore(blueprint, this.shutdown.signal);
    }
    const notReady = ClusterInventory.notReady(objects, blueprint);
    const problem =
      notReady.length === 0
        ? await this.failedUpgrade(store, status, blueprint)
        : await diagnose(
            this.kube,
            { ...blueprint, workloads: blueprint.workloads.filter((w) => w.kind !== 'Job') },
            this.shutdown.signal,
          );
    const health = await this.recordHealth(store, status, problem);
    return { storeId: store.id, status, action: 'converged', recreated, health };
  }

  /**
   * A suspended store stays suspended: its drift repair applies the suspended
   * blueprint (workloads at zero, the paused page up), never the running one,
   * and its health is not judged (nothing is meant to serve but the page).
   * A workload scaled up by hand is scaled back down at once.
   */
  private async keepSuspended(store: Store): Promise<StoreReconcileReport> {
    const blueprint = await this.blueprints.forStore(store);
    const objects = await this.inventory.current(undefined, this.shutdown.signal);
    const awake = ClusterInventory.awake(objects, blueprint);
    let recreated: string[] = [];
    if (
      awake.length > 0 ||
      ClusterInventory.missing(objects, blueprint).length > 0 ||
      ClusterInventory.hostDrift(objects, blueprint).length > 0 ||
      this.fullRepairDue(store.id)
    ) {
      recreated = await this.pipeline.repair(store, blueprint, this.shutdown.signal);
      if (awake.length > 0 || recreated.length > 0) {
        this.log.warn(
          `store ${store.name} is suspended: scaled ${awake.join(', ') || 'nothing'} back to zero, recreated ${recreated.join(', ') || 'nothing'}`,
        );
      }
      await this.inventory.refreshStore(blueprint, this.shutdown.signal);
    }
    return { storeId: store.id, status: 'suspended', action: 'kept-suspended', recreated, scaledDown: awake };
  }

  /** Every store is fully re-applied once every RECONCILE_FULL_REPAIR_PASSES passes, spread evenly over them. */
  private fullRepairDue(storeId: string): boolean {
    const every = this.config.RECONCILE_FULL_REPAIR_PASSES;
    if (every <= 1) return true;
    return (this.bucket() + parseInt(storeId.slice(0, 8), 16)) % every === 0;
  }

  /**
   * A degraded store whose last upgrade failed stays degraded with that
   * reason, even though its old version serves well, while its setup Job is
   * not its own version's: removed after a failed upgrade, or of the new
   * version when the failure came after the engine's migrations ran. Its
   * owner retries the upgrade or rolls back (the same version again); either
   * runs the setup Job of the version the store ends on. Read only for
   * degraded stores that look healthy.
   */
  private async failedUpgrade(store: Store, status: 'ready' | 'degraded', blueprint: Blueprint): Promise<string | null> {
    const setup = blueprint.workloads.find((w) => w.kind === 'Job');
    if (status !== 'degraded' || !setup) return null;
    const job = await this.kube.read<V1Job>(
      { ...RESOURCES.Job, name: setup.name, namespace: blueprint.namespace },
      this.shutdown.signal,
    );
    const wanted = blueprint.manifests['setup-job'].objects.find((o) => o.kind === 'Job');
    if (job && setupJobVersion(job) === setupJobVersion(wanted)) return null;
    return (
      store.statusReason ??
      `the setup Job ${job ? `is of version ${setupJobVersion(job) || 'none'}` : 'is missing'}, not of the store's ` +
        `(${store.engineVersion ?? 'none'}): upgrade to its version again to run it`
    );
  }

  private async recordHealth(
    store: Store,
    status: 'ready' | 'degraded',
    problem: string | null,
  ): Promise<'ready' | 'degraded' | 'recovered' | 'still-degraded'> {
    try {
      if (problem && status === 'ready') {
        await this.lifecycle.transition(store.id, 'degraded', {
          from: ['ready'],
          data: { statusReason: problem },
          audit: { action: 'store.degraded', outcome: 'failure', details: { reason: problem } },
        });
        return 'degraded';
      }
      if (!problem && status === 'degraded') {
        await this.lifecycle.transition(store.id, 'ready', {
          from: ['degraded'],
          data: { statusReason: null },
          audit: { action: 'store.ready', outcome: 'success', details: { recovered: true, previousReason: store.statusReason } },
        });
        return 'recovered';
      }
      if (problem && store.statusReason !== problem) await this.lifecycle.explain(store.id, 'degraded', problem);
    } catch (error) {
      if (!(error instanceof IllegalStoreTransitionError)) throw error; // the store moved on (e.g. deleting)
    }
    return problem ? 'still-degraded' : 'ready';
  }

  private async handleOrphans(report: PassReport): Promise<void> {
    report.orphans = await findOrphans(this.db, this.kube, this.config.PLATFORM_INSTANCE);
    for (const orphan of report.orphans) {
      const key = `${this.config.QUEUE_PREFIX}:orphan-reported:${orphan.namespace}`;
      if ((await this.redis.set(key, '1', 'EX', ORPHAN_REPORT_TTL_SECONDS, 'NX')) === 'OK') {
        this.log.warn(`orphan namespace ${orphan.namespace}: ${orphan.why}`);
        await this.lifecycle.record(null, {
          action: 'cluster.orphan_found',
          outcome: 'success',
          targetType: 'namespace',
          targetId: orphan.namespace,
          details: { storeId: orphan.storeId, why: orphan.why, removed: this.config.RECONCILE_DELETE_ORPHANS },
        });
      }
      if (
        this.config.RECONCILE_DELETE_ORPHANS &&
        (await this.kube.delete({ ...RESOURCES.Namespace, name: orphan.namespace })) === 'deleted'
      ) {
        report.removedOrphans.push(orphan.namespace);
      }
    }
  }
}
