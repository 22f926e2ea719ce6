import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE, DiscoveryModule } from '@nestjs/core';
import { PrismaModule } from '@storefleet/db';
import { LoggingModule } from '@storefleet/logging';
import { QueueModule } from '@storefleet/queue';
import type { DestinationStream } from 'pino';

import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { JwtAuthGuard } from './auth/jwt-auth.guard.js';
import { RolesGuard } from './auth/roles.guard.js';
import { BackupsModule } from './backups/backups.module.js';
import { API_CONFIG, type ApiEnv } from './config/api-config.js';
import { HealthModule } from './health/health.module.js';
import { RouteCatalog } from './http/route-catalog.js';
import { LiveModule } from './live/live.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { OpsModule } from './ops/ops.module.js';
import { PlatformModule } from './platform/platform.module.js';
import { ProblemFilter } from './problems/problem.filter.js';
import { createValidationPipe } from './problems/validation.js';
import { ApiRateLimitGuard } from './rate-limit/api-rate-limit.guard.js';
import { RedisModule } from './redis/redis.module.js';
import { StoresModule } from './stores/stores.module.js';
import { UsersModule } from './users/users.module.js';

@Global()
@Module({})
class ConfigModule {
  static forRoot(config: ApiEnv): DynamicModule {
    return {
      module: ConfigModule,
      imports: [DiscoveryModule],
      providers: [{ provide: API_CONFIG, useValue: config }, RouteCatalog],
      exports: [API_CONFIG, RouteCatalog],
    };
  }
}

@Module({})
export class AppModule {
  /** `logDestination`: where logs go instead of stdout (tests read them). */
  static forRoot(config: ApiEnv, logDestination?: DestinationStream): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot({ level: config.LOG_LEVEL, format: config.LOG_FORMAT }, logDestination),
        PrismaModule.forRoot({
          url: config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
          connectionTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
          queryTimeoutMs: config.DATABASE_QUERY_TIMEOUT_MS,
        }),
        RedisModule,
        QueueModule.forRoot({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX }),
        AuditModule,
        AuthModule,
        UsersModule,
        LiveModule, // before StoresModule: /stores/stream must be routed before /stores/:id
        StoresModule,
        BackupsModule,
        OpsModule,
        PlatformModule,
        MetricsModule,
        HealthModule,
      ],
      providers: [
        // Guards run in this order: who you are, how fast you go, what you may do.
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: ApiRateLimitGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
