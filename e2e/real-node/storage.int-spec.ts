/**
 * Volumes on the real node: StorageClass real-node, served by rancher's
 * local-path-provisioner (k3s's default class) running as a pod on the node
 * (scripts/cluster/real-node/addons.sh). A claim binds once a pod on the node
 * uses it; a non-root pod of a `restricted` namespace writes a file that a
 * second pod reads back; the volume is a folder of the node's own state
 * folder (.local/real-node/volumes) and goes with the claim.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { CoreV1Api, type KubeConfig, StorageV1Api, type V1Pod } from '@kubernetes/client-node';
import { createTestNamespace, repoRoot, type TestNamespace, waitFor, watchPods, watchVolumes } from '@storefleet/testing';

import { ensureRealNode, type RealNode } from './support.js';

/** The node's settings as its scripts see them (scripts/cluster/real-node/config.sh). */
function nodeSetting(name: string): string {
  const script = `source scripts/lib.sh && source scripts/cluster/config.sh && source scripts/cluster/real-node/config.sh && printf %s "$${name}"`;
  const value = execFileSync('bash', ['-c', script], { cwd: repoRoot, encoding: 'utf8' });
  if (!value) throw new Error(`scripts/cluster/real-node/config.sh defines no ${name}`);
  return value;
}

const CLASS = nodeSetting('REAL_NODE_STORAGE_CLASS');
const VOLUMES = nodeSetting('REAL_NODE_VOLUMES');
const BUSYBOX = nodeSetting('REAL_NODE_BUSYBOX_IMAGE');
const UID = 1000;

let kc: KubeConfig;
let node: RealNode;
let ns: TestNamespace;
let core: CoreV1Api;

/** A pod of the `restricted` Pod Security standard on the real node, with the claim at /data; it runs `script` and exits. */
function pod(name: string, script: string): V1Pod {
  return {
    metadata: { name },
    spec: {
      restartPolicy: 'Never',
      nodeSelector: { 'storefleet.dev/real-node': 'true' },
      tolerations: [{ key: 'storefleet.dev/real-node', operator: 'Equal', value: 'true', effect: 'NoSchedule' }],
      securityContext: { runAsNonRoot: true, runAsUser: UID, runAsGroup: UID, seccompProfile: { type: 'RuntimeDefault' } },
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
      containers: [
        {
          name: 'main',
          image: BUSYBOX,
          imagePullPolicy: 'Never',
          command: ['/busybox', 'sh', '-c', script],
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        },
      ],
    },
  };
}

/** Runs a pod to its end; returns its log, failing with the log when the pod failed. */
async function runToEnd(spec: V1Pod): Promise<string> {
  const name = spec.metadata!.name!;
  await core.createNamespacedPod({ namespace: ns.name, body: spec });
  const phase = await waitFor(
    kc,
    watchPods(kc, ns.name),
    (pods) => {
      const p = pods.find((x) => x.metadata?.name === name)?.status?.phase;
      return p === 'Succeeded' || p === 'Failed' ? p : undefined;
    },
    { description: `pod ${name} to finish`, timeoutMs: 120_000 },
  );
  const log = await core.readNamespacedPodLog({ namespace: ns.name, name });
  expect({ phase, log }).toEqual({ phase: 'Succeeded', log: expect.any(String) });
  return log;
}

beforeAll(async () => {
  ({ kc, node } = await ensureRealNode());
  core = kc.makeApiClient(CoreV1Api);
  ns = await createTestNamespace(kc, 'real-storage', {
    'pod-security.kubernetes.io/enforce': 'restricted',
    'pod-security.kubernetes.io/enforce-version': 'latest',
  });
}, 60 * 60_000);

afterAll(async () => {
  await ns?.remove({ wait: false });
});

describe('StorageClass real-node (local-path-provisioner on the real node)', () => {
  let volumeName = '';
  let folder = '';
  const proof = `written on the real node ${Date.now()}`;

  test('is the provisioner’s, binds on first use, deletes with the claim, and is not the default', async () => {
    const sc = await kc.makeApiClient(StorageV1Api).readStorageClass({ name: CLASS });
    expect(sc).toMatchObject({
      provisioner: 'rancher.io/local-path',
      volumeBindingMode: 'WaitForFirstConsumer',
      reclaimPolicy: 'Delete',
    });
    expect(sc.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class']).not.toBe('true');
  });

  test('a claim binds once a non-root pod on the node uses it; the pod writes a file a second pod reads back', async () => {
    await core.createNamespacedPersistentVolumeClaim({
      namespace: ns.name,
      body: {
        metadata: { name: 'data' },
        spec: { storageClassName: CLASS, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      },
    });
    // WaitForFirstConsumer: nothing is provisioned before a pod needs it.
    expect((await core.readNamespacedPersistentVolumeClaim({ namespace: ns.name, name: 'data' })).status?.phase).toBe('Pending');

    const written = await runToEnd(
      pod('writer', `set -e; mkdir /data/dir; echo '${proof}' > /data/dir/proof; id -u; cat /data/dir/proof`),
    );
    expect(written.trim().split('\n')).toEqual([String(UID), proof]);

    const claim = await core.readNamespacedPersistentVolumeClaim({ namespace: ns.name, name: 'data' });
    expect(claim.status?.phase).toBe('Bound');
    volumeName = claim.spec!.volumeName!;
    const pv = await core.readPersistentVolume({ name: volumeName });
    // On the real node, in the node's own volumes folder.
    expect(pv.spec?.nodeAffinity?.required?.nodeSelectorTerms?.[0]?.matchExpressions?.[0]).toMatchObject({
      key: 'kubernetes.io/hostname',
      values: [node.name],
    });
    folder = pv.spec!.hostPath!.path!;
    expect(path.dirname(folder)).toBe(VOLUMES);
    // The node's folders are this machine's: the file is there, owned by the pod's user.
    expect(readFileSync(path.join(folder, 'dir/proof'), 'utf8').trim()).toBe(proof);
    expect(statSync(path.join(folder, 'dir/proof')).uid).toBe(UID);

    expect((await runToEnd(pod('reader', 'cat /data/dir/proof'))).trim()).toBe(proof);
  });

  test('deleting the claim deletes its volume and the folder, files of other users included', async () => {
    expect(folder).not.toBe('');
    await core.deleteCollectionNamespacedPod({ namespace: ns.name, gracePeriodSeconds: 0 });
    await core.deleteNamespacedPersistentVolumeClaim({ namespace: ns.name, name: 'data' });
    await waitFor(kc, watchVolumes(kc), (pvs) => (pvs.some((v) => v.metadata?.name === volumeName) ? undefined : true), {
      description: `PersistentVolume ${volumeName} to be deleted`,
      timeoutMs: 120_000,
    });
    // The provisioner deletes the PV only after its teardown helper pod removed the folder.
    expect(existsSync(folder)).toBe(false);
  });
});
