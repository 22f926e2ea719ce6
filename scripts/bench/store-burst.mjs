// Fires a burst of store creations at a running API and prints latency and
// throughput figures, then checks that every accepted store is queued (the
// burst waits in BullMQ instead of reaching the cluster at once).
// Usage: node store-burst.mjs <origin> <adminEmail> <adminPassword> [users=50] [storesPerUser=10]
const [origin, adminEmail, adminPassword, usersArg = '50', perUserArg = '10'] = process.argv.slice(2);
const users = Number(usersArg);
const perUser = Number(perUserArg);
const api = `${origin}/api/v1`;

async function call(method, path, token, body) {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function login(email, password) {
  const res = await call('POST', '/auth/login', undefined, { email, password });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken;
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

const admin = await login(adminEmail, adminPassword);
const owners = [];
for (let i = 0; i < users; i++) {
  const email = `bench-${Date.now()}-${i}@example.test`;
  const password = 'bench-password-123456';
  const created = await call('POST', '/users', admin, { email, password, role: 'owner' });
  if (created.status !== 201) throw new Error(`create user: ${created.status} ${JSON.stringify(created.body)}`);
  const limits = { maxLiveStores: perUser, maxProvisioningStores: perUser, maxCreatesPerHour: perUser };
  const patched = await call('PATCH', `/users/${created.body.id}`, admin, limits);
  if (patched.status !== 200) throw new Error(`set limits: ${patched.status} ${JSON.stringify(patched.body)}`);
  owners.push(await login(email, password));
}

const latencies = [];
const statuses = {};
const started = performance.now();
await Promise.all(
  owners.flatMap((token, u) =>
    Array.from({ length: perUser }, async (_, s) => {
      const t0 = performance.now();
      const res = await call('POST', '/stores', token, { name: `bench-${u}-${s}-${Date.now() % 100000}`, engine: 'woocommerce' });
      latencies.push(performance.now() - t0);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    }),
  ),
);
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);

const queues = await call('GET', '/ops/queues', admin);
const provisioning = queues.body.find((q) => q.queue === 'store-provisioning');
const total = users * perUser;
console.log(`store creation burst: ${total} requests from ${users} owners`);
console.log(`  responses        ${JSON.stringify(statuses)}`);
console.log(`  wall time        ${elapsed.toFixed(2)} s`);
console.log(`  throughput       ${(total / elapsed).toFixed(1)} requests/s`);
console.log(`  latency p50      ${percentile(latencies, 50).toFixed(0)} ms`);
console.log(`  latency p95      ${percentile(latencies, 95).toFixed(0)} ms`);
console.log(`  latency p99      ${percentile(latencies, 99).toFixed(0)} ms`);
console.log(`  latency max      ${latencies.at(-1).toFixed(0)} ms`);
console.log(`  queued (waiting) ${provisioning?.counts.waiting ?? 'unknown'} provisioning jobs`);
if ((statuses[202] ?? 0) !== total) process.exitCode = 1;
