/**
 * Shapes of the REST API's requests and responses (base path /api/v1), shared
 * by the API, the worker's published messages and the dashboard.
 */
import type { DnsRecordView } from './custom-domains.js';
import type { AuditOutcome, Role, StepOutcome, StoreEngine, StorePlan, UserLimits } from './domain.js';
import type { QueueName } from './queues.js';
import type { StoreStatus } from './store-status.js';

export const API_PREFIX = '/api/v1';

export interface LoginRequest {
  email: string;
  password: string;
}

export interface TokenResponse {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: UserView;
}

/**
 * The refresh token never reaches JavaScript: login and refresh set it in this
 * HttpOnly, SameSite=Strict cookie scoped to SESSION_COOKIE_PATH (Secure when
 * served over TLS); refresh and logout read it from there.
 */
export const SESSION_COOKIE = 'storefleet_session';
export const SESSION_COOKIE_PATH = `${API_PREFIX}/auth`;

/**
 * CSRF defence for the cookie-authenticated routes (login, refresh, logout):
 * they refuse a request without this header set to "1". A cross-site page
 * cannot send a custom header without a CORS preflight, which the API never
 * grants.
 */
export const CSRF_HEADER = 'X-Storefleet-Csrf';

export interface UserView {
  id: string;
  email: string;
  role: Role;
  disabled: boolean;
  /** Effective limits: the user's overrides or the platform defaults. */
  limits: UserLimits;
  /** Only the overrides set on this user (null where the default applies). */
  limitOverrides: { [K in keyof UserLimits]: number | null };
  createdAt: string;
}

export interface CreateUserRequest {
  email: string;
  password: string;
  role: Role;
}

export interface UpdateUserRequest {
  role?: Role;
  disabled?: boolean;
  maxLiveStores?: number | null;
  maxProvisioningStores?: number | null;
  maxCreatesPerHour?: number | null;
}

export interface CreateStoreRequest {
  name: string;
  engine: StoreEngine;
  plan?: StorePlan;
  /** Clone: the new store takes this backup's data (the engine must be the backup's). */
  fromBackup?: BackupRef;
}

/** A backup of a store, as a clone names its source. */
export interface BackupRef {
  storeId: string;
  backupId: string;
}

/** POST /stores/{id}/restore */
export interface RestoreStoreRequest {
  backupId: string;
}

export interface StoreView {
  id: string;
  name: string;
  engine: StoreEngine;
  plan: StorePlan;
  ownerId: string;
  status: StoreStatus;
  statusReason: string | null;
  namespace: string;
  storefrontUrl: string | null;
  adminUrl: string | null;
  provisionAttempts: number;
  retryCount: number;
  requestedAt: string;
  readyAt: string | null;
  deletedAt: string | null;
  updatedAt: string;
  /** The engine version the store runs (null: created before versions were recorded; the platform's images). */
  engineVersion: string | null;
  /** While upgrading: the version the store is moving to; otherwise null. */
  targetEngineVersion: string | null;
  /** Custom domains, the first canonical once applied (PUT /stores/{id}/domains), each with the DNS record its owner creates. */
  domains: StoreDomainView[];
}

export interface StoreDomainView {
  hostname: string;
  dnsRecord: DnsRecordView;
}

/** PUT /stores/{id}/domains: the store's whole new list ([] removes every custom domain). */
export interface SetStoreDomainsRequest {
  domains: string[];
}

/** POST /stores/{id}/upgrade: the engine version to move to (the previous one rolls back). */
export interface UpgradeStoreRequest {
  version: string;
}

/** GET /platform/engine-versions: the versions stores may run, per engine (the first: new stores'). */
export type EngineVersionsView = Record<StoreEngine, string[]>;

export interface StoreEventView {
  id: string;
  attempt: number;
  step: string;
  outcome: StepOutcome;
  message: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
}

export interface StoreCredentialsView {
  username: string;
  password: string;
  adminUrl: string | null;
}

