import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { engineVersions } from '@storefleet/config';
import { API_PREFIX, type EngineVersions, ProblemType, SESSION_COOKIE } from '@storefleet/contracts';

import { API_CONFIG, type ApiEnv } from '../config/api-config.js';
import { PROBLEM_CONTENT_TYPE } from '../problems/write-problem.js';
import { schemaRuleOf } from './fields.js';
import { RouteCatalog, type RouteEntry } from './route-catalog.js';

type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;
type SchemaOrRef = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];
type SchemaObject = Exclude<SchemaOrRef, { $ref: string }>;

export const OPENAPI_UI_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/docs-json';

/** RFC 9457 problem details, as every error leaves the API (problems/write-problem.ts). */
const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', description: `A stable URI, e.g. ${ProblemType.Validation}` },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'The request path' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      description: 'Validation problems: one message per field',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
  additionalProperties: true,
};

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: bad or unknown fields or query parameters, malformed JSON (`errors[]` names the fields)',
  401: 'Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`)',
  403: 'Signed in, but not allowed',
  404: 'No such resource (or one the caller may not see)',
  409: 'Conflicts with the current state',
  413: 'The body is over 100 kB',
  422: 'The Idempotency-Key was used with a different request',
  429: 'Too many requests (with `Retry-After`)',
  503: 'Postgres or Redis is unavailable (with `Retry-After`)',
};

/**
 * The error statuses one route can answer, from what the code declares: its
 * guards (authentication, roles, rate limit), its inputs (parameters, body)
 * and what its handler throws (@ApiProblems).
 */
export function problemStatusesOf(route: RouteEntry, operation: OperationObject): number[] {
  const statuses = new Set(route.problems);
  const where = (operation.parameters ?? []).map((p) => ('in' in p ? p.in : null));
  // Query parameters and bodies are validated (400); a path id that is not one is simply not found (404).
  if (where.includes('query') || operation.requestBody) statuses.add(400);
  if (operation.requestBody) statuses.add(413);
  if (!route.isPublic) statuses.add(401);
  if (route.roles.length > 0) statuses.add(403);
  if (where.includes('path')) statuses.add(404);
  if (!route.skipsApiRateLimit) statuses.add(429);
  // Authentication reads Postgres and the rate limit Redis; public, unlimited routes declare their own.
  if (!route.isPublic || !route.skipsApiRateLimit) statuses.add(503);
  return [...statuses].sort();
}

function refName(schema: SchemaOrRef | undefined): string | null {
  return schema && '$ref' in schema ? (schema.$ref.split('/').pop() ?? null) : null;
}

/**
 * Makes the generated document say everything the server does: every error
 * status with its problem+json schema, which routes need which credentials,
 * and that request bodies may not carry unknown fields (the ValidationPipe's
 * forbidNonWhitelisted).
 */
export function completeDocument(document: OpenAPIObject, routes: RouteEntry[]): OpenAPIObject {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas.Problem = PROBLEM_SCHEMA;
  document.security = [{ bearer: [] }];
  const requestSchemas = new Set<string>();
  for (const route of routes) {
    const operation = document.paths[route.openApiPath]?.[route.method.toLowerCase() as 'get'];
    if (!operation) throw new Error(`OpenAPI document has no ${route.method} ${route.openApiPath}`);
    if (route.isPublic) {
      const usesCookie = operation.security?.some((s) => 'session' in s) ?? false;
      // Logout without a cookie is fine (idempotent), so there the cookie is optional: {} is "no credentials".
      operation.security = usesCookie ? (route.problems.includes(401) ? [{ session: [] }] : [{ session: [] }, {}]) : [];
    }
    for (const status of problemStatusesOf(route, operation)) {
      operation.responses[String(status)] = {
        description: PROBLEM_DESCRIPTIONS[status] ?? 'Error',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    }
    const body = operation.requestBody && 'content' in operation.requestBody ? operation.requestBody : undefined;
    const name = refName(body?.content['application/json']?.schema);
    if (name) requestSchemas.add(name);
  }
  // A request body's nested objects (e.g. fromBackup) refuse unknown fields too, as the ValidationPipe does.
  for (const name of requestSchemas) {
    const schema = document.components.schemas[name];
    for (const property of Object.values((schema && 'properties' in schema ? schema.properties : undefined) ?? {})) {
      const nested = refName(property) ?? refName((property as { allOf?: SchemaOrRef[] }).allOf?.[0]);
      if (nested) requestSchemas.add(nested);
    }
  }
  for (const name of requestSchemas) {
    const schema = document.components.schemas[name];
    if (schema && !('$ref' in schema)) Object.assign(schema, { additionalProperties: false }, schemaRuleOf(name));
  }
  return document;
}

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
    .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE }, 'session')
    .build();
  const document = completeDocument(SwaggerModule.createDocument(app, config), app.get(RouteCatalog).routes());
  return offerEngineVersions(document, engineVersions(app.get<ApiEnv>(API_CONFIG, { strict: false })));
}

/**
 * The versions an upgrade may name are configuration, so the served document
 * lists them (an enum): a version none of the engines offers is a request the
 * document forbids (400); an offered version of another engine than the
 * store's conflicts with the store (409). Without any, the field stays a string.
 */
export function offerEngineVersions(document: OpenAPIObject, versions: EngineVersions): OpenAPIObject {
  const offered = [...new Set([...versions.woocommerce, ...versions.medusa])];
  const schema = document.components?.schemas?.UpgradeStoreDto;
  const version = schema && 'properties' in schema ? schema.properties?.version : undefined;
  if (offered.length > 0 && version && !('$ref' in version)) version.enum = offered;
  return document;
}

/** Serves the document at /api/docs-json and the interactive UI at /api/docs (outside the versioned prefix). */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup(OPENAPI_UI_PATH, app, () => openApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    useGlobalPrefix: false,
    swaggerOptions: { persistAuthorization: false },
  });
}
