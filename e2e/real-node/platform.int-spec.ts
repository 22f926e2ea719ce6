/**
 * The platform on the real node: containers really run (kubelet, containerd,
 * runc), Services and DNS really resolve, NetworkPolicies really drop packets
 * and traefik really routes. Nothing here is simulated by KWOK.
 *
 * The store-platform chart is installed with `helm install --wait` from the
 * images built here (npm run images: the project's api, worker, dashboard and
 * medusa images; Postgres and Redis are Debian stand-ins, docker/standins),
 * every pod on the real node. Then, in order of value: the dashboard signed
 * in through the ingress in Chromium; a Medusa store created through the
 * installed API and provisioned by the worker pod; its NetworkPolicies on real
 * packets; the store suspended, resumed and upgraded; backed up to the local
 * S3 server, restored and cloned through the dashboard; a worker killed
 * mid-provisioning; a store deleted; a store whose image does not exist; helm
 * upgrade and rollback.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { AppsV1Api, BatchV1Api, CoreV1Api, DiscoveryV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { BackupView, StoreEventView, StoreView, TokenResponse } from '@storefleet/contracts';
import { helm, helmOk, kubectl, launchHeadlessChromium, TEST_NAMESPACE_LABEL, uniqueSuffix } from '@storefleet/testing';
import type { Browser, Page } from 'playwright-core';

import {
  createVolumePool,
  ensureImages,
  ensureRealNode,
  hostResolverArgs,
  type ImageName,
  nodeContainersOf,
  podSummary,
  type RealNode,
  splitRef,
  tagOnNode,
  viaIngress,
} from './support.js';

const suffix = uniqueSuffix();
const namespace = `sf-real-${suffix}`;
const release = 'sf';
const prefix = 'sf-store-platform';
const host = `storefleet-${suffix}.localtest.me`;
const ADMIN_EMAIL = 'admin@storefleet.localtest.me';
const HELM_WAIT = ['--wait', '--timeout', '10m'];
const chartDir = path.join(import.meta.dirname, '../../helm/store-platform');

let kc: KubeConfig;
let node: RealNode;
let images: Record<ImageName, string>;
let valuesDir: string;
let valuesFile: string;
let dropVolumes: (() => Promise<void>) | undefined;
let dropNextMedusa: (() => Promise<void>) | undefined;
/** The Medusa version stores start on (the built image's tag) and the one they may move to (another tag of it). */
let medusaVersions: { first: string; next: string };
const storageClass = `sf-real-${suffix}`;
/** The release's Secret with the S3 server's credentials (backups.existingSecret). */
const S3_SECRET = 'sf-real-s3';
/** Marks this run's store namespaces, so that cleaning up never touches another installation's. */
const platformInstance = `sf-real-${suffix}`;

function onRealNode(node: RealNode) {
  return {
    nodeSelector: { 'storefleet.dev/real-node': 'true' },
    tolerations: [{ key: 'storefleet.dev/real-node', operator: 'Exists', effect: 'NoSchedule' }],
    // Pods of this release must never land on a simulated node.
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node.name] }] }],
        },
      },
    },
  };
}

/**
 * Where the worker reaches the API server: NetworkPolicies see the Service's
 * endpoint (after kube-proxy's DNAT), here the local apiserver's own port.
 */
async function apiServerEndpoint(): Promise<{ cidr: string; port: number }> {
  const slices = await kc.makeApiClient(DiscoveryV1Api).listNamespacedEndpointSlice({
    namespace: 'default',
    labelSelector: 'kubernetes.io/service-name=kubernetes',
  });
  const slice = slices.items[0]!;
  return { cidr: `${slice.endpoints![0]!.addresses[0]!}/32`, port: slice.ports![0]!.port! };
}

/** Values for this cluster: local images (pulled never), every pod on the real node, traefik as the ingress. */
function platformValues(apiServer: { cidr: string; port: number }): Record<string, unknown> {
  const image = (name: ImageName) => ({ ...splitRef(images[name]), pullPolicy: 'Never' });
  const placed = onRealNode(node);
  const small = (cpu: string, memory: string) => ({ requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu, memory } });
  return {
    config: { logLevel: 'info' },
    admin: { email: ADMIN_EMAIL },
    stores: {
      baseDomain: 'localtest.me',
      ingressClassName: node.ingressClass,
      ingressNamespace: node.ingressNamespace,
      realNode: true,
      platformInstance,
      storageClassName: storageClass,
      provisioningDeadlineSeconds: 900,
      pausedPageImage: images['nginx-unprivileged'],
      engines: {
        medusa: {
          image: images.medusa,
          postgresImage: images.postgres,
          redisImage: images.redis,
          versions: [medusaVersions.first, medusaVersions.next],
        },
      },
    },
    api: { replicaCount: 1, image: image('api'), resources: small('1', '512Mi'), ...placed },
    worker: { replicaCount: 1, image: image('worker'), resources: small('1', '512Mi'), ...placed },
    dashboard: { replicaCount: 1, image: image('dashboard'), resources: small('200m', '64Mi'), ...placed },
    postgresql: {
      image: image('postgres'),
      persistence: { size: '1Gi', storageClassName: storageClass },
      resources: small('1', '512Mi'),
      ...placed,
    },
    redis: {
      image: image('redis'),
      persistence: { size: '1Gi', storageClassName: storageClass },
      resources: small('500m', '160Mi'),
      ...placed,
    },
    ingress: { enabled: true, className: node.ingressClass, host, annotations: {}, apiAnnotations: {} },
    // The local S3 server (scripts/services/s3.sh), reached from the node's pods through its S3 relay.
    backups: {
      enabled: true,
      endpoint: node.s3Endpoint,
      region: process.env.S3_REGION,
      bucket: process.env.S3_BUCKET,
      forcePathStyle: true,
      existingSecret: S3_SECRET,
      endpointCidrs: [`${node.ip}/32`],
      transferImage: images.curl,
      // Only the backup the suite takes: no scheduled ones beside the other tests' pods.
      scheduleCheckSeconds: 0,
    },
    networkPolicy: {
      enabled: true,
      ingressController: {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': node.ingressNamespace } },
        podSelector: {},
      },
      kubeApiServerPorts: [443, apiServer.port],
      kubeApiServerCidrs: [apiServer.cidr],
    },
  };
}

