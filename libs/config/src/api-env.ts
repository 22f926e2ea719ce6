import { IsEmail, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

import { PlatformEnv } from './common-env.js';
import { loadConfig } from './load-config.js';

/** The API's environment, validated once at start-up (see docs/configuration.md, section API). */
export class ApiEnv extends PlatformEnv {
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3000;

  /** Listen address: loopback unless configured (the Helm chart and the image set 0.0.0.0). */
  @IsString()
  HOST: string = '127.0.0.1';

  /** Folder with the built dashboard to serve at /, if any (npm start sets it). */
  @IsOptional()
  @IsString()
  DASHBOARD_DIR?: string;

  /**
   * The local cluster's status file (scripts/cluster/progress.sh; npm start sets it), served as
   * GET /api/v1/platform/status for the dashboard's banner. Unset: a cluster the platform did not build.
   */
  @IsOptional()
  @IsString()
  CLUSTER_STATUS_FILE?: string;

  /** Express "trust proxy": whose X-Forwarded-For to believe when finding the client's IP. */
  @IsString()
  TRUST_PROXY: string = 'loopback, linklocal, uniquelocal';

  // --- Authentication -------------------------------------------------------

  /** HMAC key for access tokens; at least 32 characters. */
  @IsString()
  @MinLength(32)
  JWT_SECRET!: string;

  @IsString()
  JWT_ISSUER: string = 'storefleet';

  @IsString()
  JWT_AUDIENCE: string = 'storefleet-api';

  /** Lifetime of an access token. */
  @IsInt()
  @Min(5)
  @Max(24 * 3600)
  JWT_ACCESS_TTL_SECONDS: number = 900;

  /** Lifetime of a refresh token (each use rotates it). */
  @IsInt()
  @Min(60)
  REFRESH_TOKEN_TTL_SECONDS: number = 30 * 24 * 3600;

  /** First start: the admin to create when no admin exists. */
  @IsOptional()
  @IsEmail()
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'must be at least 12 characters' })
  @MaxLength(256)
  ADMIN_PASSWORD?: string;

  // --- Rate limits (Redis, shared by all replicas) ----------------------------

  @IsString()
  RATE_LIMIT_PREFIX: string = 'storefleet:rate';

  /** Login attempts per client IP per window. */
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT_PER_IP: number = 20;

  /** Failed logins per account per window; a successful login resets it. */
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT_PER_ACCOUNT: number = 10;

  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT_WINDOW_SECONDS: number = 900;

  /** Requests per user (or per IP before sign-in) per window, across the whole API. */
  @IsInt()
  @Min(1)
  API_RATE_LIMIT: number = 300;

  @IsInt()
  @Min(1)
  API_RATE_LIMIT_WINDOW_SECONDS: number = 60;

  // --- Queues ---------------------------------------------------------------

  /** How long a request waits for Redis to accept a job before leaving it to the reconciler (which re-adds lost jobs). */
  @IsInt()
  @Min(100)
  ENQUEUE_TIMEOUT_MS: number = 3_000;

  /** How long the first response to an Idempotency-Key is remembered. */
  @IsInt()
  @Min(60)
  IDEMPOTENCY_KEY_TTL_SECONDS: number = 24 * 3600;

  // --- Dependencies ---------------------------------------------------------

  @IsInt()
  @Min(100)
  DATABASE_CONNECT_TIMEOUT_MS: number = 3_000;

  @IsInt()
  @Min(100)
  DATABASE_QUERY_TIMEOUT_MS: number = 10_000;

  @IsInt()
  @Min(100)
  REDIS_COMMAND_TIMEOUT_MS: number = 2_000;

  // --- Live stream and metrics ----------------------------------------------

  @IsInt()
  @Min(1)
  SSE_HEARTBEAT_SECONDS: number = 15;

  /** If set, GET /api/v1/metrics requires `Authorization: Bearer <METRICS_TOKEN>`. */
  @IsOptional()
  @IsString()
  @MinLength(16)
  METRICS_TOKEN?: string;
}

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiEnv {
  return loadConfig(ApiEnv, env);
}
