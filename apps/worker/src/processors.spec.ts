import { WorkerHost } from '@nestjs/bullmq';
import { JobName, QueueName } from '@storefleet/contracts';

import { assertEveryJobHandled, UnhandledJobError } from './common/job-handlers.js';
import { loadWorkerConfig } from './config/worker-config.js';
import { configuredProcessors, PROCESSORS } from './processors.js';

const config = loadWorkerConfig({
  DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db',
  REDIS_URL: 'redis://127.0.0.1:6379',
  CREDENTIALS_KEY: Buffer.alloc(32, 7).toString('base64'),
  PROVISIONING_CONCURRENCY: '3',
});

describe('job handlers', () => {
  it('handles every job name of the contracts', () => {
    expect(() => assertEveryJobHandled(new Map([...PROCESSORS].map(([q, p]) => [q, p.handles])))).not.toThrow();
  });

  it('refuses to start when a job name has no handler, naming it', () => {
    const handled = new Map([
      [QueueName.Provisioning, [JobName.ProvisionStore]],
      [QueueName.Teardown, []],
    ]);
    expect(() => assertEveryJobHandled(handled)).toThrow(UnhandledJobError);
    expect(() => assertEveryJobHandled(handled)).toThrow('store.teardown, cluster.reconcile');
  });

  it('refuses a handler registered on the wrong queue', () => {
    const handled = new Map([
      [QueueName.Provisioning, [JobName.ProvisionStore, JobName.TeardownStore]],
      [QueueName.Reconcile, [JobName.ReconcileCluster]],
    ]);
    expect(() => assertEveryJobHandled(handled)).toThrow('store.teardown');
  });

  it('decorates each processor with its queue and the configured concurrency and locks', () => {
    const processors = configuredProcessors(config);
    const options = processors.map((p) => Reflect.getMetadata('bullmq:worker_metadata', p) as Record<string, unknown>);
    const queues = processors.map((p) => (Reflect.getMetadata('bullmq:processor_metadata', p) as { name: string }).name);
    expect(queues).toEqual([QueueName.Provisioning, QueueName.Teardown, QueueName.Reconcile]);
    expect(options[0]).toMatchObject({ concurrency: 3, lockDuration: 30_000, stalledInterval: 30_000 });
    expect(options[2]).toMatchObject({ concurrency: 1 });
    for (const processor of processors) expect(processor.prototype).toBeInstanceOf(WorkerHost);
  });
});
