import type { CreateUserRequest, Page, UpdateUserRequest, UserView } from '@storefleet/contracts';

import { apiRequest } from './client.js';

export async function listUsers(): Promise<UserView[]> {
  const result = await apiRequest<UserView[] | Page<UserView>>('/users', { query: { limit: 100 } });
  return Array.isArray(result) ? result : result.items;
}

export function createUser(request: CreateUserRequest): Promise<UserView> {
  return apiRequest<UserView>('/users', { method: 'POST', body: request });
}

export function updateUser(id: string, changes: UpdateUserRequest): Promise<UserView> {
  return apiRequest<UserView>(`/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes });
}
