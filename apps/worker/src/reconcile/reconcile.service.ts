import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { IllegalStoreTransitionError, jobId, QueueName } from '@storefleet/contracts';
import { CredentialsCipher, PrismaService, type Store } from '@storefleet/db';
import { type Blueprint, blueprintFor, type EngineConfig } from '@storefleet/engines';
import { KubeClient, RESOURCES } from '@storefleet/kube';
import type { Queue } from 'bullmq';

import { RedisClient } from '../common/redis.provider.js';
import { StoreLifecycle } from '../common/store-lifecycle.service.js';
import { ENGINE_CONFIG } from '../config/engine-config.js';
import { WORKER_CONFIG, type WorkerEnv } from '../config/worker-config.js';
import { ProvisioningService } from '../provisioning/provisioning.service.js';
import { repairDrift } from './drift.js';
import { storeProblem } from './health.js';
import { findOrphans, type Orphan } from './orphans.js';

export interface ReconcileReport {
  checked: number;
  recreated: Record<string, string[]>;
  degraded: string[];
  recovered: string[];
  orphans: Orphan[];
  removedOrphans: string[];
  stuckFailed: string[];
  errors: string[];
}

/** An orphan is audited once a day, not on every pass. */
const ORPHAN_REPORT_TTL_SECONDS = 24 * 3600;

/**
 * Compares what the cluster holds with what the database says: re-applies
 * each live store's desired state, moves stores between ready and degraded
 * by their pods, fails provisioning runs that died past their deadline, and
 * reports (optionally removes) namespaces that belong to no live store.
 */
@Injectable()
export class ReconcileService {
  private readonly log = new Logger(ReconcileService.name);
  private readonly cipher: CredentialsCipher;

  constructor(
    @Inject(PrismaService) private readonly db: PrismaService,
    @Inject(WORKER_CONFIG) private readonly config: WorkerEnv,
    @Inject(ENGINE_CONFIG) private readonly engineConfig: EngineConfig,
    @Inject(KubeClient) private readonly kube: KubeClient,
    @Inject(StoreLifecycle) private readonly lifecycle: StoreLifecycle,
    @Inject(RedisClient) private readonly redis: RedisClient,
    @Inject(ProvisioningService) private readonly provisioning: ProvisioningService,
    @InjectQueue(QueueName.Provisioning) private readonly provisioningQueue: Queue,
  ) {
    this.cipher = new CredentialsCipher(config.CREDENTIALS_KEY);
  }

  async reconcile(): Promise<ReconcileReport> {
    const report: ReconcileReport = {
      checked: 0,
      recreated: {},
      degraded: [],
      recovered: [],
      orphans: [],
      removedOrphans: [],
      stuckFailed: [],
      errors: [],
    };
    const live = await this.db.store.findMany({
      where: { status: { in: ['ready', 'degraded'] } },
      orderBy: { requestedAt: 'asc' },
    });
    for (const store of live) {
      try {
        await this.reconcileStore(store, report);
      } catch (error) {
        report.errors.push(`${store.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    await this.sweepStuckProvisioning(report).catch((error: unknown) =>
      report.errors.push(`stuck provisioning: ${String(error)}`),
    );
    await this.handleOrphans(report).catch((error: unknown) => report.errors.push(`orphans: ${String(error)}`));
    this.log.log(
      `reconciled ${report.checked} stores: ${Object.keys(report.recreated).length} repaired, ${report.degraded.length} degraded, ` +
        `${report.recovered.length} recovered, ${report.orphans.length} orphan namespaces, ${report.errors.length} errors`,
    );
    for (const error of report.errors) this.log.warn(`reconcile: ${error}`);
    return report;
  }

  private blueprint(store: Store): Blueprint {
    return blueprintFor(
      { id: store.id, name: store.name, ownerId: store.ownerId, engine: store.engine, plan: store.plan },
      this.engineConfig,
    );
  }

  private async reconcileStore(store: Store, report: ReconcileReport): Promise<void> {
    const blueprint = this.blueprint(store);
    const repair = await repairDrift(this.db, this.kube, this.cipher, store, blueprint);
    if (repair.skipped) return;
    report.checked++;
    if (repair.recreated.length > 0) {
      report.recreated[store.name] = repair.recreated;
      this.log.warn(`store ${store.name}: drift repaired, recreated ${repair.recreated.join(', ')}`);
    }
    const problem = await storeProblem(this.kube, blueprint);
    try {
      if (problem && store.status === 'ready') {
        await this.lifecycle.move(store.id, 'degraded', { statusReason: problem }, ['ready'], {
          action: 'store.degraded',
          outcome: 'failure',
          details: { reason: problem },
        });
        report.degraded.push(store.name);
      } else if (!problem && store.status === 'degraded') {
        await this.lifecycle.move(store.id, 'ready', { statusReason: null }, ['degraded'], {
          action: 'store.ready',
          outcome: 'success',
          details: { recovered: true, previousReason: store.statusReason },
        });
        report.recovered.push(store.name);
      } else if (problem && store.statusReason !== problem) {
        await this.db.store.updateMany({ where: { id: store.id, status: 'degraded' }, data: { statusReason: problem } });
      }
    } catch (error) {
      if (!(error instanceof IllegalStoreTransitionError)) throw error; // the store moved on (e.g. deleting)
    }
  }

  /** Provisioning runs whose job is gone (failed for good, removed) while their deadline passed. */
  private async sweepStuckProvisioning(report: ReconcileReport): Promise<void> {
    const grace = (this.config.JOB_LOCK_SECONDS * 2 + 60) * 1_000;
    const cutoff = new Date(Date.now() - this.config.PROVISIONING_DEADLINE_SECONDS * 1_000 - grace);
    const stuck = await this.db.store.findMany({ where: { status: 'provisioning', provisioningStartedAt: { lt: cutoff } } });
    for (const store of stuck) {
      const job = await this.provisioningQueue.getJob(jobId.provision(store.id, store.provisionAttempts));
      const state = job ? await job.getState() : 'missing';
      if (!['missing', 'failed', 'completed', 'unknown'].includes(state)) continue; // a run will meet the deadline itself
      if ((await this.provisioning.failAtDeadline(store, store.provisionAttempts, this.blueprint(store))) === 'failed')
        report.stuckFailed.push(store.name);
    }
  }

  private async handleOrphans(report: ReconcileReport): Promise<void> {
    report.orphans = await findOrphans(this.db, this.kube, this.config.PLATFORM_INSTANCE);
    for (const orphan of report.orphans) {
      const key = `${this.config.QUEUE_PREFIX}:orphan-reported:${orphan.namespace}`;
      if ((await this.redis.set(key, '1', 'EX', ORPHAN_REPORT_TTL_SECONDS, 'NX')) === 'OK') {
        this.log.warn(`orphan namespace ${orphan.namespace}: ${orphan.why}`);
        await this.lifecycle.audit(
          'cluster.orphan_found',
          'success',
          { type: 'namespace', id: orphan.namespace },
          {
            storeId: orphan.storeId,
            why: orphan.why,
            removed: this.config.RECONCILE_DELETE_ORPHANS,
          },
        );
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
