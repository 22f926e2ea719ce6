import {
  API_PREFIX,
  type CreateStoreRequest,
  type Page,
  type SetStoreDomainsRequest,
  type StoreCredentialsView,
  type StoreEngine,
  type StoreEventView,
  type StoreOperation,
  type StoreStatus,
  type StoreView,
  type UpgradeStoreRequest,
} from '@storefleet/contracts';

import { apiRequest, withQuery } from './client.js';

export interface StoreFilters {
  status?: StoreStatus | '';
  engine?: StoreEngine | '';
}

export function listStores(filters: StoreFilters, cursor?: string | null, limit = 50): Promise<Page<StoreView>> {
  return apiRequest<Page<StoreView>>('/stores', { query: { ...filters, cursor, limit } });
}

export function getStore(id: string): Promise<StoreView> {
  return apiRequest<StoreView>(`/stores/${encodeURIComponent(id)}`);
}

export function listStoreEvents(id: string): Promise<StoreEventView[]> {
  return apiRequest<StoreEventView[]>(`/stores/${encodeURIComponent(id)}/events`);
}

/** The idempotency key makes a double-submitted (or retried) create produce one store. */
export function createStore(request: CreateStoreRequest, idempotencyKey: string): Promise<StoreView> {
  return apiRequest<StoreView>('/stores', { method: 'POST', body: request, headers: { 'Idempotency-Key': idempotencyKey } });
}

export function deleteStore(id: string): Promise<StoreView | undefined> {
  return apiRequest<StoreView | undefined>(`/stores/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function retryStore(id: string): Promise<StoreView | undefined> {
  return apiRequest<StoreView | undefined>(`/stores/${encodeURIComponent(id)}/retry`, { method: 'POST' });
}

/** POST /stores/:id/suspend or /resume: 202 with the store suspending or resuming (409 when its status does not allow it). */
export function operateStore(
  id: string,
  operation: Exclude<StoreOperation, 'upgrade' | 'domains'>,
): Promise<StoreView | undefined> {
  return apiRequest<StoreView | undefined>(`/stores/${encodeURIComponent(id)}/${operation}`, { method: 'POST' });
}

/** POST /stores/:id/upgrade: 202 with the store upgrading (400 for a version not offered, 409 when it cannot move now). */
export function upgradeStore(id: string, version: string): Promise<StoreView | undefined> {
  const body: UpgradeStoreRequest = { version };
  return apiRequest<StoreView | undefined>(`/stores/${encodeURIComponent(id)}/upgrade`, { method: 'POST', body });
}

/** PUT /stores/:id/domains: 202 with the store configuring (400 for bad hostnames, 409 for a domain taken or a busy store). */
export function setStoreDomains(id: string, domains: string[]): Promise<StoreView | undefined> {
  const body: SetStoreDomainsRequest = { domains };
  return apiRequest<StoreView | undefined>(`/stores/${encodeURIComponent(id)}/domains`, { method: 'PUT', body });
}

export function revealCredentials(id: string): Promise<StoreCredentialsView> {
  return apiRequest<StoreCredentialsView>(`/stores/${encodeURIComponent(id)}/credentials`, { method: 'POST' });
}

/** EventSource cannot send headers, so the stream takes the access token as a query parameter. */
export function storeStreamUrl(accessToken: string): string {
  return withQuery(`${API_PREFIX}/stores/stream`, { access_token: accessToken });
}
