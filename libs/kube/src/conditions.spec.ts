import type { V1Deployment, V1Pod } from '@kubernetes/client-node';

import { deploymentReady, failedContainerOutput, jobOutcome, podProblem, statefulSetReady } from './conditions.js';

const readyDeployment: V1Deployment = {
  metadata: { generation: 2 },
  spec: { replicas: 1, selector: {}, template: {} },
  status: {
    observedGeneration: 2,
    replicas: 1,
    updatedReplicas: 1,
    readyReplicas: 1,
    availableReplicas: 1,
    conditions: [{ type: 'Available', status: 'True' }],
  },
};

describe('workload readiness', () => {
  it('sees a rolled-out Deployment as ready, and not before the controller observed the last change', () => {
    expect(deploymentReady(readyDeployment)).toBe(true);
    expect(deploymentReady({ ...readyDeployment, metadata: { generation: 3 } })).toBe(false);
    expect(deploymentReady({ ...readyDeployment, status: { ...readyDeployment.status, availableReplicas: 0 } })).toBe(false);
    expect(deploymentReady(undefined)).toBe(false);
  });

  it('sees a StatefulSet as ready once its replicas are ready on the current revision', () => {
    const base = { metadata: { generation: 1 }, spec: { replicas: 1, selector: {}, serviceName: 'db', template: {} } };
    expect(
      statefulSetReady({
        ...base,
        status: { observedGeneration: 1, replicas: 1, readyReplicas: 1, currentRevision: 'a', updateRevision: 'a' },
      }),
    ).toBe(true);
    expect(statefulSetReady({ ...base, status: { observedGeneration: 1, replicas: 1, readyReplicas: 0 } })).toBe(false);
  });

  it('reads a Job’s outcome from its conditions', () => {
    expect(jobOutcome({ status: { conditions: [{ type: 'Complete', status: 'True' }] } })).toEqual({ state: 'complete' });
    expect(
      jobOutcome({
        status: {
          conditions: [
            {
              type: 'Failed',
              status: 'True',
              reason: 'BackoffLimitExceeded',
              message: 'Job has reached the specified backoff limit',
            },
          ],
        },
      }),
    ).toEqual({
      state: 'failed',
      reason: 'BackoffLimitExceeded: Job has reached the specified backoff limit',
    });
    expect(jobOutcome({ status: {} })).toEqual({ state: 'running' });
  });
});

describe('podProblem', () => {
  const pod = (status: V1Pod['status']): V1Pod => ({ status });

  it('names the waiting reason of a container that cannot start', () => {
    expect(
      podProblem(
        pod({
          phase: 'Pending',
          containerStatuses: [
            {
              name: 'db',
              image: 'x',
              imageID: '',
              ready: false,
              restartCount: 0,
              state: { waiting: { reason: 'ImagePullBackOff' } },
            },
          ],
        }),
      ),
    ).toBe('ImagePullBackOff');
  });

  it('explains a pod that cannot be scheduled', () => {
    expect(
      podProblem(
        pod({
          phase: 'Pending',
          conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available' }],
        }),
      ),
    ).toBe('Unschedulable: 0/3 nodes are available');
  });

  it('reports a failed container with its exit code, and nothing for a ready or finished pod', () => {
    expect(
      podProblem(
        pod({
          phase: 'Failed',
          containerStatuses: [
            {
              name: 's',
              image: 'x',
              imageID: '',
              ready: false,
              restartCount: 0,
              state: { terminated: { exitCode: 1, reason: 'Error' } },
            },
          ],
        }),
      ),
    ).toBe('Error (exit code 1)');
    expect(podProblem(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] }))).toBeNull();
    expect(podProblem(pod({ phase: 'Succeeded' }))).toBeNull();
  });

  it('falls back to the Ready condition of a running pod that is not ready', () => {
    expect(
      podProblem(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }] })),
    ).toBe('ContainersNotReady');
  });
});

describe('failedContainerOutput', () => {
  const terminated = (name: string, exitCode: number, message?: string) => ({
    name,
    image: 'x',
    imageID: '',
    ready: false,
    restartCount: 0,
    state: { terminated: { exitCode, reason: exitCode ? 'Error' : 'Completed', ...(message ? { message } : {}) } },
  });
  const pod = (init: ReturnType<typeof terminated>[], main: ReturnType<typeof terminated>[]): V1Pod => ({
    status: { phase: 'Failed', initContainerStatuses: init, containerStatuses: main },
  });

  it("names the first container that failed (init containers first) with its output's last lines", () => {
    const failed = pod(
      [terminated('restore', 1, 'waiting for the database\npg_restore: error: could not connect\n')],
      [terminated('transfer', 2, 'later')],
    );
    expect(failedContainerOutput([failed])).toBe(
      'restore exited with 1: waiting for the database / pg_restore: error: could not connect',
    );
  });

  it('keeps only as many whole last lines as fit, or the end of an overlong last line', () => {
    const many = Array.from({ length: 50 }, (_, i) => `line ${i} ${'x'.repeat(20)}`).join('\n');
    const reason = failedContainerOutput([pod([], [terminated('upload', 22, many)])])!;
    expect(reason.startsWith('upload exited with 22: line ')).toBe(true);
    expect(reason.endsWith(`line 49 ${'x'.repeat(20)}`)).toBe(true);
    expect(reason).not.toContain('line 0 ');
    expect(reason.length).toBeLessThan(360);
    const long = failedContainerOutput([pod([], [terminated('upload', 22, 'y'.repeat(1000))])])!;
    expect(long).toBe(`upload exited with 22: …${'y'.repeat(300)}`);
  });

  it('is the exit code alone without output, and null when nothing failed', () => {
    expect(failedContainerOutput([pod([], [terminated('upload', 137)])])).toBe('upload exited with 137');
    expect(failedContainerOutput([pod([terminated('dump', 0, 'ok')], [terminated('upload', 0, 'ok')])])).toBeNull();
    expect(failedContainerOutput([])).toBeNull();
  });
});
