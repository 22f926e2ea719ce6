import 'reflect-metadata';

import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { API_PREFIX } from '@storefleet/contracts';

import { AppModule } from './app.module.js';
import { type ApiEnv, loadApiConfig } from './config/api-config.js';

export async function createApi(config: ApiEnv): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: false });
  app.setGlobalPrefix(API_PREFIX.slice(1));
  app.enableShutdownHooks();
  if (config.DASHBOARD_DIR) app.useStaticAssets(config.DASHBOARD_DIR, { index: 'index.html' });
  return app;
}

async function main(): Promise<void> {
  const config = loadApiConfig();
  const app = await createApi(config);
  await app.listen(config.PORT, config.HOST);
  console.log(`Storefleet API listening on http://${config.HOST}:${config.PORT}${API_PREFIX}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
