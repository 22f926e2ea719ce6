import type { LoginRequest, TokenResponse, UserView } from '@storefleet/contracts';

import { apiRequest, endSession, SESSION_HEADERS, startSession } from './client.js';

export async function signIn(credentials: LoginRequest): Promise<TokenResponse> {
  const tokens = await apiRequest<TokenResponse>('/auth/login', { method: 'POST', body: credentials, authenticated: false });
  startSession(tokens);
  return tokens;
}

export async function signOut(): Promise<void> {
  try {
    await apiRequest<void>('/auth/logout', { method: 'POST', headers: SESSION_HEADERS, authenticated: false });
  } finally {
    endSession();
  }
}

export function fetchCurrentUser(): Promise<UserView> {
  return apiRequest<UserView>('/auth/me');
}
