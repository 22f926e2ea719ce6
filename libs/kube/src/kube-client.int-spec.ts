/**
 * libs/kube against the real kube-apiserver of the local control plane.
 */
import { CoreV1Api, KubeConfig, type V1ConfigMap, type V1Namespace } from '@kubernetes/client-node';
import {
  CLUSTER_START_TIMEOUT_MS,
  createTestNamespace,
  deleteNamespace,
  ensureCluster,
  type TestNamespace,
} from '@storefleet/testing';

import { KubeError } from './errors.js';
import { KubeClient } from './kube-client.js';
import { RESOURCES } from './resources.js';
import { waitFor, WaitTimeoutError } from './watch.js';

const options = { qps: 50, burst: 50, fieldManager: 'storefleet-worker', requestTimeoutMs: 10_000 };

describe('KubeClient on a real API server', () => {
  let admin: KubeConfig;
  let namespace: TestNamespace;
  let kube: KubeClient;
  const extraNamespaces: string[] = [];

  beforeAll(async () => {
    admin = await ensureCluster();
    namespace = await createTestNamespace(admin, 'kube-client');
    kube = new KubeClient(admin, options);
  }, CLUSTER_START_TIMEOUT_MS);

  afterAll(async () => {
    await namespace?.remove();
    await Promise.all(extraNamespaces.map((name) => deleteNamespace(admin, name).catch(() => undefined)));
  }, 120_000);

  const configMap = (data: Record<string, string>): V1ConfigMap => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace: namespace.name },
    data,
  });

  it('server-side applies: creates, then updates in place, then changes nothing', async () => {
    const first = await kube.apply(configMap({ a: '1' }));
    expect(first.created).toBe(true);
    const second = await kube.apply(configMap({ a: '2' }));
    expect(second).toMatchObject({ created: false, object: { data: { a: '2' } } });
    const third = await kube.apply(configMap({ a: '2' }));
    expect(third.object.metadata?.resourceVersion).toBe(second.object.metadata?.resourceVersion);
    expect(third.object.metadata?.managedFields?.map((f) => f.manager)).toEqual(['storefleet-worker']);
  });

  it('creates if absent, reads null for what is missing, and deletes repeatably', async () => {
    const object = { ...configMap({ b: '1' }), metadata: { name: 'once', namespace: namespace.name } };
    expect(await kube.createIfAbsent(object)).toBe('created');
    expect(await kube.createIfAbsent({ ...object, data: { b: 'changed' } })).toBe('exists');
    const ref = { ...RESOURCES.Namespace, apiVersion: 'v1', kind: 'ConfigMap', name: 'once', namespace: namespace.name };
    expect((await kube.read<V1ConfigMap>(ref))?.data).toEqual({ b: '1' });
    expect(await kube.delete(ref)).toBe('deleted');
    expect(await kube.delete(ref)).toBe('absent');
    expect(await kube.read(ref)).toBeNull();
  });

  it('classifies an invalid manifest as permanent, without retrying it', async () => {
    const before = kube.requestCount;
    const error = await kube
      .apply({ ...configMap({ 'not a valid key!': 'x' }), metadata: { name: 'invalid', namespace: namespace.name } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeError);
    expect(error).toMatchObject({ kind: 'permanent', status: 422, reason: 'Invalid' });
    expect(kube.requestCount - before).toBeLessThanOrEqual(2); // one apply (and possibly one discovery request)
  });

  it('classifies a quota refusal as permanent, with the API server’s reason', async () => {
    await kube.apply({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'tiny', namespace: namespace.name },
      spec: { hard: { configmaps: '2' } },
    });
    // kube-root-ca.crt and "settings" already use the two allowed. The API server enforces the
    // quota once the quota controller has counted them, and its admission may go on answering from
    // a "no quota in this namespace" lookup cached for up to 30 s: until the refusal comes, a
    // "third" that got through is removed and created again.
    const third = { ...configMap({}), metadata: { name: 'third', namespace: namespace.name } };
    const thirdRef = { apiVersion: 'v1', kind: 'ConfigMap', name: 'third', namespace: namespace.name };
    const deadline = Date.now() + 60_000;
    let error: unknown;
    while (!(error instanceof KubeError && error.kind === 'permanent') && Date.now() < deadline) {
      error = await kube.createIfAbsent(third).catch((e: unknown) => e);
      if (error === 'created') await kube.delete(thirdRef);
      if (!(error instanceof KubeError && error.kind === 'permanent')) await new Promise((r) => setTimeout(r, 500));
    }
    expect(error).toMatchObject({ kind: 'permanent', status: 403 });
    expect((error as Error).message).toContain('exceeded quota');
  }, 90_000);

  it('paces requests with its token bucket', async () => {
    const slow = new KubeClient(admin, { ...options, qps: 5, burst: 1 });
    const ref = { apiVersion: 'v1', kind: 'Namespace', name: namespace.name };
    const started = Date.now();
    for (let i = 0; i < 6; i++) await slow.read(ref);
    // One token at once, then five more at five a second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(slow.requestCount).toBe(6);
  });

  it('waits with a watch that outlives the server closing it, until the condition holds', async () => {
    const name = `t-watched-${Date.now().toString(36)}`;
    extraNamespaces.push(name);
    setTimeout(
      () =>
        void admin
          .makeApiClient(CoreV1Api)
          .createNamespace({ body: { metadata: { name, labels: { 'storefleet.dev/test': 'true' } } } }),
      3_500,
    );
    const started = Date.now();
    const requestsBefore = kube.requestCount;
    const seen = await waitFor<V1Namespace, string>(
      kube,
      { type: RESOURCES.Namespace, fieldSelector: `metadata.name=${name}` },
      (found) => found.get(name)?.metadata?.uid,
      { deadline: Date.now() + 30_000, description: 'the namespace', watchSeconds: 1 },
    );
    expect(seen).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
    // One list, then a watch resumed each time the server ended it (one a second).
    expect(kube.requestCount - requestsBefore).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it('keeps retrying an unreachable API server with backoff and gives up only at its deadline', async () => {
    const unreachable = new KubeConfig();
    unreachable.loadFromOptions({
      clusters: [{ name: 'nowhere', server: 'https://127.0.0.1:1', skipTLSVerify: true }],
      users: [{ name: 'nobody', token: 'x' }],
      contexts: [{ name: 'nowhere', cluster: 'nowhere', user: 'nobody' }],
      currentContext: 'nowhere',
    });
    const client = new KubeClient(unreachable, { ...options, retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 } });
    const restarts: string[] = [];
    const started = Date.now();
    const error = await waitFor(client, { type: RESOURCES.Namespace }, () => undefined, {
      deadline: Date.now() + 4_000,
      description: 'an unreachable cluster',
      onRestart: (why) => restarts.push(why),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_900);
    expect(restarts.length).toBeGreaterThanOrEqual(2);
    expect(restarts[0]).toMatch(/ECONNREFUSED|fetch failed|network/);
  }, 30_000);

  describe('reachable()', () => {
    /** The admin's kubeconfig with another server (a port nothing listens on) or another token. */
    const variant = (change: (text: string) => string) => {
      const config = new KubeConfig();
      config.loadFromString(change(admin.exportConfig()));
      return config;
    };
    const server = () => admin.getCurrentCluster()!.server;

    it('says the cluster answers, even when it refuses the credentials', async () => {
      expect(await kube.reachable()).toEqual({ reachable: true });
      const refused = variant((text) =>
        text.replace(/client-key-data: .*/, '').replace(/client-certificate-data: .*/, 'token: refused-on-purpose'),
      );
      expect(await new KubeClient(refused, options).reachable()).toEqual({ reachable: true });
    });

    it('says why a server that does not answer is unreachable, and switches to credentials that changed', async () => {
      const closed = variant((text) => text.replace(server(), 'https://127.0.0.1:1'));
      expect(await new KubeClient(closed, options).reachable()).toEqual({
        reachable: false,
        reason: expect.stringMatching(/^https:\/\/127\.0\.0\.1:1: /),
      });
      let current = closed;
      const following = new KubeClient(closed, { ...options, reloadConfig: () => current });
      expect((await following.reachable()).reachable).toBe(false); // read again: unchanged
      current = admin;
      expect(await following.reachable()).toEqual({ reachable: true });
      expect(following.kubeConfig.getCurrentCluster()!.server).toBe(server());
      expect(
        (await following.list(RESOURCES.Namespace, { fieldSelector: `metadata.name=${namespace.name}` })).items,
      ).toHaveLength(1);
    });
  });
});
