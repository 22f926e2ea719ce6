/**
 * Knobs of the local control plane's simulated kubelet (KWOK stages in
 * scripts/cluster/stages.yaml; docs/local-cluster.md). Put them on a pod, or
 * on a pod template so that every pod of a Deployment, StatefulSet or Job
 * gets them. Annotating a running pod breaks it; removing the annotation makes
 * it Ready again.
 */
export const SIMULATE_ANNOTATION = 'storefleet.dev/simulate';

/** Delays a pod's becoming Running and Ready by a Go duration, e.g. "10s". */
export const READY_AFTER_ANNOTATION = 'storefleet.dev/ready-after';

/**
 * - `image-pull-backoff`: stays Pending, containers waiting in ImagePullBackOff.
 * - `crashloop`: Running, containers waiting in CrashLoopBackOff (restartCount 5, last exit code 1).
 * - `unready`: Running, containers started, never Ready (a readiness probe that never passes).
 * - `fail`: phase Failed, containers terminated with exit code 1 (for Job pods: counts against backoffLimit).
 */
export type SimulatedFailure = 'image-pull-backoff' | 'crashloop' | 'unready' | 'fail';

/** Annotations that make a pod fail in the given way. */
export function simulate(failure: SimulatedFailure): Record<string, string> {
  return { [SIMULATE_ANNOTATION]: failure };
}
