import { Injectable } from '@nestjs/common';
import type { KubeObserver } from '@storefleet/kube';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export type JobOutcome = 'completed' | 'failed';

const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/**
 * This worker pod's Prometheus metrics (its own registry, not prom-client's
 * global one), served on METRICS_PORT by MetricsServer. Other parts of the
 * worker report through the methods here; nothing in it reads Postgres.
 * Aggregate across pods with sum().
 */
@Injectable()
export class WorkerMetrics implements KubeObserver {
  readonly registry = new Registry();
  private readonly jobs = new Counter({
    name: 'storefleet_worker_jobs_total',
    help: 'Jobs this worker finished, by queue and outcome (a failed attempt that will be retried counts as failed)',
    labelNames: ['queue', 'outcome'],
    registers: [this.registry],
  });
  private readonly jobDuration = new Histogram({
    name: 'storefleet_worker_job_duration_seconds',
    help: 'Time from a job starting on this worker to its end, by queue and outcome',
    labelNames: ['queue', 'outcome'],
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly steps = new Histogram({
    name: 'storefleet_worker_step_duration_seconds',
    help: 'Provisioning and teardown step durations on this worker, by step and outcome',
    labelNames: ['step', 'outcome'],
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly reconcile = new Histogram({
    name: 'storefleet_worker_reconcile_pass_duration_seconds',
    help: 'Duration of the reconciler passes this worker ran, by outcome',
    labelNames: ['outcome'],
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly kubeRequests = new Counter({
    name: 'storefleet_worker_kube_requests_total',
    help: 'Kubernetes API requests this worker sent (each retry counts), by verb and HTTP status ("timeout"/"error" without one)',
    labelNames: ['verb', 'code'],
    registers: [this.registry],
  });
  private readonly kubeWait = new Histogram({
    name: 'storefleet_worker_kube_rate_limit_wait_seconds',
    help: 'Time Kubernetes requests waited for the client-side rate limiter (KUBE_QPS, KUBE_BURST)',
    buckets: [0, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'storefleet_worker_' });
  }

  jobFinished(queue: string, outcome: JobOutcome, seconds: number | null): void {
    this.jobs.inc({ queue, outcome });
    if (seconds !== null) this.jobDuration.observe({ queue, outcome }, seconds);
  }

  reconcilePassFinished(outcome: JobOutcome, seconds: number): void {
    this.reconcile.observe({ outcome }, seconds);
  }

  stepFinished(step: string, outcome: string, seconds: number): void {
    this.steps.observe({ step, outcome }, seconds);
  }

  request(verb: string, code: string): void {
    this.kubeRequests.inc({ verb, code });
  }

  rateLimitWait(seconds: number): void {
    this.kubeWait.observe(seconds);
  }
}
