/**
 * The real node (scripts/cluster/real-node/): pods on it really run, Services
 * and cluster DNS answer between them, NetworkPolicies drop real packets,
 * traefik routes Ingress Host rules to them, and the host's iptables and
 * kernel settings are exactly as they were before the node started.
 *
 * Restarts the node (real-node/down.sh, then cluster:up --real-node) to
 * compare the host before and after. Skips, loudly, only where the node cannot
 * run at all (not root, or no network namespaces).
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestNamespace, kubeConfigForAdmin, LOCAL_KUBECONFIG, repoRoot, type TestNamespace } from '@storefleet/testing';

const run = promisify(execFile);
const START_TIMEOUT_MS = 60 * 60_000; // a fresh machine first builds the node's binaries

/** The node's settings as its scripts see them (real-node/config.sh). */
function nodeSettings(): Record<string, string> {
  const script = `source scripts/lib.sh && source scripts/cluster/config.sh && source scripts/cluster/real-node/config.sh && env -0`;
  const out = execFileSync('bash', ['-c', script], { cwd: repoRoot, encoding: 'utf8' });
  return Object.fromEntries(
    out
      .split('\0')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

let cachedSettings: Record<string, string> | undefined;
/** One of the node's settings; throws when the scripts do not define it. */
function setting(name: string): string {
  const value = (cachedSettings ??= nodeSettings())[name];
  if (!value) throw new Error(`scripts/cluster/real-node/config.sh defines no ${name}`);
  return value;
}

/** Why the real node cannot run on this machine, or undefined when it can. */
function unavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'the real node needs root (namespaces, cgroups, containerd); this run is not root';
  try {
    execFileSync('unshare', ['--net', '--mount', 'true'], { stdio: 'ignore' });
  } catch {
    return 'this kernel or sandbox refuses new network/mount namespaces (unshare --net --mount failed)';
  }
  return undefined;
}

/** What of the host the node must leave alone, as text to compare. */
function hostState(): Record<string, string> {
  const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '<absent>');
  // The rules, without iptables-save's comment lines (they carry the time).
  const sum = (text: string) =>
    createHash('sha256')
      .update(text.replace(/^#.*\n/gm, ''))
      .digest('hex');
  const state: Record<string, string> = {
    'iptables-save': sum(execFileSync('iptables-save', { encoding: 'utf8' })),
    'ip6tables-save': sum(execFileSync('ip6tables-save', { encoding: 'utf8' })),
  };
  for (const sysctl of [
    'net/ipv4/ip_forward',
    'net/ipv4/conf/all/route_localnet',
    'net/bridge/bridge-nf-call-iptables',
    'vm/overcommit_memory',
    'vm/panic_on_oom',
    'kernel/panic',
    'kernel/panic_on_oops',
    'kernel/keys/root_maxkeys',
    'kernel/keys/root_maxbytes',
  ])
    state[sysctl] = read(`/proc/sys/${sysctl}`);
  for (const dir of [
    '/run/containerd',
    '/var/lib/containerd',
    '/var/lib/kubelet',
    '/var/lib/cni',
    '/var/log/pods',
    '/var/log/containers',
    '/opt/containerd',
  ])
    state[dir] = existsSync(dir) ? 'present' : 'absent';
  return state;
}

let kubectlBin: string | undefined;
async function kubectl(args: string[], input?: string): Promise<string> {
  kubectlBin ??= path.join(setting('CLUSTER_BIN'), `kubernetes-${setting('K8S_VERSION')}`, 'kubectl');
  const child = run(kubectlBin, ['--kubeconfig', LOCAL_KUBECONFIG, ...args], { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  return (await child).stdout;
}

/** Polls until `attempt` resolves to something other than undefined. */
async function eventually<T>(description: string, attempt: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const result = await attempt();
      if (result !== undefined) return result;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${description} did not happen within ${timeoutMs / 1000}s: ${String(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** GET through the ingress relay on the host's loopback, with a Host header. */
function getThroughIngress(port: number, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { host }, timeout: 5_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

const reason = unavailable();
if (reason) {
  // Loud, not silent: the report shows these tests as skipped, and why.
  console.warn(`\n\n*** REAL-NODE TESTS SKIPPED: ${reason} ***\n\n`);
}
const describeRealNode = reason ? describe.skip : describe;

describeRealNode('the real node', () => {
  const busybox = setting('REAL_NODE_BUSYBOX_IMAGE');
  let before: Record<string, string>;
  let during: Record<string, string>;
  let ns: TestNamespace;

  const onRealNode = {
    nodeSelector: { 'storefleet.dev/real-node': 'true' },
    tolerations: [{ key: 'storefleet.dev/real-node', operator: 'Equal', value: 'true', effect: 'NoSchedule' }],
    securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } },
  };
  const container = (name: string, script: string) => ({
    name,
    image: busybox,
    imagePullPolicy: 'Never',
    command: ['/busybox', 'sh', '-c', script],
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    volumeMounts: [{ name: 'www', mountPath: '/www' }],
  });
  const pod = (name: string, labels: Record<string, string>, script: string) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { ...onRealNode, containers: [container(name, script)], volumes: [{ name: 'www', emptyDir: {} }] },
  });
  // (busybox's own `wget -T` crashes in Debian's static build: `timeout` bounds it.)
  /** wget from a pod: the body, or undefined when no answer came (refused, dropped). */
  const fetchFrom = async (from: string, url: string): Promise<string | undefined> => {
    try {
      return await kubectl([
        '-n',
        ns.name,
        'exec',
        from,
        '--',
        '/busybox',
        'timeout',
        '5',
        '/busybox',
        'wget',
        '-q',
        '-O',
        '-',
        url,
      ]);
    } catch {
      return undefined;
    }
  };

  beforeAll(async () => {
    // Stop the node (if running) to see the host without it, then start it.
    await run('bash', [path.join(repoRoot, 'scripts/cluster/real-node/down.sh')], { cwd: repoRoot });
    before = hostState();
    await run('bash', [path.join(repoRoot, 'scripts/cluster/up.sh'), '--real-node'], {
      cwd: repoRoot,
      timeout: START_TIMEOUT_MS,
      maxBuffer: 64 << 20,
    });
    during = hostState();
    ns = await createTestNamespace(kubeConfigForAdmin(), 'real-node');
    const web = pod(
      'web',
      { app: 'web' },
      'echo "web $(/busybox hostname) serving"; echo "hello from $(/busybox hostname)" >/www/index.html; exec /busybox httpd -f -p 8080 -h /www',
    );
    const client = pod('client', { role: 'client' }, 'echo client up; exec /busybox sleep 3600');
    const intruder = pod('intruder', { role: 'intruder' }, 'exec /busybox sleep 3600');
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] },
    };
    const ingress = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web' },
      spec: {
        ingressClassName: setting('REAL_NODE_INGRESS_CLASS'),
        rules: [
          {
            host: `web.${ns.name}.test`,
            http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] },
          },
        ],
      },
    };
    await kubectl(
      ['-n', ns.name, 'apply', '-f', '-'],
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [web, client, intruder, service, ingress] }),
    );
    await kubectl(['-n', ns.name, 'wait', '--for=condition=Ready', 'pod/web', 'pod/client', 'pod/intruder', '--timeout=120s']);
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await ns?.remove({ wait: false });
  });

  it('runs the pods on the real node, with logs and exec', async () => {
    const nodes = await kubectl(['-n', ns.name, 'get', 'pods', '-o', 'jsonpath={.items[*].spec.nodeName}']);
    expect(nodes.split(' ')).toEqual([setting('REAL_NODE_NAME'), setting('REAL_NODE_NAME'), setting('REAL_NODE_NAME')]);
    expect(await kubectl(['-n', ns.name, 'logs', 'web'])).toMatch(/^web web serving$/m);
    expect(await kubectl(['-n', ns.name, 'exec', 'client', '--', '/busybox', 'id', '-u'])).toBe('65532\n');
    // A real process table inside the pod: its own PID 1 is the busybox sleep.
    expect(await kubectl(['-n', ns.name, 'exec', 'client', '--', '/busybox', 'cat', '/proc/1/cmdline'])).toContain('sleep');
  });

  it('answers on a Service ClusterIP and a cluster DNS name from another pod', async () => {
    const clusterIp = (await kubectl(['-n', ns.name, 'get', 'service', 'web', '-o', 'jsonpath={.spec.clusterIP}'])).trim();
    expect(await eventually('the ClusterIP answering', () => fetchFrom('client', `http://${clusterIp}/`))).toBe(
      'hello from web\n',
    );
    const lookup = await kubectl([
      '-n',
      ns.name,
      'exec',
      'client',
      '--',
      '/busybox',
      'nslookup',
      `web.${ns.name}.svc.cluster.local`,
    ]);
    expect(lookup).toContain(setting('CLUSTER_DNS_IP'));
    expect(lookup).toContain(clusterIp);
    expect(await fetchFrom('client', `http://web.${ns.name}.svc.cluster.local/`)).toBe('hello from web\n');
    expect(await fetchFrom('client', 'http://web/')).toBe('hello from web\n'); // the pod's search path
  });

  it('routes an Ingress Host rule through traefik to the pod, from the host', async () => {
    const port = Number(setting('REAL_NODE_INGRESS_PORT'));
    const answer = await eventually('traefik routing the Host rule', async () => {
      const res = await getThroughIngress(port, `web.${ns.name}.test`);
      return res.status === 200 ? res : undefined;
    });
    expect(answer.body).toBe('hello from web\n');
    expect((await getThroughIngress(port, 'unknown.invalid')).status).toBe(404);
  });

  it('enforces NetworkPolicies on real packets: default deny stops them, an allow rule admits them', async () => {
    const url = `http://web.${ns.name}.svc.cluster.local/`;
    expect(await fetchFrom('intruder', url)).toBe('hello from web\n'); // open before any policy
    const policies = [
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'default-deny' },
        spec: { podSelector: {}, policyTypes: ['Ingress'] },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'allow-client' },
        spec: {
          podSelector: { matchLabels: { app: 'web' } },
          policyTypes: ['Ingress'],
          ingress: [
            { from: [{ podSelector: { matchLabels: { role: 'client' } } }] },
            {
              from: [
                { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': setting('REAL_NODE_INGRESS_NAMESPACE') } } },
              ],
            },
          ],
        },
      },
    ];
    await kubectl(['-n', ns.name, 'apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: policies }));
    await eventually('kube-router stopping the intruder', async () =>
      (await fetchFrom('intruder', url)) === undefined ? true : undefined,
    );
    expect(await fetchFrom('client', url)).toBe('hello from web\n');
    const viaIngress = await getThroughIngress(Number(setting('REAL_NODE_INGRESS_PORT')), `web.${ns.name}.test`);
    expect(viaIngress).toEqual({ status: 200, body: 'hello from web\n' });

    await kubectl(['-n', ns.name, 'delete', 'networkpolicy', 'default-deny', 'allow-client']);
    expect(await eventually('the intruder admitted again', () => fetchFrom('intruder', url))).toBe('hello from web\n');
  });

  it('leaves the host as it was: iptables, sysctls, /run, /var/lib, /var/log', () => {
    expect(during).toEqual(before);
    expect(hostState()).toEqual(before);
    // The node's rules exist, in its own network namespace.
    const holder = readFileSync(path.join(setting('REAL_NODE_RUN'), 'holder.pid'), 'utf8').trim();
    const inside = execFileSync('nsenter', ['--target', holder, '--net', 'iptables-save'], { encoding: 'utf8' });
    expect(inside).toContain('KUBE-SERVICES');
    expect(inside).toMatch(/KUBE-ROUTER|KUBE-NWPLCY/);
  });
});
