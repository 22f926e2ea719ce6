import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { isStaff, STORE_STREAM_EVENT, type StoreChangeMessage } from '@storefleet/contracts';
import type { Request, Response } from 'express';
import { filter } from 'rxjs';

import { actorOf, signedIn } from '../auth/actor.js';
import { API_CONFIG, type ApiEnv } from '../config/api-config.js';
import { StoreChanges } from './store-changes.js';

/** Server-Sent Events of store changes: owners get their own stores, operators and admins all. */
@ApiTags('stores')
@ApiBearerAuth()
@Controller('stores')
export class LiveController {
  constructor(
    @Inject(StoreChanges) private readonly changes: StoreChanges,
    @Inject(API_CONFIG) private readonly config: ApiEnv,
  ) {}

  @Get('stream')
  @ApiOperation({
    summary: 'Live store changes (text/event-stream)',
    description:
      'Each change is an event named "store" whose data is a StoreChangeMessage; comment lines are heartbeats. ' +
      'Authenticate with the Authorization header or, for EventSource, ?access_token=. The stream ends when the ' +
      'access token expires; reconnect with a fresh one.',
  })
  @ApiQuery({ name: 'access_token', required: false })
  @ApiProduces('text/event-stream')
  stream(@Req() req: Request, @Res() res: Response): void {
    const { user } = signedIn(actorOf(req));
    const sees = (change: StoreChangeMessage) => isStaff(user.role) || change.ownerId === user.id;

    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no'); // nginx ingress: do not buffer
    res.flushHeaders();
    req.socket.setNoDelay(true);
    req.socket.setTimeout(0);
    res.write(`retry: 3000\n: connected\n\n`);

    const subscription = this.changes.stream.pipe(filter(sees)).subscribe({
      next: (change) => res.write(`event: ${STORE_STREAM_EVENT}\ndata: ${JSON.stringify(change)}\n\n`),
      complete: () => res.end(),
    });
    const heartbeat = setInterval(
      () => res.write(`: heartbeat ${new Date().toISOString()}\n\n`),
      this.config.SSE_HEARTBEAT_SECONDS * 1000,
    );
    // An access token is checked once, when the stream opens: end the stream when it expires.
    const expiry = setTimeout(() => res.end(), Math.max(0, user.tokenExpiresAt * 1000 - Date.now()));

    const close = () => {
      subscription.unsubscribe();
      clearInterval(heartbeat);
      clearTimeout(expiry);
    };
    res.on('close', close);
  }
}
