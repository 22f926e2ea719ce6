import { LimitsEnv, loadConfig } from '@storefleet/config';
import { IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';

/** The API's environment, validated once at start-up (see docs/configuration.md). */
export class ApiEnv extends LimitsEnv {
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3000;

  @IsString()
  HOST: string = '0.0.0.0';

  /** Folder with the built dashboard to serve at /, if any (npm start sets it). */
  @IsOptional()
  @IsString()
  DASHBOARD_DIR?: string;

  /** HMAC key for access tokens; at least 32 characters. */
  @IsString()
  @MinLength(32)
  JWT_SECRET!: string;
}

export const API_CONFIG = Symbol('API_CONFIG');

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiEnv {
  return loadConfig(ApiEnv, env);
}
