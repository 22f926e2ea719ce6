import path from 'node:path';

import { API_PREFIX } from '@storefleet/contracts';
import type { NextFunction, Request, Response } from 'express';

/**
 * The dashboard is a single-page app: a browser asking for /stores/42 must get
 * index.html, while anything under /api (and anything that is not a GET for a
 * page) goes on to the API and its 404 problem.
 */
export function spaFallback(dashboardDir: string) {
  const index = path.resolve(dashboardDir, 'index.html');
  const apiRoot = API_PREFIX.split('/')[1] ?? 'api';
  return (req: Request, res: Response, next: NextFunction): void => {
    const isApi = req.path === `/${apiRoot}` || req.path.startsWith(`/${apiRoot}/`);
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApi || path.extname(req.path) !== '' || !req.accepts('html')) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index, (error) => {
      if (error) next();
    });
  };
}
