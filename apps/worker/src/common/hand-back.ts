import type { Queue } from 'bullmq';

/**
 * Puts back in the queue, at once, the jobs a closed worker took but never ran.
 *
 * A fetch that races `Worker.close()` can move a job to `active` under the
 * closing worker's lock while the worker no longer runs it (taskforcesh/bullmq#3045):
 * the job would sit there until the stalled-job check, up to two lock periods
 * later. Every lock a worker takes is `<worker id>:<n>`, so after close, a job
 * still active under such a lock is one nobody runs. Call only after `close()`
 * has resolved (no job of this worker is running any more). Returns their ids.
 */
export async function handBackUnstartedJobs(queue: Queue, workerId: string): Promise<string[]> {
  const client = await queue.getBackend().client;
  const handedBack: string[] = [];
  for (const job of await queue.getActive()) {
    if (!job.id) continue;
    const lock = await client.get(`${queue.toKey(job.id)}:lock`);
    if (!lock?.startsWith(`${workerId}:`)) continue; // another worker's, or already free for the stalled check
    // Refused (the lock changed hands in between) means someone else owns it now: leave it.
    if ((await job.moveToWait(lock).catch(() => -1)) >= 0) handedBack.push(job.id);
  }
  return handedBack;
}
