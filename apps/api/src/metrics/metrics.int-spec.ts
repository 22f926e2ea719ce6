import { randomUUID } from 'node:crypto';

import { createUser, insertStore } from '../testing/factories.js';
import { apiSuite } from '../testing/suite.js';
import { startTestApi } from '../testing/test-api.js';

/** The value of one sample line, e.g. sample(text, 'storefleet_stores{status="ready"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics', () => {
  const s = apiSuite('metrics');

  it('exposes HTTP latency by route pattern, stores by status and jobs by state, and no worker figures', async () => {
    const owner = await createUser(s.api, s.prisma, { maxLiveStores: 50, maxProvisioningStores: 50, maxCreatesPerHour: 50 });
    for (let i = 0; i < 3; i += 1) await insertStore(s.prisma, owner.user.id, { status: 'ready' });
    const failed = await insertStore(s.prisma, owner.user.id, { status: 'failed' });
    const created = await s.api.http
      .post('/api/v1/stores')
      .set(owner.auth)
      .send({ name: 'metered', engine: 'medusa' })
      .expect(202);
    await s.api.http
      .get(`/api/v1/stores/${created.body.id as string}`)
      .set(owner.auth)
      .expect(200);
    // Finished steps in the timeline: the worker reports their durations itself (apps/worker/src/metrics), not the API.
    await s.prisma.storeEvent.create({
      data: { storeId: failed.id, attempt: 1, step: 'namespace', outcome: 'succeeded', finishedAt: new Date(), durationMs: 100 },
    });

    const res = await s.api.http.get('/api/v1/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.text;
    expect(
      sample(text, 'storefleet_http_request_duration_seconds_count{method="GET",route="/api/v1/stores/:id",status_code="200"}'),
    ).toBe(1);
    expect(
      sample(text, 'storefleet_http_request_duration_seconds_count{method="POST",route="/api/v1/stores",status_code="202"}'),
    ).toBe(1);
    expect(text).not.toContain(created.body.id as string); // raw ids never become labels
    expect(sample(text, 'storefleet_stores{status="ready"}')).toBe(3);
    expect(sample(text, 'storefleet_stores{status="failed"}')).toBe(1);
    expect(sample(text, 'storefleet_stores{status="requested"}')).toBe(1);
    expect(sample(text, 'storefleet_stores{status="deleted"}')).toBe(0);
    expect(sample(text, 'storefleet_queue_jobs{queue="store-provisioning",state="waiting"}')).toBe(1);
    expect(text).not.toContain('storefleet_provisioning_step');
    expect(sample(text, 'storefleet_metrics_source_up{source="postgres"}')).toBe(1);
    expect(sample(text, 'storefleet_metrics_source_up{source="redis"}')).toBe(1);
    expect(text).toContain('storefleet_api_process_cpu_seconds_total');
  });

  it('requires the metrics token when one is configured', async () => {
    const token = 'metrics-token-0123456789';
    const guarded = await startTestApi({
      databaseUrl: s.db.appUrl,
      prefix: `test-metrics-${randomUUID().slice(0, 8)}`,
      env: { METRICS_TOKEN: token },
    });
    try {
      await guarded.http.get('/api/v1/metrics').expect(401);
      await guarded.http.get('/api/v1/metrics').set('Authorization', 'Bearer wrong-token-000000000').expect(401);
      await guarded.http.get('/api/v1/metrics').set('Authorization', `Bearer ${token}`).expect(200);
    } finally {
      await guarded.close();
    }
  });
});
