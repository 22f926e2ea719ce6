import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/** How long the hand-back holds a lockless job's lock while moving it (it deletes it when done). */
const HAND_BACK_LOCK_MS = 30_000;

/**
 * Puts back in the queue, at once, the jobs a closed worker took but never ran.
 *
 * A fetch that races `Worker.close()` can move a job to `active` under the
 * closing worker's lock while the worker no longer runs it (taskforcesh/bullmq#3045):
 * the job would sit there until the stalled-job check, up to two lock periods
 * later. Every lock a worker takes is `<worker id>:<n>`, so after close, a job
 * still active under such a lock is one nobody runs. A close that waited longer
 * than the lock lasts (a slow job finishing, a loaded machine) leaves such a job
 * with no lock at all: nobody runs that one either (a running job's lock is
 * renewed), so it is taken — `SET NX`, so never from a worker that holds it —
 * and moved back too, as the stalled check would do a lock period later.
 * Call only after `close()` has resolved (no job of this worker is running any
 * more). Returns their ids.
 */
export async function handBackUnstartedJobs(queue: Queue, workerId: string): Promise<string[]> {
  const client = await queue.getBackend().client;
  const handedBack: string[] = [];
  for (const job of await queue.getActive()) {
    if (!job.id) continue;
    const lockKey = `${queue.toKey(job.id)}:lock`;
    let lock = await client.get(lockKey);
    if (lock === null) {
      const ours = `${workerId}:hand-back`;
      // BullMQ's client interface has no SET NX; the queues' client is ioredis (QueueModule).
      if ((await (client as unknown as Redis).set(lockKey, ours, 'PX', HAND_BACK_LOCK_MS, 'NX')) === 'OK') lock = ours;
    }
    if (!lock?.startsWith(`${workerId}:`)) continue; // another worker's
    // Refused (the lock changed hands in between) means someone else owns it now: leave it.
    if ((await job.moveToWait(lock).catch(() => -1)) >= 0) handedBack.push(job.id);
  }
  return handedBack;
}
