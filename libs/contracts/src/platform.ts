/**
 * GET /api/v1/platform/status: what the dashboard shows about the platform
 * itself. Today that is the local cluster that `npm start` builds in the
 * background (scripts/cluster write its progress to a status file the API
 * reads; docs/local-cluster.md, "Progress of the first build").
 */

/**
 * - `unmanaged`: the platform runs against a cluster it did not build (a pod, KUBECONFIG): nothing to show.
 * - `building`: the cluster's binaries are being built from source (first run).
 * - `starting`: built; the control plane is starting.
 * - `ready`: the cluster answers.
 * - `failed`: the build or start failed; `logPath` (operators only) says where to look.
 */
export const CLUSTER_STATES = ['unmanaged', 'building', 'starting', 'ready', 'failed'] as const;
export type ClusterState = (typeof CLUSTER_STATES)[number];

export interface ClusterStatusView {
  state: ClusterState;
  /** The component being built (e.g. "Kubernetes"), while building. */
  component: string | null;
  /** Whole minutes until the cluster should be ready (at least 1 while not ready), from earlier builds' durations or documented defaults; null when unknown or done. */
  minutesLeft: number | null;
  /** When this build or start began. */
  startedAt: string | null;
  /** What went wrong, when failed. */
  message: string | null;
  /** The build's log file on the machine running the platform: operators and admins only (null for owners). */
  logPath: string | null;
}

export interface PlatformStatusView {
  cluster: ClusterStatusView;
}
