/** Paths pino replaces with "[redacted]": credentials must never reach the logs (API and worker alike). */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'password',
  'refreshToken',
  'accessToken',
  'token',
  'credentials',
  'adminCredentials',
  '*.password',
  '*.refreshToken',
  '*.accessToken',
  '*.token',
  '*.credentials',
  '*.adminCredentials',
  '*.*.password',
  '*.*.refreshToken',
  '*.*.accessToken',
];

/** A URL safe to log: the stream's access_token query parameter (and anything token-like) is masked. */
export function safeUrl(url: string): string {
  return url.replace(/([?&](?:access_token|token|refresh_token)=)[^&#]*/gi, '$1[redacted]');
}
