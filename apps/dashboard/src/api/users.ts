import type { CreateUserRequest, Page, UpdateUserRequest, UserView } from '@storefleet/contracts';

import { apiRequest } from './client.js';

export function listUsers(cursor: string | null = null, limit = 100): Promise<Page<UserView>> {
  return apiRequest<Page<UserView>>('/users', { query: { cursor, limit } });
}

export function createUser(request: CreateUserRequest): Promise<UserView> {
  return apiRequest<UserView>('/users', { method: 'POST', body: request });
}

export function updateUser(id: string, changes: UpdateUserRequest): Promise<UserView> {
  return apiRequest<UserView>(`/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes });
}
