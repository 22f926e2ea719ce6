import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { STORE_CHANGES_CHANNEL, STORE_STATUSES, type StoreView } from '@storefleet/contracts';
import { Redis } from 'ioredis';
import { Observable, Subject } from 'rxjs';

import { API_CONFIG, type ApiEnv } from '../config/api-config.js';
import { quietErrors } from '../redis/redis.module.js';

function isStoreView(value: unknown): value is StoreView {
  const v = value as Partial<StoreView> | null;
  return (
    !!v &&
    typeof v.id === 'string' &&
    typeof v.ownerId === 'string' &&
    typeof v.name === 'string' &&
    (STORE_STATUSES as readonly unknown[]).includes(v.status)
  );
}

/**
 * The one subscriber: store changes announced by StoreLifecycle in every
 * process (the worker and all API replicas), each a full StoreView, read
 * from Redis pub/sub on a connection of its own — a subscribed connection can
 * do nothing else. ioredis reconnects and resubscribes by itself.
 */
@Injectable()
export class StoreChanges implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(StoreChanges.name);
  private readonly changes = new Subject<StoreView>();
  private subscriber: Redis | undefined;

  constructor(@Inject(API_CONFIG) private readonly config: ApiEnv) {}

  async onModuleInit(): Promise<void> {
    this.subscriber = quietErrors(
      new Redis(this.config.REDIS_URL, {
        connectTimeout: this.config.REDIS_COMMAND_TIMEOUT_MS,
        maxRetriesPerRequest: null,
        retryStrategy: (times) => Math.min(times * 200, 2_000),
      }),
      'StoreChanges',
    );
    this.subscriber.on('message', (_channel: string, raw: string) => this.receive(raw));
    // If Redis is down at start-up the SUBSCRIBE waits in ioredis's offline queue
    // and is sent when it comes back; start-up does not wait for that.
    const subscribed = this.subscriber.subscribe(STORE_CHANGES_CHANNEL);
    subscribed.catch((error: unknown) => this.logger.warn({ err: error }, 'Could not subscribe to store changes'));
    await Promise.race([
      subscribed.catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, this.config.REDIS_COMMAND_TIMEOUT_MS).unref()),
    ]);
  }

  /** Ends every open stream before the HTTP server closes (it waits for open connections); clients reconnect elsewhere. */
  beforeApplicationShutdown(): void {
    this.changes.complete();
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
  }

  get stream(): Observable<StoreView> {
    return this.changes.asObservable();
  }

  private receive(raw: string): void {
    try {
      const message: unknown = JSON.parse(raw);
      if (isStoreView(message)) this.changes.next(message);
    } catch {
      this.logger.warn('Ignored a malformed store change message');
    }
  }
}
