import { type ArgumentsHost, Catch, type ExceptionFilter, Inject, Logger, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';

import { RouteCatalog } from '../http/route-catalog.js';
import { problems } from './problem.js';
import { toProblem } from './to-problem.js';
import { writeProblem } from './write-problem.js';

/** Global: every error leaves the API as application/problem+json (RFC 9457). */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problems');

  constructor(@Inject(RouteCatalog) private readonly routes: RouteCatalog) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const response = toProblem(this.methodNotAllowed(exception, req) ?? exception);
    if (response.unexpected) this.logger.error({ err: exception, requestId: req.id }, 'Unhandled error');
    else if (response.problem.status === 503) this.logger.warn({ err: exception, requestId: req.id }, 'Dependency unavailable');
    writeProblem(req, res, response);
  }

  /** Nest's "no route" 404 for a path that has routes, only not for this method, is a 405 with Allow. */
  private methodNotAllowed(exception: unknown, req: Request): unknown {
    if (!(exception instanceof NotFoundException) || !exception.message.startsWith('Cannot ')) return null;
    // originalUrl: Nest mounts its not-found handler under the global prefix, so req.path lacks it.
    const allowed = this.routes.allowedMethods(req.originalUrl.split('?')[0]!);
    return allowed.length > 0 && !allowed.includes(req.method) ? problems.methodNotAllowed(req.method, allowed) : null;
  }
}
