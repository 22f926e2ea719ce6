/**
 * The worker's own /metrics, scraped from a worker process as Prometheus would:
 * it provisions a store on the local control plane (as the chart's
 * ServiceAccount), runs a reconciler pass, and reports jobs by queue and
 * outcome, step durations, Kubernetes requests, rate-limiter waits and the
 * reconcile pass duration. Real Postgres, Redis and kube-apiserver.
 */
import { readFileSync } from 'node:fs';

import { PROVISIONING_STEPS, QueueName } from '@storefleet/contracts';
import { createOwner, READY_AFTER_ANNOTATION, waitForStatus, workerTestBed } from '@storefleet/testing';

/** The value of one sample in Prometheus' text format (`name{labels} value`), or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("the worker's /metrics", () => {
  const bed = workerTestBed('metrics', {
    LOG_LEVEL: 'info',
    // A tight rate limit, so that requests do wait for the limiter.
    KUBE_QPS: '5',
    KUBE_BURST: '1',
    STORE_POD_ANNOTATIONS: JSON.stringify({ [READY_AFTER_ANNOTATION]: '1s' }),
  });

  it('counts jobs, steps, Kubernetes requests, rate-limiter waits and reconcile passes', async () => {
    const worker = await bed.startWorker();
    let port: string | undefined;
    for (let i = 0; i < 100 && !port; i++) {
      port = /metrics on http:\/\/0\.0\.0\.0:(\d+)\/metrics/.exec(readFileSync(worker.log, 'utf8'))?.[1];
      if (!port) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(port).toBeDefined();
    const scrape = async () => {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      return response.text();
    };
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);

    const owner = await createOwner(bed.db);
    const store = await bed.newStore('metrics', owner.id);
    await waitForStatus(bed.db, store.id, 'ready', 150_000);

    // The reconciler's first pass runs when the worker starts; give it a moment if it has not finished yet.
    let text = await scrape();
    for (
      let i = 0;
      i < 100 && !sample(text, 'storefleet_worker_reconcile_pass_duration_seconds_count{outcome="completed"}');
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      text = await scrape();
    }

    const provisioning = `queue="${QueueName.Provisioning}",outcome="completed"`;
    expect(sample(text, `storefleet_worker_jobs_total{${provisioning}}`)).toBe(1);
    expect(sample(text, `storefleet_worker_job_duration_seconds_count{${provisioning}}`)).toBe(1);
    expect(
      sample(text, `storefleet_worker_jobs_total{queue="${QueueName.Reconcile}",outcome="completed"}`),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'storefleet_worker_reconcile_pass_duration_seconds_count{outcome="completed"}')).toBeGreaterThanOrEqual(
      1,
    );
    for (const step of PROVISIONING_STEPS) {
      expect({
        step,
        runs: sample(text, `storefleet_worker_step_duration_seconds_count{step="${step}",outcome="succeeded"}`),
      }).toEqual({
        step,
        runs: 1,
      });
    }
    const applies = sample(text, 'storefleet_worker_kube_requests_total{verb="apply",code="200"}');
    expect(applies).toBeGreaterThan(5);
    const waits = sample(text, 'storefleet_worker_kube_rate_limit_wait_seconds_count')!;
    expect(waits).toBeGreaterThan(applies!);
    // At 5 requests a second with no burst to spare, the requests waited for the limiter.
    expect(sample(text, 'storefleet_worker_kube_rate_limit_wait_seconds_sum')).toBeGreaterThan(1);
    expect(sample(text, 'storefleet_worker_process_resident_memory_bytes')).toBeGreaterThan(0);
  }, 240_000);
});
