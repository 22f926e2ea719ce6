import { type DynamicModule, Global, Inject, Injectable, Module, type OnModuleDestroy } from '@nestjs/common';
import type pg from 'pg';

import { PrismaClient } from './generated/prisma/client.js';
import { createPool, type DatabaseOptions, prismaClientOptions } from './prisma-client.js';

export const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');

/**
 * The application's Prisma client; connects on first use and disconnects on shutdown. `pool` is
 * the pg pool it runs on, for the statements written by hand for speed (stores.repository).
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  readonly pool: pg.Pool;

  constructor(@Inject(DATABASE_OPTIONS) options: DatabaseOptions) {
    const pool = createPool(options);
    super(prismaClientOptions(pool));
    this.pool = pool;
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}

@Global()
@Module({})
export class PrismaModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: PrismaModule,
      providers: [{ provide: DATABASE_OPTIONS, useValue: options }, PrismaService],
      exports: [PrismaService],
    };
  }
}
