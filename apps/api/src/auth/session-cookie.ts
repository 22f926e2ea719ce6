import { CSRF_HEADER, SESSION_COOKIE, SESSION_COOKIE_PATH } from '@storefleet/contracts';
import type { CookieOptions, Request, Response } from 'express';

import { problems } from '../problems/problem.js';

/**
 * The refresh token's cookie: HttpOnly (no script reads it), SameSite=Strict
 * (no other site's request carries it), only sent to the auth routes, Secure
 * when the request came over TLS (directly or through a trusted proxy), and a
 * session cookie (it ends with the browser; the token itself expires earlier
 * or later on the server, per REFRESH_TOKEN_TTL_SECONDS).
 */
function cookieOptions(req: Request): CookieOptions {
  return { httpOnly: true, secure: req.secure, sameSite: 'strict', path: SESSION_COOKIE_PATH };
}

export function setSessionCookie(req: Request, res: Response, refreshToken: string): void {
  res.cookie(SESSION_COOKIE, refreshToken, cookieOptions(req));
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(req));
}

/** The refresh token the browser sent, if any (cookie-parser has run). */
export function sessionCookieOf(req: Request): string | null {
  const cookies = req.cookies as Record<string, unknown> | undefined;
  const value = cookies?.[SESSION_COOKIE];
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : null;
}

/**
 * CSRF check for routes that act on the session cookie: the custom header
 * (which a cross-site form or fetch cannot send without a preflight the API
 * never allows), and, where the browser tells, a same-origin fetch.
 */
export function assertSameOriginRequest(req: Request): void {
  if (req.get(CSRF_HEADER) !== '1') {
    throw problems.forbidden(`This route uses the session cookie and needs the header ${CSRF_HEADER}: 1`);
  }
  const site = req.get('Sec-Fetch-Site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw problems.forbidden('Cross-site requests may not use the session cookie');
  }
}
