import { type DynamicModule, Global, Module } from '@nestjs/common';
import { PrismaModule } from '@storefleet/db';

import { API_CONFIG, type ApiEnv } from './config/api-config.js';
import { HealthModule } from './health/health.module.js';
import { RedisModule } from './redis/redis.module.js';

@Global()
@Module({})
class ConfigModule {
  static forRoot(config: ApiEnv): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: API_CONFIG, useValue: config }], exports: [API_CONFIG] };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: ApiEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        PrismaModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE }),
        RedisModule,
        HealthModule,
      ],
    };
  }
}
