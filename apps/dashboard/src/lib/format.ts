/** Words and numbers as the dashboard shows them. Pure, so unit-tested on their own. */
import type { PipelineStep, StoreEngine, StoreEventView, StoreStatus } from '@storefleet/contracts';

const STATUS_LABELS: Record<StoreStatus, string> = {
  requested: 'Requested',
  provisioning: 'Provisioning',
  ready: 'Ready',
  degraded: 'Degraded',
  failed: 'Failed',
  deleting: 'Deleting',
  deleted: 'Deleted',
  suspending: 'Pausing',
  suspended: 'Paused',
  resuming: 'Resuming',
  upgrading: 'Upgrading',
  restoring: 'Restoring',
  configuring: 'Updating domains',
};

export function statusLabel(status: StoreStatus): string {
  return STATUS_LABELS[status];
}

const ENGINE_LABELS: Record<StoreEngine, string> = { woocommerce: 'WooCommerce', medusa: 'Medusa' };

export function engineLabel(engine: StoreEngine): string {
  return ENGINE_LABELS[engine];
}

/** "812 B", "4.2 KB", "17 MB", "1.3 GB" (powers of 1024, as the storage bills them). */
export function formatBytes(bytes: number): string {
  if (bytes < 0 || !Number.isFinite(bytes)) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 || value >= 10 ? Math.round(value) : Math.round(value * 10) / 10} ${units[unit]}`;
}

/** "350 ms", "4.2 s", "2 min 5 s", "1 h 3 min". */
export function formatDuration(ms: number): string {
  if (ms < 0 || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds < 10 ? (Math.floor(seconds * 10) / 10).toString() : Math.floor(seconds)} s`;
  const totalSeconds = Math.floor(seconds);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) {
    const rest = totalSeconds % 60;
    return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/** How long a timeline step took, or has been running so far. */
export function stepDuration(event: StoreEventView, now: number = Date.now()): string {
  if (event.durationMs !== null) return formatDuration(event.durationMs);
  const started = Date.parse(event.startedAt);
  const finished = event.finishedAt ? Date.parse(event.finishedAt) : now;
  const text = formatDuration(finished - started);
  return event.finishedAt ? text : `${text} so far`;
}

/** "just now", "5 min", "3 h", "2 d" since an instant. */
export function formatAge(iso: string, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

const STEP_LABELS: Record<PipelineStep, string> = {
  cluster: 'Waiting for the cluster',
  namespace: 'Namespace',
  quota: 'Resource quota',
  'network-policies': 'Network policies',
  secrets: 'Passwords and keys',
  database: 'Database',
  application: 'Application',
  ingress: 'Web address',
  'setup-job': 'Store setup',
  'wait-ready': 'Waiting until ready',
  'cancel-provisioning': 'Stop provisioning',
  'delete-namespace': 'Delete everything',
  'paused-page': 'Paused page up',
  'scale-down': 'Scale to zero',
  'scale-up': 'Scale back up',
  storefront: 'Storefront back',
  migrations: 'Engine migrations',
};

/** A pipeline step's label; unknown names are turned into words ("database-ready" → "Database ready"). */
export function humanizeStep(step: string): string {
  if (Object.hasOwn(STEP_LABELS, step)) return STEP_LABELS[step as PipelineStep];
  const words = step.replace(/[-_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Timeline events grouped by provisioning attempt, newest attempt first, steps in order. */
export function groupByAttempt(events: readonly StoreEventView[]): { attempt: number; events: StoreEventView[] }[] {
  const groups = new Map<number, StoreEventView[]>();
  for (const event of events) groups.set(event.attempt, [...(groups.get(event.attempt) ?? []), event]);
  return [...groups.entries()]
    .sort(([a], [b]) => b - a)
    .map(([attempt, list]) => ({
      attempt,
      events: list.sort((x, y) => Date.parse(x.startedAt) - Date.parse(y.startedAt)),
    }));
}

/** A random key for Idempotency-Key (crypto.randomUUID needs a secure context; this does not). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