async function listPods(ns = namespace): Promise<V1Pod[]> {
  return (await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: ns })).items;
}

const isReady = (pod: V1Pod) => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

async function adminPassword(): Promise<string> {
  const secret = await kc.makeApiClient(CoreV1Api).readNamespacedSecret({ name: `${prefix}-app`, namespace });
  return Buffer.from(secret.data!['admin-password']!, 'base64').toString();
}

async function api<T>(
  method: string,
  urlPath: string,
  token: string | null,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await viaIngress(node, host, `/api/v1${urlPath}`, {
    method,
    body,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.status, body: (res.body ? JSON.parse(res.body) : null) as T };
}

async function signIn(): Promise<string> {
  const res = await api<TokenResponse>('POST', '/auth/login', null, { email: ADMIN_EMAIL, password: await adminPassword() });
  expect(res.status).toBe(200);
  return res.body.accessToken;
}

/**
 * Requests the API and the dashboard through the ingress back to back until
 * stopped, and reports what did not answer 200: a rolling update must not
 * drop a request (api.drainSeconds, dashboard.drainSeconds).
 */
function watchIngress(maxMs = 15 * 60_000): { stop: () => Promise<{ requests: number; failures: string[] }> } {
  const deadline = Date.now() + maxMs;
  let stopped = false;
  let requests = 0;
  const failures: string[] = [];
  const loop = (async () => {
    // Bounded, so a test that fails before stop() leaves nothing polling.
    while (!stopped && Date.now() < deadline) {
      for (const urlPath of ['/api/v1/health', '/']) {
        const status = await viaIngress(node, host, urlPath).then(
          (res) => String(res.status),
          (error: unknown) => String(error),
        );
        requests += 1;
        if (status !== '200') failures.push(`${new Date().toISOString()} ${urlPath}: ${status}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return { requests, failures };
    },
  };
}

/** Until the replaced API and dashboard pods are gone (they drain after helm --wait returns). */
async function oldFrontPodsGone(): Promise<void> {
  await until('the replaced API and dashboard pods to stop', 120_000, async () =>
    (await listPods()).some(
      (p) =>
        ['api', 'dashboard'].includes(p.metadata?.labels?.['app.kubernetes.io/component'] ?? '') && p.metadata?.deletionTimestamp,
    )
      ? undefined
      : true,
  );
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `${what}: not within ${timeoutMs / 1000}s${last ? ` (last error: ${last instanceof Error ? last.message : JSON.stringify(last)})` : ''}`,
      );
    await new Promise((r) => setTimeout(r, 2000));
  }
}

beforeAll(async () => {
  ({ kc, node } = await ensureRealNode());
  images = await ensureImages(['api', 'worker', 'dashboard', 'medusa', 'postgres', 'redis', 'nginx-unprivileged', 'curl']);
  const medusa = splitRef(images.medusa);
  medusaVersions = { first: medusa.tag, next: `${medusa.tag}-next` };
  dropNextMedusa = await tagOnNode(images.medusa, `${medusa.repository}:${medusaVersions.next}`);
  dropVolumes = await createVolumePool(kc, storageClass, 16);
  valuesDir = mkdtempSync(path.join(tmpdir(), 'sf-real-values-'));
  valuesFile = path.join(valuesDir, 'values.json');
  writeFileSync(valuesFile, JSON.stringify(platformValues(await apiServerEndpoint()), null, 2));
  await kc.makeApiClient(CoreV1Api).createNamespace({
    body: {
      metadata: {
        name: namespace,
        // The release namespace enforces Pod Security "restricted", as docs/deploy.md has users create it (the chart checks).
        labels: {
          [TEST_NAMESPACE_LABEL]: 'true',
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'latest',
        },
      },
    },
  });
  await kc.makeApiClient(CoreV1Api).createNamespacedSecret({
    namespace,
    body: {
      metadata: { name: S3_SECRET },
      stringData: { 'access-key-id': process.env.S3_ACCESS_KEY_ID!, 'secret-access-key': process.env.S3_SECRET_ACCESS_KEY! },
    },
  });
}, 120 * 60_000);

afterAll(async () => {
  if (process.env.KEEP_REAL_NODE_RELEASE === '1') return;
  await helm(['uninstall', release, '--namespace', namespace, '--wait', '--timeout', '3m']);
  // Store namespaces left by the stores this run created, then the release's own.
  await kubectl(['delete', 'namespace', '-l', `storefleet.dev/instance=${platformInstance}`, '--timeout=5m'], undefined, 330_000);
  await kubectl(['delete', 'namespace', namespace, '--ignore-not-found', '--timeout=3m'], undefined, 200_000);
  if (valuesDir) rmSync(valuesDir, { recursive: true, force: true });
  await dropVolumes?.();
  await dropNextMedusa?.();
}, 600_000);

describe('the platform chart on real pods', () => {
  test(
    'helm install --wait with the bundled Postgres and Redis: every pod Running and Ready on the real node, schema migrated first',
    async () => {
      const started = Date.now();
      await helmOk(['install', release, chartDir, '--namespace', namespace, '-f', valuesFile, ...HELM_WAIT], 11 * 60_000);
      console.log(`helm install --wait took ${Math.round((Date.now() - started) / 1000)}s`);

      const pods = await listPods();
      const summary = podSummary(pods);
      expect(pods.map((p) => p.metadata?.labels?.['app.kubernetes.io/component']).sort()).toEqual([
        'api',
        'dashboard',
        'postgresql',
        'redis',
        'worker',
      ]);
      for (const pod of pods) {
        expect({ pod: pod.metadata?.name, node: pod.spec?.nodeName, phase: pod.status?.phase, ready: isReady(pod) }).toEqual({
          pod: pod.metadata?.name,
          node: node.name,
          phase: 'Running',
          ready: true,
        });
        // Really started by containerd: a container ID and a start time from the kubelet.
        for (const status of pod.status?.containerStatuses ?? []) {
          expect(status.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
          expect(status.state?.running?.startedAt).toBeDefined();
          expect(status.imageID).toMatch(/sha256:[0-9a-f]{64}/);
        }
      }
      // The API and worker pods migrated before they started (their `migrate` init containers succeeded),
      // and exactly one of them applied the migrations.
      const migrateLogs: string[] = [];
      for (const pod of pods.filter((p) =>
        ['api', 'worker'].includes(p.metadata?.labels?.['app.kubernetes.io/component'] ?? ''),
      )) {
        const migrate = pod.status?.initContainerStatuses?.find((s) => s.name === 'migrate');
        expect({ summary, exitCode: migrate?.state?.terminated?.exitCode }).toEqual({ summary, exitCode: 0 });
        migrateLogs.push((await kubectl(['logs', '-n', namespace, pod.metadata!.name!, '-c', 'migrate'])).stdout.trim());
      }
      expect(migrateLogs.filter((line) => /^applied \d+ migration/.test(line))).toHaveLength(1);
      expect(migrateLogs.filter((line) => line === 'database is up to date')).toHaveLength(1);
    },
    12 * 60_000,
  );

  test('the API answers through the ingress and the first admin exists', async () => {
    const health = await viaIngress(node, host, '/api/v1/ready');
    expect(health.status).toBe(200);
    const token = await signIn();
    const me = await api<{ email: string; role: string }>('GET', '/auth/me', token);
    expect(me.body).toMatchObject({ email: ADMIN_EMAIL, role: 'admin' });
  });

  test('an admin signs in to the dashboard through the ingress in Chromium', async () => {
    await inDashboard(async () => {
      // Served by the dashboard image's nginx (the nginx-unprivileged stand-in), not by the API.
      const index = await viaIngress(node, host, '/');
      expect(index.status).toBe(200);
      expect(index.headers['cache-control']).toBe('no-cache');
    });
  }, 120_000);
});

/** Debian's Chromium, headless, resolving the test's host names to the ingress. */
function launchChromium(): Promise<Browser> {
  return launchHeadlessChromium(hostResolverArgs());
}

/** The installed dashboard through the ingress, signed in as the admin in Chromium; `work` gets the page on the store list. */
async function inDashboard<T>(work: (page: Page) => Promise<T>): Promise<T> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`http://${host}:${node.ingressPort}/`);
    await page.waitForURL('**/sign-in');
    await page.getByLabel('Email').fill(ADMIN_EMAIL);
    await page.getByLabel('Password').fill(await adminPassword());
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Stores', level: 1 }).waitFor({ timeout: 30_000 });
    return await work(page);
  } finally {
    await browser.close();
  }
}

/** From the store list to the store's page, as a user goes there. */
async function openStorePage(page: Page, store: StoreView): Promise<void> {
  await page.getByRole('link', { name: store.name, exact: true }).click();
  await page.getByRole('heading', { name: 'Backups', level: 2 }).waitFor({ timeout: 30_000 });
}

/** Places an order through the store's storefront in Chromium (through the ingress); resolves with the order's id. */
async function placeOrder(store: StoreView, email: string): Promise<string> {
  const storefront = new URL(store.storefrontUrl!);
  const base = `http://${storefront.host}:${node.ingressPort}`;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(base);
    await page.getByRole('link', { name: /Wool Beanie/ }).click();
    await page.getByRole('heading', { name: 'Wool Beanie' }).waitFor();
    await page.getByLabel('Colour').selectOption({ label: 'Navy — €22.00' });
    await page.getByLabel('Quantity').fill('1');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('heading', { name: 'Your cart' }).waitFor();
    await page.getByRole('link', { name: 'Checkout' }).click();
    await page.getByRole('heading', { name: 'Checkout' }).waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('First name').fill('Grace');
    await page.getByLabel('Last name').fill('Hopper');
    await page.getByLabel('Address').fill('Rue de Rivoli 1');
    await page.getByLabel('Postal code').fill('75001');
    await page.getByLabel('City').fill('Paris');
    await page.getByLabel('Country').selectOption('fr');
    await page.getByLabel(/Standard Shipping/).check();
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByRole('heading', { name: 'Thank you for your order!' }).waitFor({ timeout: 60_000 });
    return decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  } finally {
    await browser.close();
  }
}

/** A GET of the store's Medusa admin API, signed in with the store's admin credentials from the platform. */
async function adminGet<T>(token: string, store: StoreView, pathAndQuery: string): Promise<T> {
  const credentials = await api<{ username: string; password: string; adminUrl: string }>(
    'POST',
    `/stores/${store.id}/credentials`,
    token,
  );
  expect(credentials.status).toBe(200);
  const adminHost = new URL(credentials.body.adminUrl ?? store.adminUrl!).host;
  const auth = await viaIngress(node, adminHost, '/auth/user/emailpass', {
    method: 'POST',
    body: { email: credentials.body.username, password: credentials.body.password },
  });
  expect(auth.status).toBe(200);
  const adminToken = (JSON.parse(auth.body) as { token: string }).token;
  const res = await viaIngress(node, adminHost, pathAndQuery, { headers: { authorization: `Bearer ${adminToken}` } });
  expect({ path: pathAndQuery, status: res.status }).toEqual({ path: pathAndQuery, status: 200 });
  return JSON.parse(res.body) as T;
}

/** The store's pods that are not finished Job pods. */
async function livePods(ns: string): Promise<V1Pod[]> {
  return (await listPods(ns)).filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
}

const component = (pod: V1Pod) => pod.metadata?.labels?.['app.kubernetes.io/component'];

describe('a Medusa store provisioned by the worker pod onto the real node', () => {
  let token: string;
  let store: StoreView;
  /** Orders placed in this store so far: they must outlive a suspension and an upgrade. */
  const orders: string[] = [];

  test(
    'created through the installed API, it becomes ready and its storefront answers through the ingress',
    async () => {
      token = await signIn();
      const created = await api<StoreView>('POST', '/stores', token, { name: `shop-${suffix}`, engine: 'medusa' });
      expect(created.status).toBe(202);
      store = created.body;
      const started = Date.now();
      store = await until('the Medusa store to be ready', 15 * 60_000, async () => {
        const s = (await api<StoreView>('GET', `/stores/${store.id}`, token)).body;
        if (s.status === 'failed') throw new Error(`store failed: ${s.statusReason}`);
        return s.status === 'ready' ? s : undefined;
      });
      console.log(`Medusa store ready ${Math.round((Date.now() - started) / 1000)}s after POST /stores`);

      const pods = await listPods(store.namespace);
      for (const pod of pods.filter((p) => p.status?.phase !== 'Succeeded')) {
        expect({ pod: pod.metadata?.name, node: pod.spec?.nodeName, ready: isReady(pod) }).toEqual({
          pod: pod.metadata?.name,
          node: node.name,
          ready: true,
        });
      }
      const storefrontHost = new URL(store.storefrontUrl!).host;
      const home = await viaIngress(node, storefrontHost, '/');
      expect(home.status).toBe(200);
      expect(home.body).toContain('Wool Beanie');
    },
    16 * 60_000,
  );

  test('an order placed through the storefront in Chromium is found through the Medusa admin API', async () => {
    const orderId = await placeOrder(store, 'grace@example.com');
    const order = await adminGet<{ order: { id: string; email: string } }>(
      token,
      store,
      `/admin/orders/${orderId}?fields=id,email,*items`,
    );
    expect(order).toMatchObject({ order: { id: orderId, email: 'grace@example.com' } });
    orders.push(orderId);
  }, 300_000);

  test('the timeline records every pipeline step', async () => {
    const events = (await api<StoreEventView[]>('GET', `/stores/${store.id}/events`, token)).body;
    expect(events.some((e) => e.step === 'wait-ready' && e.outcome === 'succeeded')).toBe(true);
  });

  test(
    'suspended, every pod of the store is gone but the paused page, which the storefront host serves; resumed, it takes an order again',
    async () => {
      expect((await api('POST', `/stores/${store.id}/suspend`, token)).status).toBe(202);
      await waitForStore(token, store.id, 5 * 60_000, 'suspended');
      // Scaled to zero on the node: the only pod left running is the paused page's (nginx stand-in image).
      await until('the store pods to be gone', 3 * 60_000, async () => {
        const left = (await livePods(store.namespace)).map(component);
        return left.length === 1 && left[0] === 'paused' ? true : undefined;
      });
      const paused = (await livePods(store.namespace))[0]!;
      expect({ node: paused.spec?.nodeName, ready: isReady(paused), image: paused.spec?.containers[0]?.image }).toEqual({
        node: node.name,
        ready: true,
        image: images['nginx-unprivileged'],
      });
      const storefrontHost = new URL(store.storefrontUrl!).host;
      const page = await until('the paused page through the ingress', 60_000, async () => {
        const res = await viaIngress(node, storefrontHost, '/');
        return res.status === 503 ? res : undefined;
      });
      expect(page.body).toContain('This shop is paused');
      expect(page.headers['retry-after']).toBe('3600');

      expect((await api('POST', `/stores/${store.id}/resume`, token)).status).toBe(202);
      store = await waitForStore(token, store.id, 10 * 60_000);
      await until('the paused page to be gone', 3 * 60_000, async () =>
        (await livePods(store.namespace)).some((p) => component(p) === 'paused') ? undefined : true,
      );
      await until('the storefront through the ingress', 60_000, async () =>
        (await viaIngress(node, storefrontHost, '/')).status === 200 ? true : undefined,
      );
      // The data was kept: the order from before the suspension is still there, and a new one goes through.
      const orderId = await placeOrder(store, 'ada@example.com');
      orders.push(orderId);
      for (const id of orders) {
        expect((await adminGet<{ order: { id: string } }>(token, store, `/admin/orders/${id}?fields=id`)).order.id).toBe(id);
      }
    },
    20 * 60_000,
  );

  test(
    'upgraded to the next Medusa version, its app and storefront run the new image, the setup Job migrated, and its orders are kept',
    async () => {
      expect(store.engineVersion).toBe(medusaVersions.first);
      const upgrade = await api('POST', `/stores/${store.id}/upgrade`, token, { version: medusaVersions.next });
      expect(upgrade.status).toBe(202);
      store = await until('the upgrade to finish', 10 * 60_000, async () => {
        const s = (await api<StoreView>('GET', `/stores/${store.id}`, token)).body;
        if (s.status === 'degraded' || s.status === 'failed') throw new Error(`upgrade failed: ${s.statusReason}`);
        return s.status === 'ready' && s.engineVersion === medusaVersions.next ? s : undefined;
      });
      const next = `${splitRef(images.medusa).repository}:${medusaVersions.next}`;
      // Rolled: every live pod of the app and the storefront is Ready on the new reference (the old ones are gone).
      await until('the app and storefront pods to run the new version', 3 * 60_000, async () => {
        const app = (await livePods(store.namespace)).filter((p) => ['app', 'storefront'].includes(component(p) ?? ''));
        return app.length >= 2 &&
          app.every((p) => isReady(p) && p.spec?.containers.every((c) => c.image === next) && !p.metadata?.deletionTimestamp)
          ? true
          : undefined;
      });
      // The migrations ran in a setup Job of the new version, which completed.
      const jobs = (await kc.makeApiClient(BatchV1Api).listNamespacedJob({ namespace: store.namespace })).items;
      expect(
        jobs.filter((j) => j.spec?.template.spec?.containers[0]?.image === next && (j.status?.succeeded ?? 0) >= 1),
      ).toHaveLength(1);
      expect((await viaIngress(node, new URL(store.storefrontUrl!).host, '/')).status).toBe(200);
      for (const id of orders) {
        expect((await adminGet<{ order: { id: string } }>(token, store, `/admin/orders/${id}?fields=id`)).order.id).toBe(id);
      }
      const events = (await api<StoreEventView[]>('GET', `/stores/${store.id}/events`, token)).body;
      expect(events.some((e) => e.outcome === 'failed')).toBe(false);
    },
    15 * 60_000,
  );

  /** A URL naming the store's own address, put in a product's metadata before the backup: a clone must rewrite it. */
  const imageUrl = (s: StoreView) => `http://${new URL(s.storefrontUrl!).host}/static/wool-beanie.png`;
  const sql = async (ns: string, query: string) => {
    const db = (await livePods(ns)).find((p) => component(p) === 'database')!;
    const res = await execIn(ns, db.metadata!.name!, `psql -U "$POSTGRES_USER" -d "$POSTGRES_DB" -tAc "${query}"`);
    expect(res).toMatchObject({ code: 0 });
    return res.out;
  };
  const liveOrders = (s: StoreView, id: string) =>
    sql(s.namespace, `SELECT count(*) FROM \\"order\\" WHERE id = '${id}' AND deleted_at IS NULL`);

  test(
    'backed up and restored through the dashboard, by Jobs on the node and the local S3 server: an order deleted after the backup is back, one placed after it is gone',
    async () => {
      const kept = orders[0]!;
      await sql(
        store.namespace,
        `UPDATE product SET metadata = jsonb_build_object('image', '${imageUrl(store)}') WHERE title = 'Wool Beanie'`,
      );

      await inDashboard(async (page) => {
        await openStorePage(page, store);
        await page.getByRole('button', { name: 'Back up now' }).click();
        // The panel reads the list again while the backup runs; Restore is offered once it is completed, which is
        // only once the worker pod read the manifest back from the bucket and it matched.
        const restoreButton = page.getByRole('button', { name: /^Restore the backup of / });
        await restoreButton.waitFor({ timeout: 10 * 60_000 });
        const backups = (await api<{ items: BackupView[] }>('GET', `/stores/${store.id}/backups`, token)).body.items;
        expect(backups.map((b) => ({ trigger: b.trigger, status: b.status }))).toEqual([
          { trigger: 'manual', status: 'completed' },
        ]);
        const backup = backups[0]!;
        expect(backup.objects?.map((o) => o.part)).toContain('database');
        expect(backup.sizeBytes).toBeGreaterThan(0);

        // After the backup: an order is deleted (as Medusa deletes: deleted_at) and a new one is placed.
        await sql(store.namespace, `UPDATE \\"order\\" SET deleted_at = now() WHERE id = '${kept}'`);
        expect(await liveOrders(store, kept)).toBe('0');
        const after = await placeOrder(store, 'linus@example.com');
        expect(await liveOrders(store, after)).toBe('1');

        await restoreButton.click();
        const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
        await dialog.getByRole('button', { name: 'Restore' }).click();
        await dialog.waitFor({ state: 'detached' });
        await until('the store to be restoring', 60_000, async () =>
          ['restoring', 'ready'].includes((await api<StoreView>('GET', `/stores/${store.id}`, token)).body.status)
            ? true
            : undefined,
        );
        store = await waitForStore(token, store.id, 15 * 60_000);
        expect(await liveOrders(store, kept)).toBe('1');
        expect(await liveOrders(store, after)).toBe('0');
      });
      // Ready once its app serves again; the ingress may take a moment to route to the new pod.
      const restored = await until('the restored admin API through the ingress', 60_000, () =>
        adminGet<{ order: { id: string } }>(token, store, `/admin/orders/${kept}?fields=id`),
      );
      expect(restored.order.id).toBe(kept);
      await until('the storefront through the ingress', 3 * 60_000, async () =>
        (await viaIngress(node, new URL(store.storefrontUrl!).host, '/')).status === 200 ? true : undefined,
      );
      const events = (await api<StoreEventView[]>('GET', `/stores/${store.id}/events`, token)).body;
      expect(events.filter((e) => e.outcome === 'failed')).toEqual([]);
      expect(events.some((e) => e.step === 'backup' && e.outcome === 'succeeded')).toBe(true);
      expect(events.some((e) => e.step === 'restore' && e.outcome === 'succeeded')).toBe(true);
    },
    30 * 60_000,
  );

  test(
    "cloned through the dashboard: a new store on the node with its own address (rewritten in its data), the backup's products and orders, and its own admin login",
    async () => {
      const name = `copy-${suffix}`;
      const cloneId = await inDashboard(async (page) => {
        await openStorePage(page, store);
        await page.getByRole('button', { name: /^Clone the backup of / }).click();
        const dialog = page.getByRole('dialog', { name: 'Clone into a new store' });
        await dialog.getByLabel('New store name').fill(name);
        await dialog.getByRole('button', { name: 'Clone' }).click();
        // The dashboard goes to the new store's page.
        await page.waitForURL((url) => /^\/stores\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(store.id));
        await page.getByRole('heading', { name, level: 1 }).waitFor({ timeout: 30_000 });
        return decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
      });
      const started = Date.now();
      const clone = await waitForStore(token, cloneId, 20 * 60_000);
      console.log(`Medusa clone ready ${Math.round((Date.now() - started) / 1000)}s after it was created`);
      try {
        expect(clone).toMatchObject({ name, engine: 'medusa' });
        expect(clone.namespace).not.toBe(store.namespace);
        const cloneHost = new URL(clone.storefrontUrl!).host;
        expect(cloneHost).not.toBe(new URL(store.storefrontUrl!).host);
        expect(cloneHost).toContain(name);

        // The backup's data, at the clone's own address: its storefront lists the products, its admin API the order.
        const home = await until("the clone's storefront through the ingress", 3 * 60_000, async () => {
          const res = await viaIngress(node, cloneHost, '/');
          return res.status === 200 ? res : undefined;
        });
        expect(home.body).toContain('Wool Beanie');
        const kept = orders[0]!;
        expect((await adminGet<{ order: { id: string } }>(token, clone, `/admin/orders/${kept}?fields=id`)).order.id).toBe(kept);
        const products = (s: StoreView) => sql(s.namespace, 'SELECT count(*) FROM product WHERE deleted_at IS NULL');
        expect(await products(clone)).toBe(await products(store));
        // The source's address in the data is the clone's now.
        expect(await sql(clone.namespace, `SELECT metadata->>'image' FROM product WHERE title = 'Wool Beanie'`)).toBe(
          imageUrl(clone),
        );
        expect(await sql(store.namespace, `SELECT metadata->>'image' FROM product WHERE title = 'Wool Beanie'`)).toBe(
          imageUrl(store),
        );

        // Its own admin login: the clone's credentials sign in (adminGet above), the source's do not.
        const source = await api<{ username: string; password: string }>('POST', `/stores/${store.id}/credentials`, token);
        const own = await api<{ username: string; password: string; adminUrl: string }>(
          'POST',
          `/stores/${clone.id}/credentials`,
          token,
        );
        expect(own.body.password).not.toBe(source.body.password);
        const refused = await viaIngress(node, new URL(own.body.adminUrl).host, '/auth/user/emailpass', {
          method: 'POST',
          body: { email: source.body.username, password: source.body.password },
        });
        expect(refused.status).toBe(401);

        const events = (await api<StoreEventView[]>('GET', `/stores/${clone.id}/events`, token)).body;
        expect(events.filter((e) => e.outcome === 'failed')).toEqual([]);
        expect(events.find((e) => e.step === 'restore' && e.outcome === 'succeeded')?.message).toContain(
          `URLs rewritten to //${cloneHost}`,
        );
      } finally {
        // Two Medusa stores are more than the later tests need on the node.
        expect((await api('DELETE', `/stores/${clone.id}`, token)).status).toBe(202);
      }
    },
    30 * 60_000,
  );
});

/** A shell command in a pod's first container; resolves with its exit code and output. */
async function execIn(ns: string, pod: string, script: string): Promise<{ code: number; out: string }> {
  const res = await kubectl(['exec', '-n', ns, pod, '--', 'bash', '-c', script], undefined, 60_000);
  return { code: res.code, out: (res.stdout + res.stderr).trim() };
}

/** Row counts of the objects a Medusa store's setup creates (as e2e/medusa counts them). */
async function medusaCounts(ns: string): Promise<string> {
  const db = (await listPods(ns)).find((p) => p.metadata?.labels?.['app.kubernetes.io/component'] === 'database')!;
  const sql = [
    '(SELECT count(*) FROM product WHERE deleted_at IS NULL)',
    '(SELECT count(*) FROM product_variant WHERE deleted_at IS NULL)',
    '(SELECT count(*) FROM region WHERE deleted_at IS NULL)',
    '(SELECT count(*) FROM sales_channel WHERE deleted_at IS NULL)',
    '(SELECT count(*) FROM api_key WHERE deleted_at IS NULL)',
    '(SELECT count(*) FROM stock_location WHERE deleted_at IS NULL)',
    '(SELECT count(*) FROM shipping_option WHERE deleted_at IS NULL)',
    '(SELECT count(*) FROM "user" WHERE deleted_at IS NULL)',
  ].join(" || ',' || ");
  const res = await execIn(
    ns,
    db.metadata!.name!,
    `psql -U "$POSTGRES_USER" -d "$POSTGRES_DB" -tAc "SELECT ${sql.replace(/"/g, '\\"')}"`,
  );
  expect(res.code).toBe(0);
  return res.out;
}

async function waitForStore(
  token: string,
  id: string,
  timeoutMs: number,
  want: StoreView['status'] = 'ready',
): Promise<StoreView> {
  return until(`store ${id} to be ${want}`, timeoutMs, async () => {
    const s = (await api<StoreView>('GET', `/stores/${id}`, token)).body;
    if (s.status === want) return s;
    if (s.status === 'failed') throw new Error(`store failed: ${s.statusReason}`);
    return undefined;
  });
}

describe('store NetworkPolicies on real packets', () => {
  const other = `store-other-${suffix}`;
  let probe: string;
  let store: StoreView;

  beforeAll(async () => {
    const token = await signIn();
    store = (await api<{ items: StoreView[] }>('GET', '/stores', token)).body.items.find((s) => s.status === 'ready')!;
    // Another store's namespace, as the worker labels them, with a pod that has bash (the Postgres stand-in image).
    await kc.makeApiClient(CoreV1Api).createNamespace({
      body: {
        metadata: {
          name: other,
          labels: {
            [TEST_NAMESPACE_LABEL]: 'true',
            'app.kubernetes.io/managed-by': 'storefleet',
            'storefleet.dev/instance': platformInstance,
          },
        },
      },
    });
    probe = 'probe';
    await kc.makeApiClient(CoreV1Api).createNamespacedPod({
      namespace: other,
      body: {
        metadata: { name: probe },
        spec: {
          ...onRealNode(node),
          terminationGracePeriodSeconds: 0,
          securityContext: { runAsNonRoot: true, runAsUser: 999, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'probe',
              image: images.postgres,
              imagePullPolicy: 'Never',
              command: ['sleep', 'infinity'],
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            },
          ],
        },
      },
    });
    await until('the probe pod to run', 120_000, async () =>
      (await kc.makeApiClient(CoreV1Api).readNamespacedPod({ name: probe, namespace: other })).status?.phase === 'Running'
        ? true
        : undefined,
    );
  }, 180_000);

  afterAll(async () => {
    await kubectl(['delete', 'namespace', other, '--wait=false', '--ignore-not-found']);
  });

  // kube-router rejects what a policy denies (TCP reset: "Connection refused") rather than dropping it (a timeout):
  // either is "closed". That the same Services answer their allowed clients is shown by the store being ready
  // (Medusa reaches its database and cache) and by the storefront answering through the ingress below.
  const connects = (target: string, port: number) =>
    execIn(other, probe, `timeout 4 bash -c '</dev/tcp/${target}/${port}' 2>/dev/null && echo open || echo closed`).then(
      (r) => r.out,
    );

  test('DNS works, the ingress controller is reachable, and the store database, cache, Medusa and storefront are not', async () => {
    const svc = (name: string) => `${name}.${store.namespace}.svc.cluster.local`;
    const dns = await execIn(
      other,
      probe,
      `getent hosts ${svc('postgres')} ${svc('redis')} ${svc('storefront')} ${svc('medusa')}`,
    );
    expect(dns.code).toBe(0);
    expect(dns.out.split('\n')).toHaveLength(4);
    // Control: the probe's own network works (the ingress controller's Service answers it).
    // (The ingress controller has no Service here: its pod, by address and container port.)
    const controller = (await listPods(node.ingressNamespace)).find((p) => p.status?.phase === 'Running')!;
    const controllerPort = controller.spec!.containers[0]!.ports?.[0]?.containerPort ?? 8000;
    expect(await connects(controller.status!.podIP!, controllerPort)).toBe('open');

    expect(await connects(svc('postgres'), 5432)).toBe('closed');
    expect(await connects(svc('redis'), 6379)).toBe('closed');
    expect(await connects(svc('medusa'), 9000)).toBe('closed');
    expect(await connects(svc('storefront'), 8000)).toBe('closed');
    // ... while the ingress controller reaches the storefront (HTTP 200 through traefik).
    expect((await viaIngress(node, new URL(store.storefrontUrl!).host, '/')).status).toBe(200);
  }, 120_000);
});

describe('the worker pod killed mid-provisioning', () => {
  test(
    'the store still becomes ready and no object is created twice',
    async () => {
      const token = await signIn();
      const first = (await api<{ items: StoreView[] }>('GET', '/stores', token)).body.items.find((s) => s.status === 'ready')!;
      const created = (await api<StoreView>('POST', '/stores', token, { name: `crash-${suffix}`, engine: 'medusa' })).body;
      // Kill the worker once the store's workloads are being applied.
      await until('provisioning to reach the store workloads', 10 * 60_000, async () => {
        const events = (await api<StoreEventView[]>('GET', `/stores/${created.id}/events`, token)).body;
        return events.some((e) => ['database', 'application', 'setup'].includes(e.step)) ? true : undefined;
      });
      const worker = (await listPods()).find((p) => p.metadata?.labels?.['app.kubernetes.io/component'] === 'worker')!;
      const killed = await kubectl(['delete', 'pod', '-n', namespace, worker.metadata!.name!, '--grace-period=0', '--force']);
      expect(killed.code).toBe(0);

      const ready = await waitForStore(token, created.id, 15 * 60_000);
      const newWorker = (await listPods()).find((p) => p.metadata?.labels?.['app.kubernetes.io/component'] === 'worker')!;
      expect(newWorker.metadata?.uid).not.toBe(worker.metadata?.uid);
      // One of each object (the setup Job ran to completion once), and the store's data counted like a store set up without a crash.
      const jobs = await kubectl(['get', 'jobs', '-n', ready.namespace, '-o', 'name']);
      expect(jobs.stdout.trim().split('\n')).toHaveLength(1);
      expect(await medusaCounts(ready.namespace)).toBe(await medusaCounts(first.namespace));
    },
    30 * 60_000,
  );
});

describe('deleting a store', () => {
  test(
    'finalises its namespace and leaves no container of it in the node containerd',
    async () => {
      const token = await signIn();
      const victim = (await api<{ items: StoreView[] }>('GET', '/stores', token)).body.items.find(
        (s) => s.name === `crash-${suffix}`,
      )!;
      const before = await nodeContainersOf(victim.namespace);
      expect(before.length).toBeGreaterThan(0);
      expect((await api('DELETE', `/stores/${victim.id}`, token)).status).toBe(202);
      await until('the store namespace to be finalised', 10 * 60_000, async () => {
        const res = await kubectl(['get', 'namespace', victim.namespace, '-o', 'name']);
        return res.code !== 0 && /NotFound/.test(res.stderr) ? true : undefined;
      });
      await until('containerd to drop the store containers', 120_000, async () =>
        (await nodeContainersOf(victim.namespace)).length === 0 ? true : undefined,
      );
    },
    15 * 60_000,
  );
});

describe('helm upgrade and rollback with real pods', () => {
  const logLevel = async () => {
    const deployment = await kc.makeApiClient(AppsV1Api).readNamespacedDeployment({ name: `${prefix}-api`, namespace });
    return deployment.spec?.template.spec?.containers[0]?.env?.find((e) => e.name === 'LOG_LEVEL')?.value;
  };

  test(
    'helm upgrade --wait rolls the API to new, Ready pods without failing a request',
    async () => {
      const before = new Set((await listPods()).map((p) => p.metadata?.uid));
      const upgrade = [
        '--set',
        'config.logLevel=debug',
        // For the next test: a Medusa image that exists nowhere, and a short deadline.
        '--set',
        `stores.engines.medusa.image=localhost/storefleet/medusa:missing-${suffix}`,
        // New stores take the first allowed version's tag of that repository: allow only the missing one.
        '--set',
        `stores.engines.medusa.versions={missing-${suffix}}`,
        '--set',
        'stores.provisioningDeadlineSeconds=90',
      ];
      const watch = watchIngress();
      await helmOk(
        ['upgrade', release, chartDir, '--namespace', namespace, '-f', valuesFile, ...upgrade, ...HELM_WAIT],
        11 * 60_000,
      );
      expect(await logLevel()).toBe('debug');
      const pods = await listPods();
      // Old pods may still be terminating: look at the live ones.
      const api = pods.filter(
        (p) => p.metadata?.labels?.['app.kubernetes.io/component'] === 'api' && !p.metadata?.deletionTimestamp,
      );
      expect(api.length).toBeGreaterThan(0);
      expect(api.filter((p) => !isReady(p) || before.has(p.metadata?.uid)).map((p) => p.metadata?.name)).toEqual([]);
      await oldFrontPodsGone();
      const { requests, failures } = await watch.stop();
      expect(failures).toEqual([]);
      expect(requests).toBeGreaterThan(20);
    },
    12 * 60_000,
  );

  test(
    'a store whose image does not exist fails at its deadline with the kubelet reason on its timeline',
    async () => {
      const token = await signIn();
      const created = (await api<StoreView>('POST', '/stores', token, { name: `noimage-${suffix}`, engine: 'medusa' })).body;
      const failed = await until('the store to fail', 10 * 60_000, async () => {
        const s = (await api<StoreView>('GET', `/stores/${created.id}`, token)).body;
        return s.status === 'failed' ? s : undefined;
      });
      expect(failed.statusReason).toMatch(/ErrImagePull|ImagePullBackOff|ErrImageNeverPull/);
      const events = (await api<StoreEventView[]>('GET', `/stores/${created.id}/events`, token)).body;
      expect(
        events.some((e) => e.outcome === 'failed' && /ErrImagePull|ImagePullBackOff|ErrImageNeverPull/.test(e.message ?? '')),
      ).toBe(true);
      await api('DELETE', `/stores/${created.id}`, token);
    },
    12 * 60_000,
  );

  test(
    'helm rollback --wait returns to the first revision without failing a request, pods Ready, the admin still signs in',
    async () => {
      const watch = watchIngress();
      await helmOk(['rollback', release, '1', '--namespace', namespace, ...HELM_WAIT], 11 * 60_000);
      expect(await logLevel()).toBe('info');
      const pods = await listPods();
      const running = pods.filter((p) => !p.metadata?.deletionTimestamp);
      expect(running.filter((p) => !isReady(p)).map((p) => p.metadata?.name)).toEqual([]);
      await oldFrontPodsGone();
      const { requests, failures } = await watch.stop();
      expect(failures).toEqual([]);
      expect(requests).toBeGreaterThan(20);
      expect(await signIn()).toEqual(expect.any(String));
    },
    12 * 60_000,
  );
});
