import { randomUUID } from 'node:crypto';

import { Queue, Worker } from 'bullmq';

import { handBackUnstartedJobs } from './hand-back.js';

/** Real Redis: the state a fetch racing Worker.close() leaves (a job active under the closed worker's lock). */
describe('handBackUnstartedJobs', () => {
  const prefix = `test-hand-back-${randomUUID().slice(0, 8)}`;
  const connection = { url: process.env.REDIS_URL! };
  const queue = new Queue('hand-back', { connection, prefix });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it("moves back to wait the jobs still active under a closed worker's lock, and only those", async () => {
    await queue.addBulk([
      { name: 'a', data: {} },
      { name: 'b', data: {} },
    ]);
    const closing = new Worker(queue.name, null, { connection, prefix, autorun: false, lockDuration: 60_000 });
    const other = new Worker(queue.name, null, { connection, prefix, autorun: false, lockDuration: 60_000 });
    // Each takes one job under a lock named the way BullMQ's own fetch loop names it, and runs neither.
    const taken = await closing.getNextJob(`${closing.id}:0`);
    const kept = await other.getNextJob(`${other.id}:0`);
    await closing.close();
    expect(await queue.getActiveCount()).toBe(2); // without the hand-back: until the stalled check, a lock period later

    expect(await handBackUnstartedJobs(queue, closing.id)).toEqual([taken.id]);

    expect((await queue.getActive()).map((job) => job.id)).toEqual([kept.id]);
    expect((await queue.getWaiting()).map((job) => job.id)).toEqual([taken.id]);
    // Nothing of the other, still running worker's is touched, and a second call finds nothing.
    expect(await handBackUnstartedJobs(queue, closing.id)).toEqual([]);
    await other.close();
  });

  it('also moves back an active job whose lock expired while the worker closed, never one a worker holds', async () => {
    await queue.addBulk([
      { name: 'c', data: {} },
      { name: 'd', data: {} },
    ]);
    const closing = new Worker(queue.name, null, { connection, prefix, autorun: false, lockDuration: 60_000 });
    const other = new Worker(queue.name, null, { connection, prefix, autorun: false, lockDuration: 60_000 });
    const taken = await closing.getNextJob(`${closing.id}:0`);
    const kept = await other.getNextJob(`${other.id}:0`);
    await closing.close();
    // A close that outlasted the lock: no lock renews it any more, and it is gone.
    const client = await queue.getBackend().client;
    await client.del(`${queue.toKey(taken.id!)}:lock`);

    expect(await handBackUnstartedJobs(queue, closing.id)).toEqual([taken.id]);

    const active = (await queue.getActive()).map((job) => job.id);
    expect(active).toContain(kept.id);
    expect(active).not.toContain(taken.id);
    expect((await queue.getWaiting()).map((job) => job.id)).toContain(taken.id);
    // The hand-back's own lock went with the move: the next worker takes the job at once.
    expect(await client.get(`${queue.toKey(taken.id!)}:lock`)).toBeNull();
    expect(await client.get(`${queue.toKey(kept.id!)}:lock`)).toBe(`${other.id}:0`);
    await other.close();
  });
});
