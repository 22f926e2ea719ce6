/**
 * The one place that talks HTTP to the API: adds the access token, turns
 * problem+json responses into ApiError, and on a 401 refreshes the session
 * once (shared by every request that hit the 401 at the same moment) before
 * retrying. When the refresh itself fails the session is over, and listeners
 * (the session provider) send the user back to sign-in.
 */
import { API_PREFIX, CSRF_HEADER, type ProblemDetails, type TokenResponse } from '@storefleet/contracts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemDetails,
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }

  /** The message the API gave for one request field, if any. */
  fieldMessage(field: string): string | undefined {
    return this.problem.errors?.find((e) => e.field === field)?.message;
  }
}

/** What the user sees when an error is not an ApiError (for example a bug). */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong. Please try again.';
}

/**
 * Not a secret: only whether this browser signed in, so that a reload knows to
 * try the session cookie (and can say "your session expired" when it fails).
 */
const SIGNED_IN_HINT_KEY = 'storefleet.signedIn';

// The access token lives only in memory. The refresh token is in an HttpOnly
// cookie that this code never sees: the browser sends it to /auth/refresh and
// /auth/logout only, and those also need the CSRF header.
let accessToken: string | null = null;
let accessTokenExpiresAt = 0;
let refreshing: Promise<TokenResponse | null> | null = null;
const expiryListeners = new Set<() => void>();
const tokenListeners = new Set<(token: string | null) => void>();

export function getAccessToken(): string | null {
  return accessToken;
}

export function hasStoredSession(): boolean {
  return localStorage.getItem(SIGNED_IN_HINT_KEY) !== null;
}

/** Headers for the routes that use the session cookie (see CSRF_HEADER). */
export const SESSION_HEADERS: Record<string, string> = { [CSRF_HEADER]: '1' };

export function startSession(tokens: TokenResponse): void {
  accessToken = tokens.accessToken;
  accessTokenExpiresAt = Date.now() + tokens.expiresIn * 1000;
  localStorage.setItem(SIGNED_IN_HINT_KEY, '1');
  for (const listener of tokenListeners) listener(accessToken);
}

export function endSession(): void {
  accessToken = null;
  accessTokenExpiresAt = 0;
  localStorage.removeItem(SIGNED_IN_HINT_KEY);
  for (const listener of tokenListeners) listener(null);
}

/** Called when the session can no longer be refreshed. Returns an unsubscribe function. */
export function onSessionExpired(listener: () => void): () => void {
  expiryListeners.add(listener);
  return () => expiryListeners.delete(listener);
}

/** Called whenever the access token changes (sign-in, refresh, sign-out). */
export function onAccessTokenChange(listener: (token: string | null) => void): () => void {
  tokenListeners.add(listener);
  return () => tokenListeners.delete(listener);
}

function expireSession(): void {
  endSession();
  for (const listener of expiryListeners) listener();
}

/**
 * Exchanges the session cookie for a new access token (the API rotates the
 * cookie). Concurrent callers share one request: refresh tokens are
 * single-use, so two parallel refreshes would revoke the session. Resolves to
 * null when the session cannot be renewed.
 */
export function refreshSession(): Promise<TokenResponse | null> {
  refreshing ??= (async () => {
    try {
      const response = await fetch(`${API_PREFIX}/auth/refresh`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { Accept: 'application/json', ...SESSION_HEADERS },
      });
      if (!response.ok) return null;
      const tokens = (await response.json()) as TokenResponse;
      startSession(tokens);
      return tokens;
    } catch {
      return null;
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/**
 * An access token good for at least `marginSeconds` more, refreshing first if
 * needed (for the live stream, which cannot learn of a 401 the way fetch does).
 * Null, and the session ends, when it cannot be renewed.
 */
export async function freshAccessToken(marginSeconds = 30): Promise<string | null> {
  if (accessToken && accessTokenExpiresAt - Date.now() > marginSeconds * 1000) return accessToken;
  if (!hasStoredSession()) return null;
  const renewed = await refreshSession();
  if (!renewed) expireSession();
  return renewed?.accessToken ?? null;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Query;
  headers?: Record<string, string>;
  /** False for the sign-in call: a 401 there means wrong credentials, not an expired session. */
  authenticated?: boolean;
}

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.authenticated !== false && accessToken) headers.Authorization = `Bearer ${accessToken}`;
  try {
    return await fetch(`${API_PREFIX}${withQuery(path, options.query)}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, {
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      detail: 'Could not reach Storefleet. Check your connection and try again.',
    });
  }
}

async function problemOf(response: Response): Promise<ProblemDetails> {
  try {
    const body = (await response.json()) as Partial<ProblemDetails>;
    return { type: 'about:blank', title: response.statusText || 'Request failed', status: response.status, ...body };
  } catch {
    return { type: 'about:blank', title: response.statusText || 'Request failed', status: response.status };
  }
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  let response = await send(path, options);
  if (response.status === 401 && options.authenticated !== false) {
    const renewed = hasStoredSession() ? await refreshSession() : null;
    if (renewed) response = await send(path, options);
    if (!renewed || response.status === 401) {
      const problem = await problemOf(response);
      expireSession();
      throw new ApiError(401, problem);
    }
  }
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
