/**
 * Compile-time proof that the dashboard's API functions agree with the API's
 * OpenAPI document (through openapi.gen.ts, generated from it): everything the
 * dashboard sends is something the document accepts, and everything the
 * document says a success returns fits what the dashboard reads. A mismatch
 * fails `tsc -p apps/dashboard/tsconfig.json`. Nothing here runs.
 */
import type { listAudit } from './audit.js';
import type { fetchCurrentUser, signIn } from './auth.js';
import type { createBackup, deleteBackup, getBackupPolicy, listBackups, restoreBackup, updateBackupPolicy } from './backups.js';
import type { paths } from './openapi.gen.js';
import type { listJobs, listQueueCounts, retryJob } from './ops.js';
import type { getPlatformStatus } from './platform.js';
import type {
  createStore,
  deleteStore,
  getStore,
  listStoreEvents,
  listStores,
  operateStore,
  retryStore,
  revealCredentials,
  StoreFilters,
} from './stores.js';
import type { createUser, listUsers, updateUser } from './users.js';

type Json<R> = R extends { content: { 'application/json': infer Body } } ? Body : undefined;
type Success<Op> = Op extends { responses: infer R } ? Json<R[Extract<keyof R, 200 | 201 | 202>]> : never;
type RequestBody<Op> = Op extends { requestBody?: { content: { 'application/json': infer Body } } } ? Body : never;
type QueryOf<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
type Operation<P extends keyof paths, M extends keyof paths[P]> = paths[P][M];

/** The server's answer fits what the dashboard expects. */
type Reads<Op, DashboardType> = [Success<Op>] extends [DashboardType] ? true : { mismatch: Success<Op>; expected: DashboardType };
/** What the dashboard sends is allowed by the document. */
type Sends<DashboardValue, DocumentType> = [DashboardValue] extends [DocumentType]
  ? true
  : { mismatch: DashboardValue; allowed: DocumentType };

type Returned<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
/** The dashboard leaves out empty filters ('' and null) when it builds a query string (withQuery). */
type Sent<T> = { [K in keyof T]: Exclude<T[K], '' | null> };

export type DashboardMatchesOpenApi = [
  Sends<Parameters<typeof signIn>[0], RequestBody<Operation<'/api/v1/auth/login', 'post'>>>,
  Reads<Operation<'/api/v1/auth/login', 'post'>, Returned<typeof signIn>>,
  Reads<Operation<'/api/v1/auth/refresh', 'post'>, Returned<typeof signIn>>,
  Reads<Operation<'/api/v1/auth/me', 'get'>, Returned<typeof fetchCurrentUser>>,

  Sends<Sent<StoreFilters & { cursor?: string; limit?: number }>, QueryOf<Operation<'/api/v1/stores', 'get'>>>,
  Reads<Operation<'/api/v1/stores', 'get'>, Returned<typeof listStores>>,
  Sends<Parameters<typeof createStore>[0], RequestBody<Operation<'/api/v1/stores', 'post'>>>,
  Reads<Operation<'/api/v1/stores', 'post'>, Returned<typeof createStore>>,
  Reads<Operation<'/api/v1/stores/{id}', 'get'>, Returned<typeof getStore>>,
  Reads<Operation<'/api/v1/stores/{id}', 'delete'>, Returned<typeof deleteStore>>,
  Reads<Operation<'/api/v1/stores/{id}/events', 'get'>, Returned<typeof listStoreEvents>>,
  Reads<Operation<'/api/v1/stores/{id}/retry', 'post'>, Returned<typeof retryStore>>,
  Reads<Operation<'/api/v1/stores/{id}/suspend', 'post'>, Returned<typeof operateStore>>,
  Reads<Operation<'/api/v1/stores/{id}/resume', 'post'>, Returned<typeof operateStore>>,
  Reads<Operation<'/api/v1/stores/{id}/credentials', 'post'>, Returned<typeof revealCredentials>>,

  Sends<{ cursor?: string; limit?: number }, QueryOf<Operation<'/api/v1/stores/{id}/backups', 'get'>>>,
  Reads<Operation<'/api/v1/stores/{id}/backups', 'get'>, Returned<typeof listBackups>>,
  Reads<Operation<'/api/v1/stores/{id}/backups', 'post'>, Returned<typeof createBackup>>,
  Reads<Operation<'/api/v1/stores/{id}/backups/{backupId}', 'delete'>, Returned<typeof deleteBackup>>,
  Sends<{ backupId: Parameters<typeof restoreBackup>[1] }, RequestBody<Operation<'/api/v1/stores/{id}/restore', 'post'>>>,
  Reads<Operation<'/api/v1/stores/{id}/restore', 'post'>, Returned<typeof restoreBackup>>,
  Reads<Operation<'/api/v1/stores/{id}/backup-policy', 'get'>, Returned<typeof getBackupPolicy>>,
  Sends<Parameters<typeof updateBackupPolicy>[1], RequestBody<Operation<'/api/v1/stores/{id}/backup-policy', 'patch'>>>,
  Reads<Operation<'/api/v1/stores/{id}/backup-policy', 'patch'>, Returned<typeof updateBackupPolicy>>,

  Sends<Sent<Parameters<typeof listAudit>[0] & { cursor?: string; limit?: number }>, QueryOf<Operation<'/api/v1/audit', 'get'>>>,
  Reads<Operation<'/api/v1/audit', 'get'>, Returned<typeof listAudit>>,

  Sends<{ state: Parameters<typeof listJobs>[0] }, QueryOf<Operation<'/api/v1/ops/jobs', 'get'>>>,
  Reads<Operation<'/api/v1/ops/jobs', 'get'>, Returned<typeof listJobs>>,
  Reads<Operation<'/api/v1/ops/queues', 'get'>, Returned<typeof listQueueCounts>>,
  Sends<{ queue: Parameters<typeof retryJob>[0]['queue'] }, QueryOf<Operation<'/api/v1/ops/jobs/{id}/retry', 'post'>>>,
  Reads<Operation<'/api/v1/ops/jobs/{id}/retry', 'post'>, Returned<typeof retryJob>>,

  Reads<Operation<'/api/v1/platform/status', 'get'>, Returned<typeof getPlatformStatus>>,

  Reads<Operation<'/api/v1/users', 'get'>, Returned<typeof listUsers>>,
  Sends<Parameters<typeof createUser>[0], RequestBody<Operation<'/api/v1/users', 'post'>>>,
  Reads<Operation<'/api/v1/users', 'post'>, Returned<typeof createUser>>,
  Sends<Parameters<typeof updateUser>[1], RequestBody<Operation<'/api/v1/users/{id}', 'patch'>>>,
  Reads<Operation<'/api/v1/users/{id}', 'patch'>, Returned<typeof updateUser>>,
];

// Every entry must be `true`; a mismatch names both types in the error.
const proof: DashboardMatchesOpenApi = [
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
];
void proof;
