import type { ProblemDetails } from '@storefleet/contracts';
import type { Request, Response } from 'express';

import { requestIdOf } from '../auth/actor.js';
import type { ProblemResponse } from './to-problem.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Sends problem details with the request's id and path, unless a response already started. */
export function writeProblem(req: Request, res: Response, { problem, headers }: ProblemResponse): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const requestId = requestIdOf(req);
  const body: ProblemDetails = { ...problem, instance: req.originalUrl.split('?')[0], requestId };
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}
