import 'reflect-metadata';

import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { API_PREFIX } from '@storefleet/contracts';
import cookieParser from 'cookie-parser';
import { Logger, PinoLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';

import { AppModule } from './app.module.js';
import { type ApiEnv, loadApiConfig, trustProxySetting } from './config/api-config.js';
import { assertDecoratorMetadata } from './http/decorator-metadata.js';
import { bodyErrors, jsonBody } from './http/json-body.js';
import { serveOpenApi } from './http/openapi.js';
import { requestIdMiddleware } from './http/request-id.js';
import { securityHeaders } from './http/security-headers.js';
import { spaFallback } from './http/spa-fallback.js';
import { requestLogging } from './logging/request-logging.js';

export interface CreateApiOptions {
  /** Listen for SIGTERM/SIGINT (the real process); tests running several apps in one process turn it off. */
  shutdownHooks?: boolean;
  /** Where logs go instead of stdout (a test reading what the API logged). */
  logDestination?: DestinationStream;
}

export async function createApi(
  config: ApiEnv,
  { shutdownHooks = true, logDestination }: CreateApiOptions = {},
): Promise<NestExpressApplication> {
  assertDecoratorMetadata();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logDestination), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', trustProxySetting(config.TRUST_PROXY));
  app.set('x-powered-by', false);
  // No ETag on API responses: hashing every JSON body cost CPU on each request, and no client revalidates
  // (the dashboard follows the live stream). Static dashboard files keep theirs (serve-static's own).
  app.set('etag', false);
  // Before anything else: every response (even a malformed body's 400) carries a request id.
  app.use(requestIdMiddleware, requestLogging(await app.resolve(PinoLogger)));
  app.use(securityHeaders);
  app.use(jsonBody, bodyErrors, cookieParser());
  if (config.DASHBOARD_DIR) {
    app.useStaticAssets(config.DASHBOARD_DIR, { index: 'index.html' });
    app.use(spaFallback(config.DASHBOARD_DIR));
  }
  app.setGlobalPrefix(API_PREFIX.slice(1));
  serveOpenApi(app);
  if (shutdownHooks) app.enableShutdownHooks();
  return app;
}

async function main(): Promise<void> {
  const config = loadApiConfig();
  const app = await createApi(config);
  await app.listen(config.PORT, config.HOST);
  app.get(Logger).log(`Storefleet API listening on http://${config.HOST}:${config.PORT}${API_PREFIX}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
