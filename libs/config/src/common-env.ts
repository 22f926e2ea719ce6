import {
  type CustomDomainRules,
  DEFAULT_STORE_BASE_DOMAIN,
  type EngineVersions,
  parseVersionList,
  type StoreEngine,
  type UserLimits,
} from '@storefleet/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, IsUrl, Matches, Max, Min, ValidateBy } from 'class-validator';

export const HOSTNAME = /^(?=.{1,200}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f:]+:[0-9a-f:]*$/i;

/** Reads the raw string: implicit conversion would already have turned "false" into true. */
export const toBoolean = ({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
  const raw = obj[key];
  return typeof raw === 'string' ? raw.trim().toLowerCase() === 'true' : raw;
};

/** A comma-separated allow-list of `engine`'s versions (libs/contracts engine-versions.ts). */
function IsVersionList(engine: StoreEngine) {
  return ValidateBy({
    name: 'isVersionList',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && 'versions' in parseVersionList(engine, value),
      defaultMessage: (args) => {
        const parsed = parseVersionList(engine, String(args?.value ?? ''));
        return 'error' in parsed ? parsed.error : 'must be a comma-separated list of versions';
      },
    },
  });
}

/** Variables every Storefleet process reads. */
export class CommonEnv {
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgresql:// connection string' })
  DATABASE_URL!: string;

  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false, require_protocol: true }, { message: 'must be a redis:// URL' })
  REDIS_URL!: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** `json` (one object a line; containers) or `pretty` (pino-pretty, a development dependency; npm start sets it). */
  @IsIn(['json', 'pretty'])
  LOG_FORMAT: 'json' | 'pretty' = 'json';

  @IsIn(['development', 'production', 'test'])
  NODE_ENV: string = 'development';

  /** Size of each process's Postgres connection pool. */
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE: number = 12;
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

  /** Manual backups a user may start per hour (scheduled backups do not count). */
  @IsInt()
  @Min(0)
  DEFAULT_MAX_BACKUPS_PER_HOUR: number = 4;

  /** Base64 of 32 random bytes: encrypts the copy of each store's admin login kept in Postgres. */
  @IsString()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'must be base64 of exactly 32 bytes (openssl rand -base64 32)' })
  CREDENTIALS_KEY!: string;
}

/** What the API and the worker must agree on, validated by this one class in both. */
export class PlatformEnv extends LimitsEnv {
  /** BullMQ key prefix, the same for the API and the worker (no ":", which BullMQ uses to separate its keys). */
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'must be 1-64 letters, digits, "_", "." or "-"' })
  QUEUE_PREFIX: string = 'storefleet';

  /**
   * The WooCommerce versions stores may run (`<WordPress image tag>/<WooCommerce plugin version>`,
   * comma-separated); the first is the version new stores get. Empty: no upgrades, stores run the configured images.
   */
  @IsVersionList('woocommerce')
  WOOCOMMERCE_VERSIONS: string = '';

  /** The Medusa versions (store image tags, comma-separated) stores may run; the first is new stores'. Empty: none. */
  @IsVersionList('medusa')
  MEDUSA_VERSIONS: string = '';

  /** Stores are served at <name>.<STORE_BASE_DOMAIN>; no custom domain may be it or under it. */
  @Matches(HOSTNAME, { message: 'must be a lowercase DNS name such as stores.example.com' })
  STORE_BASE_DOMAIN: string = DEFAULT_STORE_BASE_DOMAIN;

  /** Custom domains a store may have (PUT /stores/{id}/domains); 0 turns custom domains off. */
  @IsInt()
  @Min(0)
  @Max(100)
  CUSTOM_DOMAINS_MAX_PER_STORE: number = 5;

  /** Accept wildcard custom domains (`*.example.com`); the cert-manager issuer must then solve DNS-01. */
  @Transform(toBoolean)
  @IsBoolean()
  CUSTOM_DOMAINS_ALLOW_WILDCARDS: boolean = false;

  /**
   * Where an owner's DNS record for a custom domain points: the platform's ingress (a hostname gives a
   * CNAME, an IPv4/IPv6 address an A/AAAA record). Empty: a CNAME to the store's own platform host.
   */
  @Matches(new RegExp(`^$|${HOSTNAME.source}|${IPV4.source}|${IPV6.source}`), {
    message: 'must be a hostname or an IP address of the ingress, or empty',
  })
  CUSTOM_DOMAINS_DNS_TARGET: string = '';
}

/** The engine versions' allow-lists, from the environment (validated at start-up). */
export function engineVersions(env: PlatformEnv): EngineVersions {
  const list = (engine: StoreEngine, raw: string) => {
    const parsed = parseVersionList(engine, raw);
    return 'versions' in parsed ? parsed.versions : [];
  };
  return { woocommerce: list('woocommerce', env.WOOCOMMERCE_VERSIONS), medusa: list('medusa', env.MEDUSA_VERSIONS) };
}

/** Where custom domains' DNS records point, as store views show them. */
export function domainDns(env: PlatformEnv): { baseDomain: string; target: string } {
  return { baseDomain: env.STORE_BASE_DOMAIN, target: env.CUSTOM_DOMAINS_DNS_TARGET };
}

/** The custom-domain rules, from the environment. */
export function customDomainRules(env: PlatformEnv): CustomDomainRules {
  return {
    baseDomain: env.STORE_BASE_DOMAIN,
    maxPerStore: env.CUSTOM_DOMAINS_MAX_PER_STORE,
    allowWildcards: env.CUSTOM_DOMAINS_ALLOW_WILDCARDS,
  };
}

/** The platform's default limits, from the environment. */
export function defaultLimits(env: LimitsEnv): UserLimits {
  return {
    maxLiveStores: env.DEFAULT_MAX_LIVE_STORES,
    maxProvisioningStores: env.DEFAULT_MAX_PROVISIONING_STORES,
    maxCreatesPerHour: env.DEFAULT_MAX_CREATES_PER_HOUR,
  };
}
