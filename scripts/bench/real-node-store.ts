/**
 * Benchmark (not a test): time from POST /stores to the Medusa storefront
 * answering through the ingress, on the real node, split by pipeline step.
 * It needs a platform installed on the real node, e.g. the one the real-node
 * tests install, kept with KEEP_REAL_NODE_RELEASE=1:
 *
 *   KEEP_REAL_NODE_RELEASE=1 NODE_OPTIONS=--experimental-vm-modules npx jest --selectProjects integration --runInBand e2e/real-node -t 'helm install'
 *   npx tsx scripts/bench/real-node-store.ts <namespace> [runs]
 *
 * Prints one line per run and per step; results go to docs/benchmarks.md by hand.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

import type { StoreEventView, StoreView, TokenResponse } from '@storefleet/contracts';
import { realNodeConfig, viaIngress } from '@storefleet/testing';

const [namespace, runsArg] = process.argv.slice(2);
if (!namespace) throw new Error('usage: npx tsx scripts/bench/real-node-store.ts <namespace of the installed release> [runs]');
const runs = Number(runsArg ?? 1);
const node = await realNodeConfig();
const kubectl = (args: string[]) =>
  execFileSync(
    'bash',
    [
      '-c',
      'source scripts/cluster/versions.sh && "$CLUSTER_BIN/kubernetes-$K8S_VERSION/kubectl" --kubeconfig .local/kubeconfig "$@"',
      '_',
      ...args,
    ],
    {
      encoding: 'utf8',
    },
  );
const host = kubectl(['get', 'ingress', '-n', namespace, '-o', 'jsonpath={.items[0].spec.rules[0].host}']).trim();
const password = Buffer.from(
  kubectl(['get', 'secret', '-n', namespace, 'sf-store-platform-app', '-o', 'jsonpath={.data.admin-password}']),
  'base64',
).toString();
const email = kubectl([
  'get',
  'deploy',
  '-n',
  namespace,
  'sf-store-platform-api',
  '-o',
  'jsonpath={.spec.template.spec.containers[0].env[?(@.name=="ADMIN_EMAIL")].value}',
]).trim();

async function api<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const res = await viaIngress(node, host, `/api/v1${path}`, {
    method,
    body,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.body}`);
  return (res.body ? JSON.parse(res.body) : null) as T;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const token = (await api<TokenResponse>('POST', '/auth/login', null, { email, password })).accessToken;
console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);

for (let run = 1; run <= runs; run++) {
  const started = Date.now();
  const store = await api<StoreView>('POST', '/stores', token, { name: `bench-${Date.now().toString(36)}`, engine: 'medusa' });
  let view = store;
  while (view.status !== 'ready') {
    if (view.status === 'failed') throw new Error(`store failed: ${view.statusReason}`);
    await sleep(1000);
    view = await api<StoreView>('GET', `/stores/${store.id}`, token);
  }
  const ready = Date.now();
  const front = new URL(view.storefrontUrl!).host;
  while ((await viaIngress(node, front, '/')).status !== 200) await sleep(500);
  const answered = Date.now();
  const events = (await api<{ items: StoreEventView[] }>('GET', `/stores/${store.id}/events`, token)).items;
  console.log(
    `run ${run}: ready ${((ready - started) / 1000).toFixed(1)}s, storefront answering ${((answered - started) / 1000).toFixed(1)}s after POST /stores`,
  );
  for (const e of events.filter((e) => e.durationMs !== null).sort((a, b) => a.startedAt.localeCompare(b.startedAt))) {
    console.log(`  ${e.step.padEnd(14)} ${e.outcome.padEnd(10)} ${(e.durationMs! / 1000).toFixed(1)}s`);
  }
  await api('DELETE', `/stores/${store.id}`, token);
}
