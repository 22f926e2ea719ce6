import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuditAction, AuditOutcome } from '@storefleet/contracts';
import type { Request } from 'express';
import { catchError, type Observable } from 'rxjs';

import { actorOf } from '../auth/actor.js';
import { toProblem } from '../problems/to-problem.js';
import { AuditService } from './audit.service.js';

export const AUDITED = 'storefleet:audited';

export interface AuditedOptions {
  action: AuditAction;
  targetType?: 'store' | 'user' | 'job';
  /** Route parameter naming the target (default "id"). */
  targetParam?: string;
}

const RECORDED = Symbol('storefleet:audit-recorded');

/** Marks an error whose refusal the service has already written to the audit log, so it is not written twice. */
export function alreadyAudited<E>(error: E): E {
  if (error && typeof error === 'object') Object.defineProperty(error, RECORDED, { value: true });
  return error;
}

function wasRecorded(error: unknown): boolean {
  return !!error && typeof error === 'object' && RECORDED in error;
}

function outcomeOf(status: number): AuditOutcome {
  return status === 401 || status === 403 || status === 404 || status === 409 || status === 422 || status === 429
    ? 'denied'
    : 'failure';
}

/** Records the refusals and failures of an @Audited route (see Audited). */
@Injectable()
export class AuditFailuresInterceptor implements NestInterceptor {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const options = this.reflector.get<AuditedOptions | undefined>(AUDITED, context.getHandler());
    if (!options) return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (wasRecorded(error)) throw error;
        const { problem } = toProblem(error);
        const targetId = req.params[options.targetParam ?? 'id'];
        const record = this.audit.recordQuietly(actorOf(req), {
          action: options.action,
          outcome: outcomeOf(problem.status),
          targetType: options.targetType,
          targetId: typeof targetId === 'string' ? targetId : null,
          details: { status: problem.status, problem: problem.type, detail: problem.detail ?? null, ...limitDetails(problem) },
        });
        return record.then(() => {
          throw error;
        });
      }),
    );
  }
}

function limitDetails(problem: Record<string, unknown>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const key of ['limit', 'max', 'current', 'name'] as const) {
    const value = problem[key];
    if (typeof value === 'string' || typeof value === 'number') out[key] = value;
  }
  return out;
}

/**
 * Marks a mutating route with the audit action it performs. Services record
 * successes themselves (inside the transaction that makes the change); the
 * route's AuditFailuresInterceptor records every refusal and failure, so a
 * denied or failed attempt is never missing from the log. The interceptor is
 * the route's own, not global: a route without interceptors skips Nest's
 * RxJS pipeline (about 4 % of the CPU of the store list, docs/benchmarks.md).
 */
export const Audited = (action: AuditAction, options: Omit<AuditedOptions, 'action'> = {}) =>
  applyDecorators(
    SetMetadata(AUDITED, { action, ...options } satisfies AuditedOptions),
    UseInterceptors(AuditFailuresInterceptor),
  );
