import { randomBytes, randomUUID } from 'node:crypto';

import { jobId, JobName, QueueName } from '@storefleet/contracts';
import { Queue, Worker } from 'bullmq';

import { JOB_DEFAULTS } from './job-defaults.js';
import { JobQueues } from './job-queues.js';
import { StoreJobs } from './store-jobs.js';

describe('StoreJobs', () => {
  const prefix = `test-store-jobs-${randomUUID().slice(0, 8)}`;
  const connection = { url: process.env.REDIS_URL! };
  const [provisioning, teardown, reconcile, operations, backups] = [
    QueueName.Provisioning,
    QueueName.Teardown,
    QueueName.Reconcile,
    QueueName.Operations,
    QueueName.Backups,
  ].map((name) => new Queue(name, { connection, prefix, defaultJobOptions: JOB_DEFAULTS[name] })) as [
    Queue,
    Queue,
    Queue,
    Queue,
    Queue,
  ];
  const jobs = new StoreJobs(new JobQueues(provisioning, teardown, reconcile, operations, backups), { timeoutMs: 2_000 });

  afterAll(async () => {
    for (const queue of [provisioning, teardown, reconcile, operations, backups]) {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  /** Takes the next job of the queue as a worker would and finishes it the given way. */
  async function finishNext(queue: Queue, how: 'failed' | 'completed') {
    const worker = new Worker(queue.name, null, { connection, prefix, autorun: false });
    try {
      const token = randomBytes(8).toString('hex');
      const job = await worker.getNextJob(token);
      if (!job) throw new Error('no job waiting');
      if (how === 'failed') {
        job.opts.attempts = 1; // used up: failed for good
        await job.moveToFailed(new Error('namespace finaliser stuck'), token);
      } else {
        await job.moveToCompleted('done', token, false);
      }
    } finally {
      await worker.close();
    }
  }

  it('retries a teardown job that failed for good, instead of being blocked by its fixed id', async () => {
    const store = { id: randomUUID(), provisionAttempts: 1 };
    expect(await jobs.ensureTeardown(store)).toBe('added');
    await finishNext(teardown, 'failed');
    expect(await (await teardown.getJob(jobId.teardown(store.id)))!.getState()).toBe('failed');

    expect(await jobs.ensureTeardown(store)).toBe('retried');
    expect(await (await teardown.getJob(jobId.teardown(store.id)))!.getState()).toBe('waiting');
    expect(await jobs.ensureTeardown(store)).toBe('present');
  });

  it('replaces a completed provision job that the store still needs, and leaves a waiting one alone', async () => {
    const store = { id: randomUUID(), provisionAttempts: 2 };
    expect(await jobs.ensureProvision(store)).toBe('added');
    expect(await jobs.ensureProvision(store)).toBe('present');
    await finishNext(provisioning, 'completed');
    expect(await jobs.ensureProvision(store)).toBe('replaced');
    const job = await provisioning.getJob(jobId.provision(store.id, 2));
    expect(job).toMatchObject({ name: JobName.ProvisionStore, data: { storeId: store.id, attempt: 2 } });
    expect(await job!.getState()).toBe('waiting');
  });

  it('drops a provision job that has not started when the store is torn down', async () => {
    const store = { id: randomUUID(), provisionAttempts: 1 };
    await jobs.provision(store);
    await jobs.teardown(store);
    expect(await provisioning.getJob(jobId.provision(store.id, 1))).toBeUndefined();
    expect(await teardown.getJob(jobId.teardown(store.id))).toBeDefined();
  });

  it('gives up within its timeout when Redis is known to be down', async () => {
    const down = new StoreJobs(new JobQueues(provisioning, teardown, reconcile, operations, backups), {
      timeoutMs: 2_000,
      available: () => false,
    });
    const started = Date.now();
    expect(await down.provision({ id: randomUUID(), provisionAttempts: 1 })).toBe(false);
    expect(Date.now() - started).toBeLessThan(500);
  });
});
