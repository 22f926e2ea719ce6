import type { V1Deployment, V1Job, V1Pod, V1StatefulSet } from '@kubernetes/client-node';

/**
 * Readiness of workloads, read from their status the way kubectl rollout
 * status does. Pure functions of one object, used by watches.
 */

function observed(object: { metadata?: { generation?: number }; status?: { observedGeneration?: number } }): boolean {
  return (object.status?.observedGeneration ?? 0) >= (object.metadata?.generation ?? 0);
}

export function deploymentReady(deployment: V1Deployment | undefined): boolean {
  if (!deployment?.status || !observed(deployment)) return false;
  const want = deployment.spec?.replicas ?? 1;
  const { updatedReplicas = 0, availableReplicas = 0, readyReplicas = 0, replicas = 0 } = deployment.status;
  const available = deployment.status.conditions?.some((c) => c.type === 'Available' && c.status === 'True') ?? false;
  // replicas > want: pods of an older revision are still around.
  return available && updatedReplicas >= want && availableReplicas >= want && readyReplicas >= want && replicas <= want;
}

export function statefulSetReady(statefulSet: V1StatefulSet | undefined): boolean {
  if (!statefulSet?.status || !observed(statefulSet)) return false;
  const want = statefulSet.spec?.replicas ?? 1;
  const { readyReplicas = 0, updatedReplicas, currentRevision, updateRevision } = statefulSet.status;
  const rolledOut = !updateRevision || currentRevision === updateRevision || (updatedReplicas ?? 0) >= want;
  return readyReplicas >= want && rolledOut;
}

export type JobOutcome = { state: 'complete' } | { state: 'failed'; reason: string } | { state: 'running' };

export function jobOutcome(job: V1Job | undefined): JobOutcome {
  const conditions = job?.status?.conditions ?? [];
  const failed = conditions.find((c) => c.type === 'Failed' && c.status === 'True');
  if (failed) return { state: 'failed', reason: [failed.reason, failed.message].filter(Boolean).join(': ') || 'failed' };
  if (conditions.some((c) => c.type === 'Complete' && c.status === 'True')) return { state: 'complete' };
  return { state: 'running' };
}

/** How much of a failed container's last output a failure reason carries. */
const FAILURE_OUTPUT_CHARS = 300;

/**
 * Why a Job's pod failed, from its first container (init containers first)
 * that exited non-zero: "dump exited with 1: pg_dump: error: ...". The
 * message is the container's termination message; with
 * terminationMessagePolicy FallbackToLogsOnError that is the tail of its
 * output, so the scripts never print a secret. Null when no container failed.
 */
export function failedContainerOutput(pods: readonly V1Pod[]): string | null {
  for (const pod of pods) {
    const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
    for (const status of statuses) {
      const terminated = status.state?.terminated;
      if (!terminated || terminated.exitCode === 0) continue;
      const lines = (terminated.message ?? '')
        .trim()
        .split('\n')
        .filter((line) => line.trim());
      let output = '';
      for (const line of lines.toReversed()) {
        const next = output ? `${line.trim()} / ${output}` : line.trim();
        if (next.length > FAILURE_OUTPUT_CHARS) break;
        output = next;
      }
      if (!output && lines.length) output = `…${lines.at(-1)!.trim().slice(-FAILURE_OUTPUT_CHARS)}`;
      const what = `${status.name} exited with ${terminated.exitCode}${terminated.reason && terminated.reason !== 'Error' ? ` (${terminated.reason})` : ''}`;
      return output ? `${what}: ${output}` : what;
    }
  }
  return null;
}

export function podReady(pod: V1Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Waiting reasons that are part of a normal start, not a problem by themselves. */
const STARTING = new Set(['ContainerCreating', 'PodInitializing']);

/**
 * Why a pod is not ready, in a few words a store owner can act on
 * ("ImagePullBackOff", "CrashLoopBackOff", "Unschedulable: 0/3 nodes ..."),
 * or null when it is ready or finished successfully.
 */
export function podProblem(pod: V1Pod): string | null {
  if (pod.status?.phase === 'Succeeded' || (pod.status?.phase === 'Running' && podReady(pod))) return null;
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  for (const status of statuses) {
    const waiting = status.state?.waiting;
    if (waiting?.reason && !STARTING.has(waiting.reason)) return waiting.reason;
  }
  for (const status of statuses) {
    const terminated = status.state?.terminated;
    if (terminated && terminated.exitCode !== 0) return `${terminated.reason ?? 'Error'} (exit code ${terminated.exitCode})`;
  }
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False') return [scheduled.reason ?? 'Unschedulable', scheduled.message].filter(Boolean).join(': ');
  for (const status of statuses) {
    const waiting = status.state?.waiting;
    if (waiting?.reason) return waiting.reason;
  }
  if (pod.status?.phase === 'Failed') return pod.status.reason ?? 'Failed';
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  return ready?.reason ?? pod.status?.phase ?? 'Pending';
}
