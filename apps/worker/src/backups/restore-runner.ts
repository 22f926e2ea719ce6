import type { KubernetesObject, V1Deployment, V1Job } from '@kubernetes/client-node';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  backupDownloadUrls,
  type BackupManifest,
  BackupNotRestorableError,
  backupPrefix,
  manifestFiles,
  verifyBackup,
} from '@storefleet/backups';
import { IllegalStoreTransitionError } from '@storefleet/contracts';
import { CredentialsCipher, PrismaService, type Store, StoreLifecycle } from '@storefleet/db';
import {
  type Blueprint,
  type EngineConfig,
  restoreJobManifest,
  restoreJobName,
  TRANSFER_JOB_DEADLINE_SECONDS,
} from '@storefleet/engines';
import { deploymentReady, jobOutcome, KubeClient, RESOURCES } from '@storefleet/kube';

import { ENGINE_CONFIG } from '../config/engine-config.js';
import { StoreBlueprints } from '../provisioning/blueprints.js';
import { BACKUP_SETTINGS, type BackupSettings } from './backup-settings.js';
import { TransferJobs } from './transfer-jobs.js';

export type RestoreOutcome = 'restored' | 'failed' | 'waiting' | 'skipped';

/** How long after its Job started a restored store's app may take to serve again before the store is ready regardless. */
const APP_BACK_DEADLINE_MS = (TRANSFER_JOB_DEADLINE_SECONDS + 15 * 60) * 1000;

/** The store's app Deployments at `replicas` (0: maintenance, the ingress answers 503), all else as the blueprint says. */
export function appDeployments(blueprint: Blueprint, replicas: number | null): KubernetesObject[] {
  return blueprint.manifests.application.objects
    .filter((o): o is V1Deployment => o.kind === 'Deployment')
    .map((d) => (replicas === null ? d : { ...d, spec: { ...d.spec!, replicas } }));
}

/**
 * One restore of a `restoring` store, level-driven: each run looks at the
 * store, the bucket and the cluster and takes the next step, so a run killed
 * anywhere converges when re-run.
 *   1. the backup (completed, and its manifest verifying against the bucket) or the store fails;
 *   2. maintenance: the app's Deployments scaled to zero (the database stays up);
 *   3. the restore Job (download checked against the manifest, database and files
 *      replaced, a clone's URLs rewritten) with its Secret of presigned GETs
 *      (the verified manifest's objects, nothing else);
 *   4. Job complete → the app back (no more maintenance from here on); once it serves, the Job
 *      removed and the store ready;
 *      Job failed → the Job removed, the app back, the store failed with the reason.
 */
@Injectable()
export class RestoreRunner {
  private readonly logger = new Logger(RestoreRunner.name);

  constructor(
    @Inject(PrismaService) private readonly prisma: PrismaService,
    @Inject(KubeClient) private readonly kube: KubeClient,
    @Inject(StoreLifecycle) private readonly lifecycle: StoreLifecycle,
    @Inject(StoreBlueprints) private readonly blueprints: StoreBlueprints,
    @Inject(TransferJobs) private readonly transfers: TransferJobs,
    @Inject(CredentialsCipher) private readonly cipher: CredentialsCipher,
    @Inject(ENGINE_CONFIG) private readonly engineConfig: EngineConfig,
    @Inject(BACKUP_SETTINGS) private readonly settings: BackupSettings,
  ) {}

  private get bucket() {
    return this.transfers.bucket;
  }

