import { CLUSTER_STATES, type ClusterState, type ClusterStatusView } from '@storefleet/contracts';

/**
 * A build writes its status file at least every CLUSTER_PROGRESS_SECONDS (60 s
 * by default, scripts/cluster/progress.sh); one untouched this long belongs to
 * a build that was stopped (Ctrl-C, a killed terminal) and will not finish.
 */
export const STALE_AFTER_MS = 5 * 60_000;

/** What scripts/cluster/progress.sh writes (docs/local-cluster.md, "Progress of the first build"). */
interface StatusFile {
  state: ClusterState;
  component: string | null;
  startedAt: string | null;
  expectedReadyAt: string | null;
  message: string | null;
  log: string | null;
  updatedAt: string;
}

const UNMANAGED: ClusterStatusView = {
  state: 'unmanaged',
  component: null,
  minutesLeft: null,
  startedAt: null,
  message: null,
  logPath: null,
};

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function parse(text: string): StatusFile | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const state = r.state as ClusterState;
  if (!CLUSTER_STATES.includes(state) || state === 'unmanaged' || typeof r.updatedAt !== 'string') return null;
  return {
    state,
    component: stringOrNull(r.component),
    startedAt: stringOrNull(r.startedAt),
    expectedReadyAt: stringOrNull(r.expectedReadyAt),
    message: stringOrNull(r.message),
    log: stringOrNull(r.log),
    updatedAt: r.updatedAt,
  };
}

/**
 * The cluster's status as the dashboard shows it, from the status file's text
 * (null: no file, i.e. a cluster the platform did not build). Pure: `now` and
 * whether the reader may see the log's path are given.
 */
export function clusterStatusView(text: string | null, now: Date, showLogPath: boolean): ClusterStatusView {
  if (text === null) return UNMANAGED;
  const file = parse(text);
  if (!file) {
    return { ...UNMANAGED, state: 'failed', message: 'the local cluster status file is unreadable' };
  }
  const base = {
    component: file.component,
    startedAt: file.startedAt,
    logPath: showLogPath ? file.log : null,
  };
  if (file.state === 'ready') return { ...base, state: 'ready', component: null, minutesLeft: null, message: null };
  if (file.state === 'failed') return { ...base, state: 'failed', minutesLeft: null, message: file.message };
  const updated = Date.parse(file.updatedAt);
  if (Number.isNaN(updated) || now.getTime() - updated > STALE_AFTER_MS) {
    return {
      ...base,
      state: 'failed',
      minutesLeft: null,
      message: `the local cluster's ${file.state === 'building' ? 'build' : 'start'} stopped without finishing (no progress since ${file.updatedAt}); run npm start again`,
    };
  }
  const expected = file.expectedReadyAt ? Date.parse(file.expectedReadyAt) : Number.NaN;
  // Still going past its estimate: "about a minute", never zero or negative.
  const minutesLeft = Number.isNaN(expected) ? null : Math.max(1, Math.ceil((expected - now.getTime()) / 60_000));
  return { ...base, state: file.state, minutesLeft, message: null };
}
