import express, { type ErrorRequestHandler, type RequestHandler } from 'express';

import { toProblem } from '../problems/to-problem.js';
import { writeProblem } from '../problems/write-problem.js';

/** JSON bodies up to 100 kB; strict (objects and arrays only). */
export const jsonBody: RequestHandler = express.json({ limit: '100kb', strict: true });

/** Malformed or oversized bodies become a 400/413 problem before any route runs. */
export const bodyErrors: ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  writeProblem(req, res, toProblem(error));
};
