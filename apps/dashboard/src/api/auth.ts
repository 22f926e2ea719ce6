import type { LoginRequest, TokenResponse, UserView } from '@storefleet/contracts';

import { apiRequest, endSession, startSession, storedRefreshToken } from './client.js';

export async function signIn(credentials: LoginRequest): Promise<TokenResponse> {
  const tokens = await apiRequest<TokenResponse>('/auth/login', { method: 'POST', body: credentials, authenticated: false });
  startSession(tokens);
  return tokens;
}

export async function signOut(): Promise<void> {
  const refreshToken = storedRefreshToken();
  try {
    if (refreshToken) await apiRequest<void>('/auth/logout', { method: 'POST', body: { refreshToken } });
  } finally {
    endSession();
  }
}

export function fetchCurrentUser(): Promise<UserView> {
  return apiRequest<UserView>('/auth/me');
}
