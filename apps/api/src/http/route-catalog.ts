import { Inject, Injectable, RequestMethod, SetMetadata } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { API_PREFIX, type Role } from '@storefleet/contracts';

import { AUDITED } from '../audit/audited.js';
import { IS_PUBLIC, ROLES, SKIP_API_RATE_LIMIT } from '../auth/decorators.js';

export const PROBLEMS = 'storefleet:problems';

/**
 * Error statuses a route answers beyond those its guards, parameters and body
 * already imply (see openapi.ts): e.g. 409 for a name that is taken.
 */
export const ApiProblems = (...statuses: number[]) => SetMetadata(PROBLEMS, statuses);

export interface RouteEntry {
  /** GET, POST, … */
  method: string;
  /** Express form: /api/v1/stores/:id */
  path: string;
  /** OpenAPI form: /api/v1/stores/{id} */
  openApiPath: string;
  isPublic: boolean;
  roles: Role[];
  skipsApiRateLimit: boolean;
  audited: boolean;
  /** From @ApiProblems. */
  problems: number[];
  matches(path: string): boolean;
}

/** A path segment as a regular expression: `:id` matches any one segment, anything else itself. */
function segmentPattern(segment: string): string {
  return segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
}

/**
 * Every route Nest registered, read once from the decorators' metadata: what
 * the OpenAPI document, the 405 answer and the route tests all build on.
 */
@Injectable()
export class RouteCatalog {
  private cached: RouteEntry[] | null = null;

  constructor(
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  routes(): RouteEntry[] {
    this.cached ??= this.discover();
    return this.cached;
  }

  /** The methods some route serves at this path (HEAD with GET, OPTIONS always), or [] if none does. */
  allowedMethods(path: string): string[] {
    const methods = new Set(this.routes().flatMap((r) => (r.matches(path) ? [r.method] : [])));
    if (methods.size === 0) return [];
    if (methods.has('GET')) methods.add('HEAD');
    methods.add('OPTIONS');
    return [...methods].sort();
  }

  private discover(): RouteEntry[] {
    const routes: RouteEntry[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller || !wrapper.instance) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      const prototype = Object.getPrototypeOf(wrapper.instance) as Record<string, unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as (...args: unknown[]) => unknown;
        const routePath = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (routePath === undefined || method === undefined) continue;
        const path = `${API_PREFIX}/${[base, routePath].filter((p) => p && p !== '/').join('/')}`
          .replace(/\/+/g, '/')
          .replace(/\/$/, '');
        const pattern = new RegExp(`^${path.split('/').map(segmentPattern).join('/')}/?$`);
        const targets = [handler, controller];
        routes.push({
          method: RequestMethod[method],
          path,
          openApiPath: path.replace(/:([A-Za-z]+)/g, '{$1}'),
          isPublic: this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets) ?? false,
          roles: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets) ?? [],
          skipsApiRateLimit: this.reflector.getAllAndOverride<boolean | undefined>(SKIP_API_RATE_LIMIT, targets) ?? false,
          audited: !!Reflect.getMetadata(AUDITED, handler),
          problems: this.reflector.getAllAndMerge<number[]>(PROBLEMS, targets) ?? [],
          matches: (candidate) => pattern.test(candidate),
        });
      }
    }
    return routes;
  }
}
