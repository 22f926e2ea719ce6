import { jobId, JobName, type JobView, ProblemType, type QueueCountsView, QueueName } from '@storefleet/contracts';
import { Queue, Worker } from 'bullmq';

import { createUser, type TestUser } from '../testing/factories.js';
import { apiSuite } from '../testing/suite.js';

describe('ops', () => {
  const s = apiSuite('ops');
  let operator: TestUser;
  let queue: Queue;
  const storeId = '0b7a5d0e-1111-4c2d-9e6f-000000000001';
  const failedJobId = jobId.provision(storeId, 1);

  beforeAll(async () => {
    operator = await createUser(s.api, s.prisma, { role: 'operator' });
    const connection = { url: process.env.REDIS_URL! };
    queue = new Queue(QueueName.Provisioning, { connection, prefix: s.prefix });
    // A real job that really fails once, processed by a real BullMQ worker.
    await queue.add(JobName.ProvisionStore, { storeId, attempt: 1 }, { jobId: failedJobId, attempts: 1 });
    await queue.add(JobName.ProvisionStore, { storeId, attempt: 2 }, { jobId: jobId.provision(storeId, 2), delay: 60_000 });
    const worker = new Worker(QueueName.Provisioning, () => Promise.reject(new Error('namespace quota exceeded')), {
      connection,
      prefix: s.prefix,
      autorun: false,
    });
    const failed = new Promise<void>((resolve) => worker.on('failed', () => resolve()));
    void worker.run();
    await failed;
    await worker.close();
  });
  afterAll(() => queue.close());

  it('counts jobs per state for every queue', async () => {
    const res = await s.api.http.get('/api/v1/ops/queues').set(operator.auth).expect(200);
    const counts = res.body as QueueCountsView[];
    expect(counts.map((c) => c.queue).sort()).toEqual(Object.values(QueueName).sort());
    expect(counts.find((c) => c.queue === QueueName.Provisioning)?.counts).toMatchObject({
      failed: 1,
      delayed: 1,
      waiting: 0,
      active: 0,
    });
  });

  it('lists failed jobs with their error, and jobs in other states', async () => {
    const failed = (await s.api.http.get('/api/v1/ops/jobs?state=failed').set(operator.auth).expect(200)).body as JobView[];
    expect(failed).toEqual([
      expect.objectContaining({
        id: failedJobId,
        queue: QueueName.Provisioning,
        name: JobName.ProvisionStore,
        state: 'failed',
        failedReason: 'namespace quota exceeded',
        attemptsMade: 1,
        data: { storeId, attempt: 1 },
      }),
    ]);
    const delayed = (
      await s.api.http.get(`/api/v1/ops/jobs?state=delayed&queue=${QueueName.Provisioning}`).set(operator.auth).expect(200)
    ).body as JobView[];
    expect(delayed.map((j) => j.id)).toEqual([jobId.provision(storeId, 2)]);
    await s.api.http.get('/api/v1/ops/jobs?state=exploded').set(operator.auth).expect(400);
  });

  it('retries a failed job (found without naming its queue) and audits it', async () => {
    const res = await s.api.http
      .post(`/api/v1/ops/jobs/${failedJobId}/retry`)
      .set(operator.auth)
      .set('X-Request-Id', 'retry-job')
      .expect(200);
    expect(res.body).toMatchObject({ id: failedJobId, state: 'waiting' });
    expect(await (await queue.getJob(failedJobId))?.getState()).toBe('waiting');
    const audit = await s.prisma.auditLog.findFirstOrThrow({ where: { requestId: 'retry-job' } });
    expect(audit).toMatchObject({
      action: 'job.retry',
      targetType: 'job',
      targetId: failedJobId,
      outcome: 'success',
      actorId: operator.user.id,
    });
  });

  it('refuses to retry a job that is not failed, and answers 404 for an unknown one', async () => {
    const busy = await s.api.http
      .post(`/api/v1/ops/jobs/${jobId.provision(storeId, 2)}/retry?queue=${QueueName.Provisioning}`)
      .set(operator.auth)
      .expect(409);
    expect(busy.body).toMatchObject({ type: ProblemType.Conflict, state: 'delayed' });
    await s.api.http.post('/api/v1/ops/jobs/no-such-job/retry').set(operator.auth).expect(404);
    await s.api.http.post(`/api/v1/ops/jobs/${failedJobId}/retry?queue=${QueueName.Teardown}`).set(operator.auth).expect(404);
  });
});
