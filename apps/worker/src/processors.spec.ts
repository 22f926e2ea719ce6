import { WorkerHost } from '@nestjs/bullmq';
import { JobName, QueueName } from '@storefleet/contracts';
import type { Job } from 'bullmq';

import { BackupHandlers } from './backups/backup-handlers.js';
import type { BackupRunner } from './backups/backup-runner.js';
import type { BackupSchedule } from './backups/backup-schedule.js';
import type { BackupSettings } from './backups/backup-settings.js';
import type { RestoreRunner } from './backups/restore-runner.js';
import { assertEveryJobHandled, dispatch, UnhandledJobError } from './common/job-handlers.js';
import { loadWorkerConfig } from './config/worker-config.js';
import type { OperationsService } from './operations/operations.service.js';
import { configuredProcessors, jobHandlers } from './processors.js';
import type { ProvisioningService } from './provisioning/provisioning.service.js';
import type { ReconcileService } from './reconcile/reconcile.service.js';
import type { TeardownService } from './teardown/teardown.service.js';

const config = loadWorkerConfig({
  DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db',
  REDIS_URL: 'redis://127.0.0.1:6379',
  CREDENTIALS_KEY: Buffer.alloc(32, 7).toString('base64'),
  PROVISIONING_CONCURRENCY: '3',
  DATABASE_POOL_SIZE: '20',
});

const calls: string[] = [];
const handlers = jobHandlers(
  { provision: (job: Job) => Promise.resolve(calls.push(`provision ${job.data.storeId}`)) } as unknown as ProvisioningService,
  {
    teardown: (data: { storeId: string }) => Promise.resolve(calls.push(`teardown ${data.storeId}`)),
  } as unknown as TeardownService,
  {
    pass: () => Promise.resolve(calls.push('pass')),
    reconcileStore: (id: string) => Promise.resolve(calls.push(`reconcile ${id}`)),
  } as unknown as ReconcileService,
  {
    operate: (data: { storeId: string }) => Promise.resolve(calls.push(`operate ${data.storeId}`)),
  } as unknown as OperationsService,
  new BackupHandlers(
    { run: (id: string) => Promise.resolve((calls.push(`backup ${id}`), 'completed')) } as unknown as BackupRunner,
    {
      run: (id: string, backup: string) => Promise.resolve((calls.push(`restore ${id} ${backup}`), 'restored')),
    } as unknown as RestoreRunner,
    { pass: () => Promise.resolve({ started: [] }) } as unknown as BackupSchedule,
    { pollMs: 1_000 } as BackupSettings,
  ),
);
const job = (name: string, data: unknown) => ({ name, data }) as Job;

describe('job handlers', () => {
  it('handles every job name of the contracts, on its own queue', () => {
    expect(() => assertEveryJobHandled(handlers)).not.toThrow();
  });

  it('refuses to start when a job name has no handler, naming it', () => {
    const incomplete = {
      ...handlers,
      [QueueName.Teardown]: {},
      [QueueName.Reconcile]: { [JobName.ReconcileCluster]: handlers.reconcile['cluster.reconcile'] },
    };
    expect(() => assertEveryJobHandled(incomplete)).toThrow(UnhandledJobError);
    expect(() => assertEveryJobHandled(incomplete)).toThrow('store.teardown, store.reconcile');
  });

  it('refuses a handler registered on the wrong queue', () => {
    const misplaced = {
      ...handlers,
      [QueueName.Teardown]: {},
      [QueueName.Provisioning]: {
        ...handlers[QueueName.Provisioning],
        [JobName.TeardownStore]: handlers[QueueName.Teardown]['store.teardown'],
      },
    };
    expect(() => assertEveryJobHandled(misplaced)).toThrow('store.teardown');
  });

  it('dispatches each job to the handler of its name, and refuses a name its queue does not carry', async () => {
    await dispatch(QueueName.Reconcile, handlers[QueueName.Reconcile], job('store.reconcile', { storeId: 's1', bucket: 1 }));
    await dispatch(QueueName.Teardown, handlers[QueueName.Teardown], job('store.teardown', { storeId: 's2' }));
    await dispatch(QueueName.Operations, handlers[QueueName.Operations], job('store.operate', { storeId: 's3' }));
    await dispatch(QueueName.Backups, handlers[QueueName.Backups], job('backup.run', { backupId: 'b1' }));
    await dispatch(QueueName.Backups, handlers[QueueName.Backups], job('store.restore', { storeId: 's3', backupId: 'b1' }));
    expect(calls).toEqual(['reconcile s1', 'teardown s2', 'operate s3', 'backup b1', 'restore s3 b1']);
    expect(() => dispatch(QueueName.Teardown, handlers[QueueName.Teardown], job('store.provision', {}))).toThrow(
      'Unknown job store.provision on the store-teardown queue',
    );
  });

  it('makes one processor per queue with its queue, the configured concurrency and locks', () => {
    const processors = configuredProcessors(config);
    const options = processors.map((p) => Reflect.getMetadata('bullmq:worker_metadata', p) as Record<string, unknown>);
    const queues = processors.map((p) => (Reflect.getMetadata('bullmq:processor_metadata', p) as { name: string }).name);
    expect(queues).toEqual([
      QueueName.Provisioning,
      QueueName.Teardown,
      QueueName.Operations,
      QueueName.Reconcile,
      QueueName.Backups,
    ]);
    expect(options[0]).toMatchObject({ concurrency: 3, lockDuration: 30_000, stalledInterval: 30_000 });
    expect(options[2]).toMatchObject({ concurrency: 2 });
    expect(options[3]).toMatchObject({ concurrency: 3 });
    for (const processor of processors) expect(processor.prototype).toBeInstanceOf(WorkerHost);
  });
});
