import type { V1Job, V1Pod } from '@kubernetes/client-node';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { S3ObjectStore, type TransferUrls } from '@storefleet/backups';
import type { Store } from '@storefleet/db';
import { backupNetworkPolicies, type BlueprintStore, type EngineConfig, transferUrlsSecretName } from '@storefleet/engines';
import { failedContainerOutput, type JobOutcome, jobOutcome, KubeClient, RESOURCES } from '@storefleet/kube';

import { ENGINE_CONFIG } from '../config/engine-config.js';
import { BACKUP_SETTINGS, type BackupSettings } from './backup-settings.js';

/** A backup or restore Job as the worker sees it. */
export type TransferJobState = { state: 'absent' } | (JobOutcome & { startedAt: Date });

/**
 * What backups and restores share: the platform's bucket (null when backups
 * are not configured), the store's network policies for their Jobs, the Job
 * itself (created once: its pod template is immutable) and the Secret with
 * its presigned URLs (no bucket key), owned by the Job so it goes with it.
 */
@Injectable()
export class TransferJobs implements OnModuleDestroy {
  readonly bucket: S3ObjectStore | null;

  constructor(
    @Inject(KubeClient) private readonly kube: KubeClient,
    @Inject(ENGINE_CONFIG) private readonly engineConfig: EngineConfig,
    @Inject(BACKUP_SETTINGS) private readonly settings: BackupSettings,
  ) {
    this.bucket = settings.s3 ? new S3ObjectStore(settings.s3) : null;
  }

  onModuleDestroy(): void {
    this.bucket?.destroy();
  }

  static blueprintStore(store: Store, ownerEmail: string | null): BlueprintStore {
    return { id: store.id, name: store.name, ownerId: store.ownerId, engine: store.engine, plan: store.plan, ownerEmail };
  }

  /**
   * Ensures the policies, the Job and the Secret with its presigned URLs
   * (`urls` makes them; called only when the Job exists, and the Secret is
   * made once, so the URLs' lifetime starts with the Job); returns the Job's state.
   */
  async ensure(
    store: BlueprintStore,
    namespace: string,
    job: V1Job,
    urls: () => Promise<TransferUrls>,
  ): Promise<TransferJobState> {
    const s3 = this.settings.s3;
    if (!s3) throw new Error('backups are not configured on this platform (S3_ENDPOINT)');
    for (const policy of backupNetworkPolicies(store, this.engineConfig, namespace, {
      endpoint: s3.endpoint,
      cidrs: this.settings.egressCidrs,
    })) {
      await this.kube.apply(policy);
    }
    await this.kube.createIfAbsent(job);
    const name = job.metadata!.name!;
    const live = await this.kube.read<V1Job>({ apiVersion: 'batch/v1', kind: 'Job', namespace, name });
    if (!live?.metadata?.uid) return { state: 'absent' };
    await this.kube.createIfAbsent({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: transferUrlsSecretName(name),
        namespace,
        labels: job.metadata?.labels,
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name, uid: live.metadata.uid, blockOwnerDeletion: false }],
      },
      type: 'Opaque',
      stringData: await urls(),
    });
    const outcome = jobOutcome(live);
    const startedAt = live.metadata.creationTimestamp ?? new Date();
    if (outcome.state !== 'failed') return { ...outcome, startedAt };
    return { state: 'failed', reason: await this.failureDetail(namespace, name, outcome.reason), startedAt };
  }

  /** The Job's failure reason with what its failed container last printed (its pods go when the Job is removed). */
  private async failureDetail(namespace: string, name: string, reason: string): Promise<string> {
    const pods = await this.kube.list<V1Pod>(RESOURCES.Pod, { namespace, labelSelector: `batch.kubernetes.io/job-name=${name}` });
    const output = failedContainerOutput(pods.items);
    return output ? `${reason}; ${output}` : reason;
  }

  /** Removes a finished Job (its pods and Secret go with it), so the next run of the same name starts afresh. */
  async remove(namespace: string, name: string): Promise<void> {
    await this.kube.delete({ apiVersion: 'batch/v1', kind: 'Job', namespace, name });
  }
}
