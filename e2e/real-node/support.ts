/**
 * Shared by the real-node tests (e2e/real-node): the real node of the local
 * cluster (npm run cluster:up -- --real-node, scripts/cluster/real-node), the
 * images built here (npm run images) and HTTP through the node's ingress
 * controller (traefik, on the host's loopback).
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { CoreV1Api, type KubeConfig, StorageV1Api, type V1Pod } from '@kubernetes/client-node';
import { ensureCluster, type RealNode, realNodeConfig, repoRoot } from '@storefleet/testing';

// The node's settings and HTTP through its ingress live in libs/testing (the real-node benchmark uses them too).
export { type IngressResponse, type RealNode, realNodeConfig, viaIngress } from '@storefleet/testing';

const exec = promisify(execFile);

async function bash(script: string, timeoutMs = 120_000): Promise<string> {
  const { stdout } = await exec('bash', ['-c', script], { cwd: repoRoot, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** The local cluster with its real node Ready (started if needed). */
export async function ensureRealNode(): Promise<{ kc: KubeConfig; node: RealNode }> {
  process.env.STOREFLEET_REAL_NODE = '1';
  const kc = await ensureCluster();
  const node = await realNodeConfig();
  const ready = async () => {
    const { items } = await kc.makeApiClient(CoreV1Api).listNode();
    const real = items.find((n) => n.metadata?.name === node.name);
    return real?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  };
  if (!(await ready())) {
    // The control plane runs but its real node does not: start it (idempotent).
    await bash('bash scripts/cluster/up.sh --real-node', 60 * 60_000);
    if (!(await ready())) throw new Error(`The real node ${node.name} is not Ready after npm run cluster:up -- --real-node`);
  }
  await noPressure(kc, node.name);
  return { kc, node };
}

/**
 * Waits out the kubelet's disk, memory or PID pressure (it keeps the condition
 * 5 min after the cause went), else fails with the reason: under pressure the
 * node refuses every pod and garbage-collects the imported images, so a helm
 * install would only time out 10 min later with Pending pods.
 */
async function noPressure(kc: KubeConfig, name: string, timeoutMs = 7 * 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const real = await kc.makeApiClient(CoreV1Api).readNode({ name });
    const pressed = (real.status?.conditions ?? []).filter((c) => c.type.endsWith('Pressure') && c.status === 'True');
    if (pressed.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(
        `The real node ${name} reports ${pressed.map((c) => `${c.type} (${c.message ?? c.reason ?? ''})`).join(', ')}: ` +
          "it shares this machine's disk and memory; free some (e.g. old image archives in ~/.cache/storefleet/images) and run again",
      );
    }
    await new Promise((r) => setTimeout(r, 10_000));
  }
}

export type ImageName = 'api' | 'worker' | 'dashboard' | 'medusa' | 'postgres' | 'redis' | 'nginx-unprivileged' | 'curl';

/** Builds (or finds in the cache) the images and imports them into the node; returns their references. */
export async function ensureImages(names: ImageName[]): Promise<Record<ImageName, string>> {
  // The references exactly as built and imported: hashing the tree again later would give other tags
  // if a source changed while the build ran.
  const dir = mkdtempSync(path.join(tmpdir(), 'sf-image-refs-'));
  try {
    const file = path.join(dir, 'refs');
    await bash(`bash scripts/images/build.sh --refs-out=${file} ${names.join(' ')}`, 90 * 60_000);
    const refs = Object.fromEntries(
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split('=') as [string, string]),
    );
    return refs as Record<ImageName, string>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** [repository, tag] of a reference such as localhost/storefleet/api:0123abcd. */
export function splitRef(ref: string): { repository: string; tag: string } {
  const at = ref.lastIndexOf(':');
  return { repository: ref.slice(0, at), tag: ref.slice(at + 1) };
}

/** Gives an image of the node's containerd a second reference (as a registry would serve a new tag); returns a remover. */
export async function tagOnNode(ref: string, newRef: string): Promise<() => Promise<void>> {
  await bash(`bash scripts/cluster/real-node/ctr.sh images tag --force '${ref}' '${newRef}'`);
  return async () => {
    await bash(`bash scripts/cluster/real-node/ctr.sh images rm '${newRef}'`).catch(() => undefined);
  };
}

/** IDs of the containers the node's containerd holds for pods of a namespace (CRI labels them). */
export async function nodeContainersOf(namespace: string): Promise<string[]> {
  const out = await bash(
    `bash scripts/cluster/real-node/ctr.sh containers ls -q 'labels."io.kubernetes.pod.namespace"==${namespace}'`,
  );
  return out.split('\n').filter(Boolean);
}

/** Chromium flags that send every test host to the ingress controller on loopback. */
export function hostResolverArgs(): string[] {
  return ['--host-resolver-rules=MAP *.localtest.me 127.0.0.1'];
}

export function podSummary(pods: readonly V1Pod[]): string[] {
  return pods.map(
    (p) =>
      `${p.metadata?.name} ${p.status?.phase} node=${p.spec?.nodeName} ready=${p.status?.conditions?.find((c) => c.type === 'Ready')?.status}`,
  );
}

export const E2E_DIR = path.join(repoRoot, 'e2e/real-node');

/**
 * Volumes for real pods. The local cluster's default class is the in-tree
 * hostPath provisioner, whose folders are root-owned (0750) and get no fsGroup:
 * a non-root Postgres or Redis (uid 999, as in the official images) cannot
 * write them. This class has a pool of pre-made PersistentVolumes instead, each
 * an empty, writable folder of this checkout that the real node mounts.
 */
export async function createVolumePool(kc: KubeConfig, name: string, count: number): Promise<() => Promise<void>> {
  const storage = kc.makeApiClient(StorageV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  const root = path.join(repoRoot, '.local/real-node-volumes', name);
  await storage.createStorageClass({
    body: {
      metadata: { name, labels: { 'storefleet.dev/test': 'true' } },
      provisioner: 'kubernetes.io/no-provisioner',
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'Immediate',
    },
  });
  for (let i = 0; i < count; i++) {
    const dir = path.join(root, `pv-${i}`);
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o777);
    await core.createPersistentVolume({
      body: {
        metadata: { name: `${name}-${i}`, labels: { 'storefleet.dev/volume-pool': name } },
        spec: {
          storageClassName: name,
          capacity: { storage: '20Gi' },
          accessModes: ['ReadWriteOnce'],
          persistentVolumeReclaimPolicy: 'Retain',
          hostPath: { path: dir, type: 'Directory' },
        },
      },
    });
  }
  return async () => {
    await core.deleteCollectionPersistentVolume({ labelSelector: `storefleet.dev/volume-pool=${name}` }).catch(() => undefined);
    await storage.deleteStorageClass({ name }).catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  };
}
