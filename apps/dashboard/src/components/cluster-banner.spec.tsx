import type { ClusterStatusView } from '@storefleet/contracts';
import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { CLUSTER_STATUS_POLL_MS } from '../hooks/use-platform-status.js';
import { json, mockFetch, renderApp, tokens, user } from '../test/render.js';

const cluster = (fields: Partial<ClusterStatusView>): ClusterStatusView => ({
  state: 'building',
  component: null,
  minutesLeft: null,
  startedAt: '2026-12-02T00:00:00.000Z',
  message: null,
  logPath: null,
  ...fields,
});

/** The API as the dashboard sees it, answering the platform status from `statuses` in turn (the last one repeats). */
function api(role: 'owner' | 'operator', statuses: ClusterStatusView[]) {
  localStorage.setItem('storefleet.signedIn', '1');
  let asked = 0;
  return mockFetch((url) => {
    switch (url.pathname) {
      case '/api/v1/auth/refresh':
        return json(tokens(user({ role })));
      case '/api/v1/stores':
        return json({ items: [], nextCursor: null });
      case '/api/v1/platform/status':
        return json({ cluster: statuses[Math.min(asked++, statuses.length - 1)] });
      default:
        return undefined;
    }
  });
}

describe('the local cluster banner', () => {
  afterEach(() => vi.useRealTimers());

  it('says the cluster is being built and how long it takes, and goes away once it is ready', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    api('owner', [
      cluster({ state: 'building', component: 'Kubernetes', minutesLeft: 14 }),
      cluster({ state: 'starting', minutesLeft: 1 }),
      cluster({ state: 'ready' }),
    ]);
    renderApp('/stores');
    expect(await screen.findByText('The local cluster is being built, about 14 minutes left.')).toBeTruthy();
    expect(screen.getByText(/Now building Kubernetes/)).toBeTruthy();
    expect(screen.getByText(/they wait as/).textContent).toContain('Requested');

    await vi.advanceTimersByTimeAsync(CLUSTER_STATUS_POLL_MS);
    expect(await screen.findByText('The local cluster is starting, about 1 minute left.')).toBeTruthy();

    await vi.advanceTimersByTimeAsync(CLUSTER_STATUS_POLL_MS);
    await waitFor(() => expect(screen.queryByText(/The local cluster is/)).toBeNull());
    expect(screen.getByRole('heading', { name: 'Stores', level: 1 })).toBeTruthy();
  });

  it('shows operators a failed build with its log path', async () => {
    api('operator', [
      cluster({
        state: 'failed',
        component: 'etcd',
        message: 'building etcd failed (exit 1)',
        logPath: '/repo/.local/logs/cluster.log',
      }),
    ]);
    renderApp('/stores');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The local cluster could not be built.');
    expect(alert.textContent).toContain('building etcd failed (exit 1).');
    expect(alert.textContent).toContain('Log: /repo/.local/logs/cluster.log');
  });

  it('tells an owner, who gets no log path, that an operator must look', async () => {
    api('owner', [cluster({ state: 'failed', component: 'etcd', message: 'building etcd failed (exit 1)' })]);
    renderApp('/stores');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('An operator needs to look at it.');
    expect(alert.textContent).not.toContain('Log:');
  });

  it('shows nothing when the platform runs on a cluster it did not build', async () => {
    api('owner', [cluster({ state: 'unmanaged', startedAt: null })]);
    renderApp('/stores');
    expect(await screen.findByRole('heading', { name: 'Stores', level: 1 })).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByText(/local cluster/)).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
