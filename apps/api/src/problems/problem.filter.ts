import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';

import { toProblem } from './to-problem.js';
import { writeProblem } from './write-problem.js';

/** Global: every error leaves the API as application/problem+json (RFC 9457). */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problems');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const response = toProblem(exception);
    if (response.unexpected) this.logger.error({ err: exception, requestId: req.id }, 'Unhandled error');
    else if (response.problem.status === 503) this.logger.warn({ err: exception, requestId: req.id }, 'Dependency unavailable');
    writeProblem(req, res, response);
  }
}