  async run(storeId: string, backupId: string): Promise<RestoreOutcome> {
    const store = await this.prisma.store.findUnique({ where: { id: storeId }, include: { owner: true } });
    // A run for a restore that is over (or was replaced by another) stops without touching anything.
    if (!store || store.status !== 'restoring' || store.restoreBackupId !== backupId) return 'skipped';
    const blueprint = await this.blueprints.forStore(store);
    const jobName = restoreJobName(backupId);

    const backup = await this.prisma.backup.findUnique({ where: { id: backupId }, include: { store: true } });
    if (!backup || backup.status !== 'completed') return this.fail(store, blueprint, jobName, 'the backup no longer exists');
    if (!this.bucket) return this.fail(store, blueprint, jobName, 'backups are not configured on this platform (S3_ENDPOINT)');
    let manifest: BackupManifest;
    try {
      manifest = await verifyBackup(this.bucket, backup.storeId, backup.id);
    } catch (error) {
      if (!(error instanceof BackupNotRestorableError)) throw error;
      return this.fail(store, blueprint, jobName, `the backup cannot be restored: ${error.problems.join('; ')}`);
    }

    // Maintenance while the Job has work to do; once it has done it, the app is coming back (step 4).
    const existing = await this.kube.read<V1Job>({ ...RESOURCES.Job, namespace: store.namespace, name: jobName });
    const finished = jobOutcome(existing ?? undefined);
    if (finished.state !== 'complete') for (const deployment of appDeployments(blueprint, 0)) await this.kube.apply(deployment);

    const blueprintStore = TransferJobs.blueprintStore(store, store.owner.email);
    // A clone's data still names its source's address (//host, so http and https alike): the Job rewrites it to its own.
    const source = backup.store;
    const clone = backup.storeId !== store.id;
    const sourceUrl = source.storefrontUrl;
    const rewrite =
      clone && sourceUrl ? { from: `//${new URL(sourceUrl).host}`, to: `//${new URL(blueprint.storefrontUrl).host}` } : null;
    const job = restoreJobManifest({
      store: blueprintStore,
      config: this.engineConfig,
      namespace: store.namespace,
      transferImage: this.settings.transferImage,
      backupId: backup.id,
      prefix: backupPrefix(backup.storeId, backup.id),
      objects: manifestFiles(manifest),
      rewrite,
      medusaAdmin:
        clone && store.engine === 'medusa' ? { email: blueprint.adminUsername, sourceEmail: this.adminEmail(source) } : null,
    });
    const bucket = this.bucket;
    const outcome = await this.transfers.ensure(blueprintStore, store.namespace, job, () =>
      backupDownloadUrls(bucket, manifest, this.settings.urlExpirySeconds),
    );
    if (outcome.state === 'absent' || outcome.state === 'running') return 'waiting';
    if (outcome.state === 'failed')
      return this.fail(store, blueprint, jobName, `the restore Job failed: ${outcome.reason}`, outcome.startedAt);

    // The app back; the store is ready once it serves again (until then the storefront stays in maintenance),
    // or, should it not within APP_BACK_DEADLINE_MS, ready anyway: the reconciler then reports it degraded, with why.
    const app = appDeployments(blueprint, null);
    for (const deployment of app) await this.kube.apply(deployment);
    if (!(await this.serving(store.namespace, app)) && Date.now() - outcome.startedAt.getTime() < APP_BACK_DEADLINE_MS)
      return 'waiting';
    // Removed before the store is ready: a later restore of the same backup must not find this finished Job and skip its work.
    await this.transfers.remove(store.namespace, jobName);
    try {
      await this.lifecycle.transition(store.id, 'ready', {
        from: ['restoring'],
        data: {
          restoreBackupId: null,
          statusReason: null,
          readyAt: store.readyAt ?? new Date(),
        },
        audit: {
          action: 'store.restored',
          outcome: 'success',
          details: { backupId, fromStoreId: backup.storeId, ...(rewrite ? { rewritten: rewrite } : {}) },
        },
      });
    } catch (error) {
      if (error instanceof IllegalStoreTransitionError) return 'skipped'; // deleted meanwhile
      throw error;
    }
    await this.record(
      store,
      'succeeded',
      `restored backup ${backupId}${rewrite ? ` (URLs rewritten to ${rewrite.to})` : ''}`,
      outcome.startedAt,
    );
    this.logger.log({ storeId: store.id, backupId }, 'Store restored');
    return 'restored';
  }

  private async serving(namespace: string, deployments: KubernetesObject[]): Promise<boolean> {
    for (const deployment of deployments) {
      const live = await this.kube.read<V1Deployment>({ ...RESOURCES.Deployment, namespace, name: deployment.metadata!.name! });
      if (!deploymentReady(live ?? undefined)) return false;
    }
    return true;
  }

  /**
   * The admin login in a store's data, as its owner reveals it. A Medusa
   * clone's restore gives the clone's own login (its blueprint's e-mail, its
   * generated password) and locks this one of the source when it differs
   * (clone-admin-login.ts); a WooCommerce clone's admin gets the clone's
   * password likewise (wordpress-rewrite.ts). Either way the clone's
   * revealed credentials are the ones provisioning sealed for it.
   */
  private adminEmail(store: Store): string | null {
    if (!store.adminCredentials) return null;
    return this.cipher.decrypt<{ username: string }>(store.id, store.adminCredentials).username;
  }

  private async fail(
    store: Store,
    blueprint: Blueprint,
    jobName: string,
    reason: string,
    startedAt = new Date(),
  ): Promise<RestoreOutcome> {
    await this.transfers.remove(store.namespace, jobName);
    // The app comes back with whatever data the store has; the reason says the restore did not happen.
    for (const deployment of appDeployments(blueprint, null)) await this.kube.apply(deployment);
    const why = `restore failed: ${reason}`.slice(0, 1_000);
    try {
      await this.lifecycle.transition(store.id, 'failed', {
        from: ['restoring'],
        data: { statusReason: why },
        audit: { action: 'store.restore_failed', outcome: 'failure', details: { backupId: store.restoreBackupId, reason } },
      });
    } catch (error) {
      if (error instanceof IllegalStoreTransitionError) return 'skipped';
      throw error;
    }
    await this.record(store, 'failed', why, startedAt);
    this.logger.warn({ storeId: store.id, reason }, 'Restore failed');
    return 'failed';
  }

  /** The store's timeline: one event per finished restore. */
  private async record(store: Store, outcome: 'succeeded' | 'failed', message: string, startedAt: Date): Promise<void> {
    const finishedAt = new Date();
    await this.prisma.storeEvent.create({
      data: {
        storeId: store.id,
        attempt: store.provisionAttempts,
        step: 'restore',
        outcome,
        message,
        startedAt,
        finishedAt,
        durationMs: Math.max(0, finishedAt.getTime() - startedAt.getTime()),
      },
    });
  }
}
