import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

import { OPENAPI_UI_PATH } from './openapi.js';

/**
 * The dashboard is a Vite build served from this origin: scripts, styles,
 * fonts and API calls all come from 'self', nothing inline, no eval, no
 * frames, no plugins. React's `style` props go through CSSOM and need no
 * 'unsafe-inline'. Tested in Chromium (apps/dashboard/e2e/security.e2e-spec.ts).
 */
const DASHBOARD_CSP = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** Swagger UI (at /api/docs) writes inline styles and an inline bootstrap script. */
const OPENAPI_UI_CSP = {
  ...DASHBOARD_CSP,
  'script-src': ["'self'", "'unsafe-inline'"],
  'style-src': ["'self'", "'unsafe-inline'"],
};

const common = {
  // HSTS only over TLS (below): sent over plain HTTP it would be ignored, and
  // on http://127.0.0.1 during development it has nothing to protect.
  strictTransportSecurity: false,
  referrerPolicy: { policy: 'no-referrer' as const },
  frameguard: { action: 'deny' as const },
  crossOriginEmbedderPolicy: false,
} as const;

const dashboardHeaders = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: DASHBOARD_CSP } });
const openApiUiHeaders = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: OPENAPI_UI_CSP } });
const hsts = helmet.strictTransportSecurity({ maxAge: 365 * 24 * 3600, includeSubDomains: true });

/**
 * Security headers on every response: CSP with frame-ancestors 'none' (and
 * X-Frame-Options: DENY for old browsers), X-Content-Type-Options: nosniff,
 * Referrer-Policy: no-referrer, cross-origin isolation of resources, and
 * Strict-Transport-Security when the request came over TLS (req.secure honours
 * X-Forwarded-Proto from a trusted proxy, see TRUST_PROXY).
 */
export const securityHeaders: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
  const headers = req.path.startsWith(`/${OPENAPI_UI_PATH}`) ? openApiUiHeaders : dashboardHeaders;
  headers(req, res, (error?: unknown) => {
    if (error) {
      next(error);
      return;
    }
    if (req.secure) hsts(req, res, next);
    else next();
  });
};
