import { Controller, Inject, type MessageEvent, Req, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { isStaff, STORE_STREAM_EVENT, type StoreView } from '@storefleet/contracts';
import type { Request } from 'express';
import { endWith, filter, ignoreElements, interval, map, merge, type Observable, of, takeUntil, timer } from 'rxjs';

import { actorOf, signedIn } from '../auth/actor.js';
import { API_CONFIG, type ApiEnv } from '../config/api-config.js';
import { StoreChanges } from './store-changes.js';

/** A comment line (no event): Nest writes `: text`, and `retry:` when given. Its typing demands data, which it omits. */
const comment = (text: string, retry?: number) => ({ comment: text, ...(retry ? { retry } : {}) }) as MessageEvent;

/** Server-Sent Events of store changes (Nest's SSE support): owners get their own stores, operators and admins all. */
@ApiTags('stores')
@ApiBearerAuth()
@Controller('stores')
export class LiveController {
  constructor(
    @Inject(StoreChanges) private readonly changes: StoreChanges,
    @Inject(API_CONFIG) private readonly config: ApiEnv,
  ) {}

  @Sse('stream')
  @ApiOperation({
    summary: 'Live store changes (text/event-stream)',
    description:
      'Each change is an event named "store" whose data is the store\'s full StoreView, as GET /stores/:id returns it; ' +
      'comment lines are heartbeats. Authenticate with the Authorization header or, for EventSource, ?access_token=. ' +
      'The stream ends when the access token expires; reconnect with a fresh one.',
  })
  @ApiQuery({ name: 'access_token', required: false })
  @ApiProduces('text/event-stream')
  stream(@Req() req: Request): Observable<MessageEvent> {
    const { user } = signedIn(actorOf(req));
    const sees = (store: StoreView) => isStaff(user.role) || store.ownerId === user.id;
    const heartbeatMs = this.config.SSE_HEARTBEAT_SECONDS * 1000;
    // An access token is checked once, when the stream opens: end the stream when it expires.
    const expired = timer(Math.max(0, user.tokenExpiresAt * 1000 - Date.now()));
    // The API is stopping: end every stream (clients reconnect to another replica).
    const stopping = this.changes.stream.pipe(ignoreElements(), endWith(true));
    return merge(
      of(comment('connected', 3000)),
      this.changes.stream.pipe(
        filter(sees),
        map((store): MessageEvent => ({ type: STORE_STREAM_EVENT, data: store })),
      ),
      interval(heartbeatMs).pipe(map(() => comment(`heartbeat ${new Date().toISOString()}`))),
    ).pipe(takeUntil(merge(expired, stopping)));
  }
}
