import { type DynamicModule, Global, Inject, Injectable, Module, type OnModuleDestroy } from '@nestjs/common';

import { PrismaClient } from './generated/prisma/client.js';
import { type DatabaseOptions, prismaClientOptions } from './prisma-client.js';

export const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');

/** The application's Prisma client; connects on first use and disconnects on shutdown. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(DATABASE_OPTIONS) options: DatabaseOptions) {
    super(prismaClientOptions(options));
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
