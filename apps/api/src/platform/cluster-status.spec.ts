import { clusterStatusView, STALE_AFTER_MS } from './cluster-status.js';

const now = new Date('2026-12-02T01:00:00Z');
const file = (fields: Record<string, unknown>) =>
  JSON.stringify({
    component: null,
    startedAt: '2026-12-02T00:50:00Z',
    expectedReadyAt: null,
    message: null,
    log: null,
    updatedAt: now.toISOString(),
    ...fields,
  });

describe('clusterStatusView', () => {
  it('is unmanaged without a status file (a cluster the platform did not build)', () => {
    expect(clusterStatusView(null, now, true)).toMatchObject({ state: 'unmanaged', minutesLeft: null });
  });

  it('says which component is building and how many minutes are left, rounded up', () => {
    const view = clusterStatusView(
      file({ state: 'building', component: 'Kubernetes', expectedReadyAt: '2026-12-02T01:12:30Z', log: '/x/cluster.log' }),
      now,
      true,
    );
    expect(view).toEqual({
      state: 'building',
      component: 'Kubernetes',
      minutesLeft: 13,
      startedAt: '2026-12-02T00:50:00Z',
      message: null,
      logPath: '/x/cluster.log',
    });
  });

  it('says about one minute, never zero or less, once a build runs past its estimate', () => {
    expect(clusterStatusView(file({ state: 'starting', expectedReadyAt: '2026-12-02T00:55:00Z' }), now, true).minutesLeft).toBe(
      1,
    );
  });

  it('shows the log path of a failed build to operators only', () => {
    const text = file({ state: 'failed', component: 'etcd', message: 'building etcd failed (exit 1)', log: '/x/cluster.log' });
    expect(clusterStatusView(text, now, true)).toMatchObject({
      state: 'failed',
      component: 'etcd',
      message: 'building etcd failed (exit 1)',
      logPath: '/x/cluster.log',
    });
    expect(clusterStatusView(text, now, false).logPath).toBeNull();
  });

  it('reports a build that stopped writing progress as failed, not as still building', () => {
    const updatedAt = new Date(now.getTime() - STALE_AFTER_MS - 1_000).toISOString();
    const view = clusterStatusView(file({ state: 'building', component: 'helm', updatedAt }), now, true);
    expect(view.state).toBe('failed');
    expect(view.message).toContain('stopped without finishing');
  });

  it('is ready without component or estimate once the cluster is up', () => {
    expect(clusterStatusView(file({ state: 'ready', component: 'x' }), now, true)).toMatchObject({
      state: 'ready',
      component: null,
      minutesLeft: null,
    });
  });

  it('reports an unreadable file as a failure rather than hiding it', () => {
    expect(clusterStatusView('{not json', now, true)).toMatchObject({
      state: 'failed',
      message: expect.stringContaining('unreadable'),
    });
    expect(clusterStatusView('{"state":"exploded","updatedAt":"x"}', now, true).state).toBe('failed');
  });
});
