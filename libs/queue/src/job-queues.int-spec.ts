import { randomUUID } from 'node:crypto';

import { Test } from '@nestjs/testing';
import { jobId, JobName, QueueName } from '@storefleet/contracts';

import { JobQueues } from './job-queues.js';
import { QueueModule } from './queue.module.js';

describe('JobQueues', () => {
  const prefix = `test-${randomUUID()}`;
  let queues: JobQueues;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [QueueModule.forRoot({ redisUrl: process.env.REDIS_URL!, prefix })] }).compile();
    await moduleRef.init();
    queues = moduleRef.get(JobQueues);
    close = async () => {
      await Promise.all(queues.all().map((q) => q.obliterate({ force: true })));
      await moduleRef.close();
    };
  });
  afterAll(() => close());

  it('puts each job on the queue its name belongs to, with the queue defaults', async () => {
    const storeId = randomUUID();
    await queues.enqueue(JobName.ProvisionStore, { storeId, attempt: 1 }, { jobId: jobId.provision(storeId, 1) });
    await queues.enqueue(JobName.TeardownStore, { storeId }, { jobId: jobId.teardown(storeId) });

    const provision = await queues.queue(QueueName.Provisioning).getJob(jobId.provision(storeId, 1));
    expect(provision).toMatchObject({ name: 'store.provision', data: { storeId, attempt: 1 } });
    expect(provision?.opts).toMatchObject({ attempts: 5, backoff: { type: 'exponential', delay: 5000 } });
    expect(await queues.queue(QueueName.Teardown).getJob(jobId.teardown(storeId))).toMatchObject({ name: 'store.teardown' });
    expect(await queues.queue(QueueName.Provisioning).getJob(jobId.teardown(storeId))).toBeUndefined();
  });

  it('ignores a second job with the same deterministic id', async () => {
    const storeId = randomUUID();
    await queues.enqueue(JobName.TeardownStore, { storeId }, { jobId: jobId.teardown(storeId) });
    await queues.enqueue(JobName.TeardownStore, { storeId }, { jobId: jobId.teardown(storeId) });
    const jobs = await queues.queue(QueueName.Teardown).getJobs(['waiting']);
    expect(jobs.filter((job) => job.data.storeId === storeId)).toHaveLength(1);
  });
});