/** A page of a cursor-paginated list; pass `nextCursor` back as `cursor` for the next page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface AuditEntryView {
  id: string;
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  actorRole: Role | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: AuditOutcome;
  details: unknown;
}

export const JOB_STATES = [
  'waiting',
  'active',
  'delayed',
  'failed',
  'completed',
  'paused',
  'prioritized',
  'waiting-children',
] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface QueueCountsView {
  queue: QueueName;
  counts: Partial<Record<JobState, number>>;
}

export interface JobView {
  id: string;
  queue: QueueName;
  name: string;
  data: unknown;
  state: JobState | 'unknown';
  attemptsMade: number;
  failedReason: string | null;
  timestamp: string;
  finishedOn: string | null;
}

/** RFC 9457 problem details, as every error response carries them. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  /** Field-level messages for validation problems. */
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

/** Stable `type` URIs of the problems the API returns. */
export const ProblemType = {
  Validation: 'https://storefleet.dev/problems/validation',
  Unauthorized: 'https://storefleet.dev/problems/unauthorized',
  Forbidden: 'https://storefleet.dev/problems/forbidden',
  NotFound: 'https://storefleet.dev/problems/not-found',
  /** The path exists but not with this method; the `Allow` header lists those it has. */
  MethodNotAllowed: 'https://storefleet.dev/problems/method-not-allowed',
  Conflict: 'https://storefleet.dev/problems/conflict',
  NameTaken: 'https://storefleet.dev/problems/store-name-taken',
  /** A custom domain another live store already has. */
  DomainTaken: 'https://storefleet.dev/problems/domain-taken',
  LimitExceeded: 'https://storefleet.dev/problems/limit-exceeded',
  RateLimited: 'https://storefleet.dev/problems/rate-limited',
  IdempotencyMismatch: 'https://storefleet.dev/problems/idempotency-key-reused',
  IllegalTransition: 'https://storefleet.dev/problems/illegal-status-transition',
  Unavailable: 'https://storefleet.dev/problems/service-unavailable',
  /** The store's admin login has not been generated yet (the store is still provisioning). */
  CredentialsUnavailable: 'https://storefleet.dev/problems/credentials-not-available',
  Internal: 'https://storefleet.dev/problems/internal',
} as const;

/** Request headers the API understands and response headers it sets. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Set on a response replayed for a repeated Idempotency-Key. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
export const REQUEST_ID_HEADER = 'X-Request-Id';

/** The event name of store changes on the live stream (`event: store`); each event's data is the store's full StoreView. */
export const STORE_STREAM_EVENT = 'store';

export type LimitName = keyof UserLimits;

/** The problem a refused store creation carries (409, or 429 with Retry-After for the hourly limit). */
export interface LimitProblem extends ProblemDetails {
  limit: LimitName;
  max: number;
  current: number;
}

/** GET /stores query. Without `status`, deleted stores are left out. */
export interface StoreListQuery {
  /** One status or several, comma-separated. */
  status?: string;
  engine?: StoreEngine;
  /** Operators and admins only; owners always see their own stores. */
  ownerId?: string;
  /** Case-insensitive substring of the name. */
  q?: string;
  cursor?: string;
  /** 1–100, default 20. */
  limit?: number;
}

/** GET /users query. */
export interface UserListQuery {
  role?: Role;
  /** Case-insensitive substring of the email. */
  q?: string;
  cursor?: string;
  limit?: number;
}

/** GET /audit query; `from`/`to` are ISO 8601 timestamps (inclusive, exclusive). */
export interface AuditQuery {
  actorId?: string;
  action?: string;
  targetId?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

/** GET /ops/jobs query. */
export interface JobListQuery {
  state?: JobState;
  queue?: string;
  limit?: number;
}

export interface HealthView {
  status: 'ok';
}

export interface ReadinessView {
  status: 'ok' | 'unavailable';
  checks: { postgres: boolean; redis: boolean };
}
