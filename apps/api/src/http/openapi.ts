import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_PREFIX } from '@storefleet/contracts';

export const OPENAPI_UI_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/docs-json';

export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Storefleet API')
    .setDescription(
      'Self-service WooCommerce and Medusa stores on Kubernetes. Every error is application/problem+json (RFC 9457). ' +
        'Sign in at POST /auth/login and send the access token as `Authorization: Bearer <token>`.',
    )
    .setVersion('1')
    .addServer(API_PREFIX.replace(/\/api\/v1$/, '') || '/')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Serves the document at /api/docs-json and the interactive UI at /api/docs (outside the versioned prefix). */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup(OPENAPI_UI_PATH, app, () => openApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    useGlobalPrefix: false,
    swaggerOptions: { persistAuthorization: false },
  });
}
