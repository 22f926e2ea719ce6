import {
  API_PREFIX,
  type CreateStoreRequest,
  type Page,
  type StoreCredentialsView,
  type StoreEngine,
  type StoreEventView,
  type StoreStatus,
  type StoreView,
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

export function revealCredentials(id: string): Promise<StoreCredentialsView> {
  return apiRequest<StoreCredentialsView>(`/stores/${encodeURIComponent(id)}/credentials`, { method: 'POST' });
}

/** EventSource cannot send headers, so the stream takes the access token as a query parameter. */
export function storeStreamUrl(accessToken: string): string {
  return withQuery(`${API_PREFIX}/stores/stream`, { access_token: accessToken });
}
