import type { KubernetesObject, V1Deployment, V1Ingress, V1NetworkPolicy, V1StatefulSet } from '@kubernetes/client-node';
import { STORE_ENGINES, type StoreEngine } from '@storefleet/contracts';

import { blueprintFor } from '../registry.js';
import { TEST_ENGINE_CONFIG, testStore } from '../testing/fixtures.js';
import { type Blueprint, blueprintObjects, type EngineConfig } from '../types.js';
import { PAUSED_PAGE, PAUSED_PAGE_DEFAULT_IMAGE, PAUSED_PAGE_NGINX_CONF, pausedPageHtml } from './paused-page.js';

const store = (engine: StoreEngine, suspended?: boolean) => testStore(engine, suspended === undefined ? {} : { suspended });
const config: EngineConfig = { ...TEST_ENGINE_CONFIG, tls: { enabled: true, clusterIssuer: 'letsencrypt' } };

const workloads = (bp: Blueprint) =>
  blueprintObjects(bp).filter((o): o is V1Deployment | V1StatefulSet => o.kind === 'Deployment' || o.kind === 'StatefulSet');
const replicasOf = (bp: Blueprint) => Object.fromEntries(workloads(bp).map((w) => [w.metadata!.name!, w.spec!.replicas]));
const ingressOf = (bp: Blueprint) => blueprintObjects(bp).find((o): o is V1Ingress => o.kind === 'Ingress')!;
const backends = (ingress: V1Ingress) => ingress.spec!.rules!.flatMap((r) => r.http!.paths.map((p) => p.backend.service!.name));
const names = (objects: KubernetesObject[]) => objects.map((o) => `${o.kind}/${o.metadata?.name}`).sort();

describe.each(STORE_ENGINES)('the paused page of a %s store', (engine) => {
  const running = blueprintFor(store(engine), config);
  const suspended = blueprintFor(store(engine, true), config);

  it('is part of a running store, scaled to zero, and its Ingress serves the store', () => {
    expect(replicasOf(running)[PAUSED_PAGE.name]).toBe(0);
    const others = Object.entries(replicasOf(running)).filter(([name]) => name !== PAUSED_PAGE.name);
    expect(others.every(([, replicas]) => replicas === 1)).toBe(true);
    expect(backends(ingressOf(running))).not.toContain(PAUSED_PAGE.name);
    expect(running.workloads.map((w) => w.component)).not.toContain('paused');
  });

  it('suspended: every store workload at zero, the page at one, the same objects otherwise', () => {
    const replicas = replicasOf(suspended);
    expect(replicas[PAUSED_PAGE.name]).toBe(1);
    expect(Object.entries(replicas).filter(([name]) => name !== PAUSED_PAGE.name).length).toBeGreaterThanOrEqual(2);
    for (const [name, count] of Object.entries(replicas)) if (name !== PAUSED_PAGE.name) expect(count).toBe(0);
    // Nothing is deleted or added by suspending: claims, Secrets' spec and the setup Job stay as they are.
    expect(names(blueprintObjects(suspended))).toEqual(names(blueprintObjects(running)));
    expect(suspended.secret).toEqual(running.secret);
  });

  it('suspended: the same Ingress (host, class, TLS) sends every path to the page', () => {
    const paused = ingressOf(suspended);
    const live = ingressOf(running);
    expect(paused.metadata!.name).toBe(live.metadata!.name);
    expect(paused.spec!.rules!.map((r) => r.host)).toEqual(live.spec!.rules!.map((r) => r.host));
    expect(paused.spec!.tls).toEqual(live.spec!.tls);
    expect(paused.spec!.ingressClassName).toBe('nginx');
    expect(paused.metadata!.annotations).toMatchObject({ 'cert-manager.io/cluster-issuer': 'letsencrypt' });
    expect(paused.spec!.rules![0]!.http!.paths).toEqual([
      { path: '/', pathType: 'Prefix', backend: { service: { name: PAUSED_PAGE.name, port: { name: 'http' } } } },
    ]);
  });

  it('suspended: the page and the scaled-down workloads are what must exist; the setup Job is not waited for', () => {
    expect(suspended.workloads.map((w) => w.kind)).not.toContain('Job');
    expect(suspended.workloads.map((w) => w.name)).toEqual(
      expect.arrayContaining([PAUSED_PAGE.name, ...running.workloads.filter((w) => w.kind !== 'Job').map((w) => w.name)]),
    );
  });

  it('lets only the ingress controller reach the page, on its port', () => {
    const policy = blueprintObjects(running).find(
      (o): o is V1NetworkPolicy => o.kind === 'NetworkPolicy' && o.metadata!.name === 'allow-ingress-controller-to-paused-page',
    )!;
    expect(policy.spec!.podSelector!.matchLabels).toEqual({
      'app.kubernetes.io/instance': 'acme-shop',
      'app.kubernetes.io/component': 'paused',
    });
    expect(policy.spec!.ingress).toEqual([
      {
        _from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
        ports: [{ protocol: 'TCP', port: PAUSED_PAGE.port }],
      },
    ]);
  });
});

describe('the paused page itself', () => {
  const page = blueprintFor(store('woocommerce', true), config);
  const deployment = blueprintObjects(page).find(
    (o): o is V1Deployment => o.kind === 'Deployment' && o.metadata!.name === PAUSED_PAGE.name,
  )!;
  const pod = deployment.spec!.template.spec!;

  it('runs the configured image (or the pinned default) as a locked-down non-root container', () => {
    expect(pod.containers[0]!.image).toBe(PAUSED_PAGE_DEFAULT_IMAGE);
    const other = blueprintFor(store('woocommerce', true), { ...config, pausedPageImage: 'localhost/storefleet/nginx:1' });
    expect(JSON.stringify(blueprintObjects(other))).toContain('localhost/storefleet/nginx:1');
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 101 });
    expect(pod.containers[0]!.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.containers[0]!.resources!.limits).toEqual({ cpu: '100m', memory: '32Mi' });
  });

  it('answers every path with 503, Retry-After and the page, and names the shop', () => {
    expect(PAUSED_PAGE_NGINX_CONF).toContain('return 503;');
    expect(PAUSED_PAGE_NGINX_CONF).toContain('error_page 503 /index.html;');
    expect(PAUSED_PAGE_NGINX_CONF).toContain(`Retry-After ${PAUSED_PAGE.retryAfterSeconds}`);
    const html = pausedPageHtml(store('medusa'));
    expect(html).toContain('<title>This shop is paused</title>');
    expect(html).toContain('acme-shop is taking a break');
    expect(html).not.toMatch(/<script|https?:\/\//);
  });
});
