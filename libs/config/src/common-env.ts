import { IsIn, IsInt, IsString, IsUrl, Matches, Max, Min } from 'class-validator';

/** Variables every Storefleet process reads. */
export class CommonEnv {
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgresql:// connection string' })
  DATABASE_URL!: string;

  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false, require_protocol: true }, { message: 'must be a redis:// URL' })
  REDIS_URL!: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @IsIn(['development', 'production', 'test'])
  NODE_ENV: string = 'development';

  /** Size of each process's Postgres connection pool. */
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE: number = 10;
}

/** Defaults of the per-user limits (PRODUCT.md section 3); users may override them. */
export class LimitsEnv extends CommonEnv {
  @IsInt()
  @Min(0)
  DEFAULT_MAX_LIVE_STORES: number = 5;

  @IsInt()
  @Min(0)
  DEFAULT_MAX_PROVISIONING_STORES: number = 2;

  @IsInt()
  @Min(0)
  DEFAULT_MAX_CREATES_PER_HOUR: number = 10;

  /** Base64 of 32 random bytes: encrypts the copy of each store's admin login kept in Postgres. */
  @IsString()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'must be base64 of exactly 32 bytes (openssl rand -base64 32)' })
  CREDENTIALS_KEY!: string;
}
