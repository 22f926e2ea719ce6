import { useQuery } from '@tanstack/react-query';

import { getEngineVersions, getPlatformStatus } from '../api/platform.js';

/** While the local cluster is building or starting, its estimate is read again at this pace. */
export const CLUSTER_STATUS_POLL_MS = 15_000;

/**
 * The platform's own status (the local cluster's build). Polled, not streamed:
 * it changes only during a first `npm start`, and polling stops once the
 * cluster is ready, failed or not the platform's to build.
 */
export function usePlatformStatus() {
  return useQuery({
    queryKey: ['platform', 'status'],
    queryFn: getPlatformStatus,
    refetchInterval: (query) => {
      const state = query.state.data?.cluster.state;
      return state === 'building' || state === 'starting' ? CLUSTER_STATUS_POLL_MS : false;
    },
  });
}

/** The offered engine versions: configuration, so read once per session. */
export function useEngineVersions() {
  return useQuery({ queryKey: ['platform', 'engine-versions'], queryFn: getEngineVersions, staleTime: Number.POSITIVE_INFINITY });
}
