// Generated from the API's OpenAPI document (GET /api/docs-json) by openapi-typescript.
// Do not edit: `npm run openapi:client` regenerates it; apps/api/src/http/openapi-client.int-spec.ts checks it is current.
export interface paths {
  '/api/v1/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The audit log, newest first, with filters and cursor pagination */
    get: operations['AuditController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Sign in; rate limited per IP and per account
     * @description Returns the access token and sets the refresh token in the HttpOnly cookie `storefleet_session`. Needs no CSRF header: it only accepts application/json, which a cross-site form cannot send.
     */
    post: operations['AuthController_login'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign out: the session cookie and every token rotated from it stop working */
    post: operations['AuthController_logout'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The signed-in user */
    get: operations['AuthController_me'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/refresh': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Exchange the session cookie for a new access token (the cookie is rotated) */
    post: operations['AuthController_refresh'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness: the process answers */
    get: operations['HealthController_live'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Prometheus metrics (Bearer METRICS_TOKEN when that is configured) */
    get: operations['MetricsController_scrape'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/ops/jobs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Jobs in one state (default failed), newest first, with their errors */
    get: operations['OpsController_jobs'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/ops/jobs/{id}/retry': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Retry a failed job (409 if it is not failed) */
    post: operations['OpsController_retry'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/ops/queues': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Job counts per state for every queue */
    get: operations['OpsController_queues'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/platform/engine-versions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The engine versions stores may run, per engine (the first: the version new stores get); POST /stores/{id}/upgrade takes one */
    get: operations['PlatformController_engineVersions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/platform/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The platform's own state: the local cluster's build or start while `npm start` brings it up (the dashboard's banner) */
    get: operations['PlatformController_status'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/ready': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Readiness: Postgres and Redis answer within 2 s (503 problem otherwise) */
    get: operations['HealthController_ready'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/stores': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Stores, newest first: owners see their own, operators and admins all */
    get: operations['StoresController_list'];
    put?: never;
    /** Request a new store (with fromBackup: a clone of a backup); provisioning continues in the background. 404 when fromBackup names a store or backup the user cannot see */
    post: operations['StoresController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/stores/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One store */
    get: operations['StoresController_get'];
    put?: never;
    post?: never;
    /** Delete the store; idempotent (a deleting or deleted store is returned as it is) */
    delete: operations['StoresController_delete'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/stores/{id}/backup-policy': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The store's backup schedule and retention (the platform's defaults until changed) */
    get: operations['BackupPolicyController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Change how often the store is backed up on its own (0 = never) and how many completed backups it keeps */
    patch: operations['BackupPolicyController_update'];
    trace?: never;
  };
  '/api/v1/stores/{id}/backups': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The store's backups, newest first */
    get: operations['BackupsController_list'];
    put?: never;
    /** Back the store up now: running, then completed (manifest verified in the bucket) or failed */
    post: operations['BackupsController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/stores/{id}/backups/{backupId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One backup */
    get: operations['BackupsController_get'];
    put?: never;
    post?: never;
    /** Delete a completed or failed backup; its objects are removed from the bucket in the background */
    delete: operations['BackupsController_delete'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/stores/{id}/credentials': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Reveal the store's admin login (owner only; 409 until provisioning has created it) */
    post: operations['StoresController_credentials'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/stores/{id}/domains': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Replace the store's custom domains ([] removes them): served besides its platform host, with TLS, the first canonical. 400 for a bad hostname, the platform domain or too many; 409 when another store has one or the status does not allow it */
    put: operations['StoresController_setDomains'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/stores/{id}/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The store's provisioning timeline, oldest first */
    get: operations['StoresController_events'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/stores/{id}/restore': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Replace the store's database and files with a completed backup's: restoring (storefront in maintenance), then ready */
    post: operations['RestoreController_restore'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/stores/{id}/resume': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Bring a suspended store back: ready again once every workload is (409 for any other status) */
    post: operations['StoresController_resume'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/stores/{id}/retry': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Provision a failed store again: it waits for a provisioning slot like a new store (409 for any other status) */
    post: operations['StoresController_retry'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/stores/{id}/suspend': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Pause a ready or degraded store: every workload scaled to zero (data kept), its storefront showing "this shop is paused" (409 for any other status) */
    post: operations['StoresController_suspend'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/stores/{id}/upgrade': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Move a ready or degraded store to another engine version (the previous one rolls back): setup Job with the engine's migrations, then a rolling update (400 for a version not offered, 409 for any other status or the version it runs) */
    post: operations['StoresController_upgrade'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/stores/stream': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Live store changes (text/event-stream)
     * @description Each change is an event named "store" whose data is the store's full StoreView, as GET /stores/:id returns it; comment lines are heartbeats. Authenticate with the Authorization header or, for EventSource, ?access_token=. The stream ends when the access token expires; reconnect with a fresh one.
     */
    get: operations['LiveController_stream'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List users, newest first (operator, admin) */
    get: operations['UsersController_list'];
    put?: never;
    /** Create a user (admin) */
    post: operations['UsersController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/users/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One user (operator, admin) */
    get: operations['UsersController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Change role or disable (admin), or set limits (operator, admin); null restores a default */
    patch: operations['UsersController_update'];
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    AuditEntryDto: {
      /** @example store.create */
      action: string;
      actorEmail: string | null;
      actorId: string | null;
      /** @enum {string|null} */
      actorRole: 'owner' | 'operator' | 'admin' | null;
      /** Format: date-time */
      at: string;
      details: Record<string, never> | null;
      id: string;
      ip: string | null;
      /** @enum {string} */
      outcome: 'success' | 'failure' | 'denied';
      requestId: string | null;
      targetId: string | null;
      targetType: string | null;
      userAgent: string | null;
    };
    AuditPageDto: {
      items: components['schemas']['AuditEntryDto'][];
      nextCursor: string | null;
    };
    BackupObjectDto: {
      key: string;
      /** @enum {string} */
      part: 'database' | 'files';
      /** @description Hex SHA-256 of the stored bytes */
      sha256: string;
      size: number;
    };
    BackupPageDto: {
      items: components['schemas']['BackupViewDto'][];
      nextCursor: string | null;
    };
    BackupPolicyViewDto: {
      /** @description Hours between scheduled backups; 0 = no scheduled backups */
      intervalHours: number;
      /** @description True while the store has no policy of its own (the platform's defaults apply) */
      isDefault: boolean;
      /** @description Completed backups kept; older ones are deleted after each completed backup */
      keepLast: number;
      /** Format: uuid */
      storeId: string;
      /** Format: date-time */
      updatedAt: string | null;
    };
    BackupRefDto: {
      /**
       * Format: uuid
       * @description A completed backup of that store
       */
      backupId: string;
      /**
       * Format: uuid
       * @description The store the backup belongs to (owners: one of their own stores)
       */
      storeId: string;
    };
    BackupViewDto: {
      /** Format: date-time */
      completedAt: string | null;
      /** Format: date-time */
      createdAt: string;
      /** @enum {string} */
      engine: 'woocommerce' | 'medusa';
      engineVersion: string | null;
      /** Format: uuid */
      id: string;
      manifestKey: string;
      objects: components['schemas']['BackupObjectDto'][] | null;
      reason: string | null;
      sizeBytes: number | null;
      /** @enum {string} */
      status: 'running' | 'completed' | 'failed';
      /** Format: uuid */
      storeId: string;
      /** @enum {string} */
      trigger: 'manual' | 'scheduled';
    };
    ClusterStatusDto: {
      /** @example Kubernetes */
      component: string | null;
      /** @description Operators and admins only (null for owners) */
      logPath: string | null;
      message: string | null;
      /** @example 12 */
      minutesLeft: number | null;
      /** Format: date-time */
      startedAt: string | null;
      /** @enum {string} */
      state: 'unmanaged' | 'building' | 'starting' | 'ready' | 'failed';
    };
    CreateStoreDto: {
      /** @enum {string} */
      engine: 'woocommerce' | 'medusa';
      /** @description Clone: once provisioned, the new store takes this backup's database and files (with its own credentials and URL). The engine must be the backup's. */
      fromBackup?: components['schemas']['BackupRefDto'];
      /**
       * @description Becomes <name>.<base domain> and the namespace store-<name>; reserved words are refused
       * @example my-shop
       */
      name: string;
      /**
       * @default small
       * @enum {string}
       */
      plan?: 'small' | 'medium' | 'large';
    };
    CreateUserDto: {
      /** Format: email */
      email: string;
      password: string;
      /** @enum {string} */
      role: 'owner' | 'operator' | 'admin';
    };
    DnsRecordDto: {
      /** @example shop.example.com */
      name: string;
      /** @enum {string} */
      type: 'CNAME' | 'A' | 'AAAA';
      /** @example my-shop.stores.example.com */
      value: string;
    };
    EngineVersionsDto: {
      /**
       * @example [
       *       "0.2.0"
       *     ]
       */
      medusa: string[];
      /**
       * @example [
       *       "6.8.3-php8.3-apache/10.2.2"
       *     ]
       */
      woocommerce: string[];
    };
    JobViewDto: {
      attemptsMade: number;
      data: Record<string, never>;
      failedReason: string | null;
      /** Format: date-time */
      finishedOn: string | null;
      id: string;
      /** @example store.provision */
      name: string;
      /** @enum {string} */
      queue: 'store-provisioning' | 'store-teardown' | 'store-operations' | 'reconcile' | 'store-backups';
      /** @enum {string} */
      state:
        'waiting' | 'active' | 'delayed' | 'failed' | 'completed' | 'paused' | 'prioritized' | 'waiting-children' | 'unknown';
      /** Format: date-time */
      timestamp: string;
    };
    LoginDto: {
      /**
       * Format: email
       * @example admin@storefleet.local
       */
      email: string;
      password: string;
    };
    PlatformStatusDto: {
      cluster: components['schemas']['ClusterStatusDto'];
    };
    Problem: {
      detail?: string;
      /** @description Validation problems: one message per field */
      errors?: {
        field: string;
        message: string;
      }[];
      /** @description The request path */
      instance?: string;
      requestId?: string;
      status: number;
      title: string;
      /** @description A stable URI, e.g. https://storefleet.dev/problems/validation */
      type: string;
    } & {
      [key: string]: unknown;
    };
    QueueCountsDto: {
      /**
       * @example {
       *       "waiting": 3,
       *       "active": 2,
       *       "delayed": 0,
       *       "failed": 1,
       *       "completed": 40
       *     }
       */
      counts: Record<string, never>;
      /** @enum {string} */
      queue: 'store-provisioning' | 'store-teardown' | 'store-operations' | 'reconcile' | 'store-backups';
    };
    RestoreStoreDto: {
      /**
       * Format: uuid
       * @description A completed backup of this store
       */
      backupId: string;
    };
    SetStoreDomainsDto: {
      /**
       * @description The whole new list of custom domains (the first is canonical); [] removes them all
       * @example [
       *       "shop.example.com"
       *     ]
       */
      domains: string[];
    };
    StoreCredentialsDto: {
      adminUrl: string | null;
      password: string;
      username: string;
    };
    StoreDomainViewDto: {
      /** @description The record the owner creates at their DNS provider */
      dnsRecord: components['schemas']['DnsRecordDto'];
      /** @example shop.example.com */
      hostname: string;
    };
    StoreEventViewDto: {
      attempt: number;
      durationMs: number | null;
      /** Format: date-time */
      finishedAt: string | null;
      /** Format: uuid */
      id: string;
      message: string | null;
      /** @enum {string} */
      outcome: 'running' | 'succeeded' | 'failed';
      /** Format: date-time */
      startedAt: string;
      /** @example namespace */
      step: string;
    };
    StorePageDto: {
      items: components['schemas']['StoreViewDto'][];
      nextCursor: string | null;
    };
    StoreViewDto: {
      adminUrl: string | null;
      /** Format: date-time */
      deletedAt: string | null;
      domains: components['schemas']['StoreDomainViewDto'][];
      /** @enum {string} */
      engine: 'woocommerce' | 'medusa';
      /**
       * @description The engine version the store runs; null: created before versions were recorded (the configured images)
       * @example 6.8.3-php8.3-apache/10.2.2
       */
      engineVersion: string | null;
      /** Format: uuid */
      id: string;
      name: string;
      /** @example store-my-shop */
      namespace: string;
      /** Format: uuid */
      ownerId: string;
      /** @enum {string} */
      plan: 'small' | 'medium' | 'large';
      provisionAttempts: number;
      /** Format: date-time */
      readyAt: string | null;
      /** Format: date-time */
      requestedAt: string;
      retryCount: number;
      /** @enum {string} */
      status:
        | 'requested'
        | 'provisioning'
        | 'ready'
        | 'degraded'
        | 'failed'
        | 'deleting'
        | 'deleted'
        | 'restoring'
        | 'suspending'
        | 'suspended'
        | 'resuming'
        | 'configuring'
        | 'upgrading';
      statusReason: string | null;
      storefrontUrl: string | null;
      /** @description While upgrading: the version the store is moving to */
      targetEngineVersion: string | null;
      /** Format: date-time */
      updatedAt: string;
    };
    TokenResponseDto: {
      accessToken: string;
      /** @description Seconds until the access token expires */
      expiresIn: number;
      /** @enum {string} */
      tokenType: 'Bearer';
      user: components['schemas']['UserViewDto'];
    };
    UpdateBackupPolicyDto: {
      /** @description Hours between scheduled backups; 0 = off */
      intervalHours?: number;
      /** @description Completed backups to keep */
      keepLast?: number;
    };
    UpdateUserDto: {
      disabled?: boolean;
      maxCreatesPerHour?: number | null;
      maxLiveStores?: number | null;
      maxProvisioningStores?: number | null;
      /** @enum {string} */
      role?: 'owner' | 'operator' | 'admin';
    };
    UpgradeStoreDto: {
      /** @description An engine version this platform offers for the store's engine (GET /platform/engine-versions); the store's previous version rolls back */
      version: string;
    };
    UserLimitOverridesDto: {
      maxCreatesPerHour: number | null;
      maxLiveStores: number | null;
      maxProvisioningStores: number | null;
    };
    UserLimitsDto: {
      maxCreatesPerHour: number;
      maxLiveStores: number;
      maxProvisioningStores: number;
    };
    UserPageDto: {
      items: components['schemas']['UserViewDto'][];
      nextCursor: string | null;
    };
    UserViewDto: {
      /** Format: date-time */
      createdAt: string;
      disabled: boolean;
      /** Format: email */
      email: string;
      /** Format: uuid */
      id: string;
      /** @description Overrides set on this user (null: the default applies) */
      limitOverrides: components['schemas']['UserLimitOverridesDto'];
      /** @description Effective limits */
      limits: components['schemas']['UserLimitsDto'];
      /** @enum {string} */
      role: 'owner' | 'operator' | 'admin';
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  AuditController_list: {
    parameters: {
      query?: {
        action?: string;
        actorId?: string;
        /** @description Opaque cursor: the `nextCursor` of the previous page */
        cursor?: string;
        /** @description Inclusive */
        from?: string;
        limit?: number;
        /** @description A store id, user id or job id */
        targetId?: string;
        /** @description Exclusive */
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AuditPageDto'];
        };
      };
      /** @description Invalid request: bad or unknown fields or query parameters, malformed JSON (`errors[]` names the fields) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Signed in, but not allowed */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  AuthController_login: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['LoginDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TokenResponseDto'];
        };
      };
      /** @description Invalid request: bad or unknown fields or query parameters, malformed JSON (`errors[]` names the fields) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is over 100 kB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  AuthController_logout: {
    parameters: {
      query?: never;
      header: {
        /** @description CSRF protection for the routes that set or use the session cookie */
        'X-Storefleet-Csrf': '1';
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Signed in, but not allowed */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  AuthController_me: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserViewDto'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  AuthController_refresh: {
    parameters: {
      query?: never;
      header: {
        /** @description CSRF protection for the routes that set or use the session cookie */
        'X-Storefleet-Csrf': '1';
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TokenResponseDto'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Signed in, but not allowed */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  HealthController_live: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
    };
  };
  MetricsController_scrape: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  OpsController_jobs: {
    parameters: {
      query?: {
        limit?: number;
        /** @description Default: every queue */
        queue?: 'store-provisioning' | 'store-teardown' | 'store-operations' | 'reconcile' | 'store-backups';
        state?: 'waiting' | 'active' | 'delayed' | 'failed' | 'completed' | 'paused' | 'prioritized' | 'waiting-children';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['JobViewDto'][];
        };
      };
      /** @description Invalid request: bad or unknown fields or query parameters, malformed JSON (`errors[]` names the fields) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Signed in, but not allowed */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  OpsController_retry: {
    parameters: {
      query?: {
        /** @description The queue holding the job; default: look in every queue */
        queue?: 'store-provisioning' | 'store-teardown' | 'store-operations' | 'reconcile' | 'store-backups';
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['JobViewDto'];
        };
      };
      /** @description Invalid request: bad or unknown fields or query parameters, malformed JSON (`errors[]` names the fields) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Signed in, but not allowed */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource (or one the caller may not see) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  OpsController_queues: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['QueueCountsDto'][];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Signed in, but not allowed */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  PlatformController_engineVersions: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EngineVersionsDto'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  PlatformController_status: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PlatformStatusDto'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  HealthController_ready: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  StoresController_list: {
    parameters: {
      query?: {
        /** @description Opaque cursor: the `nextCursor` of the previous page */
        cursor?: string;
        engine?: 'woocommerce' | 'medusa';
        limit?: number;
        /** @description Operators and admins: one owner. Owners only ever see their own stores. */
        ownerId?: string;
        /** @description Part of the name */
        q?: string;
        /** @description One or more (comma-separated) of requested, provisioning, ready, degraded, failed, deleting, deleted, restoring, suspending, suspended, resuming, configuring, upgrading. Default: every status but deleted */
        status?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StorePageDto'];
        };
      };
      /** @description Invalid request: bad or unknown fields or query parameters, malformed JSON (`errors[]` names the fields) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  StoresController_create: {
    parameters: {
      query?: never;
      header?: {
        /** @description Repeating a request with the same key returns the first response */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateStoreDto'];
      };
    };
    responses: {
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StoreViewDto'];
        };
      };
      /** @description Invalid request: bad or unknown fields or query parameters, malformed JSON (`errors[]` names the fields) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource (or one the caller may not see) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is over 100 kB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The Idempotency-Key was used with a different request */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  StoresController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StoreViewDto'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource (or one the caller may not see) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  StoresController_delete: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StoreViewDto'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource (or one the caller may not see) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  BackupPolicyController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BackupPolicyViewDto'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource (or one the caller may not see) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  BackupPolicyController_update: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateBackupPolicyDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BackupPolicyViewDto'];
        };
      };
      /** @description Invalid request: bad or unknown fields or query parameters, malformed JSON (`errors[]` names the fields) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource (or one the caller may not see) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is over 100 kB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  BackupsController_list: {
    parameters: {
      query?: {
        /** @description Opaque cursor: the `nextCursor` of the previous page */
        cursor?: string;
        limit?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BackupPageDto'];
        };
      };
      /** @description Invalid request: bad or unknown fields or query parameters, malformed JSON (`errors[]` names the fields) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource (or one the caller may not see) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  BackupsController_create: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BackupViewDto'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource (or one the caller may not see) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  BackupsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        backupId: string;
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BackupViewDto'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource (or one the caller may not see) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  BackupsController_delete: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        backupId: string;
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource (or one the caller may not see) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  StoresController_credentials: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StoreCredentialsDto'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Signed in, but not allowed */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource (or one the caller may not see) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  StoresController_setDomains: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SetStoreDomainsDto'];
      };
    };
    responses: {
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StoreViewDto'];
        };
      };
      /** @description Invalid request: bad or unknown fields or query parameters, malformed JSON (`errors[]` names the fields) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource (or one the caller may not see) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is over 100 kB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  StoresController_events: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StoreEventViewDto'][];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource (or one the caller may not see) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  RestoreController_restore: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RestoreStoreDto'];
      };
    };
    responses: {
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StoreViewDto'];
        };
      };
      /** @description Invalid request: bad or unknown fields or query parameters, malformed JSON (`errors[]` names the fields) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource (or one the caller may not see) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is over 100 kB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  StoresController_resume: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StoreViewDto'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource (or one the caller may not see) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  StoresController_retry: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StoreViewDto'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource (or one the caller may not see) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  StoresController_suspend: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StoreViewDto'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource (or one the caller may not see) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  StoresController_upgrade: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpgradeStoreDto'];
      };
    };
    responses: {
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StoreViewDto'];
        };
      };
      /** @description Invalid request: bad or unknown fields or query parameters, malformed JSON (`errors[]` names the fields) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource (or one the caller may not see) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is over 100 kB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  LiveController_stream: {
    parameters: {
      query?: {
        access_token?: unknown;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid request: bad or unknown fields or query parameters, malformed JSON (`errors[]` names the fields) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  UsersController_list: {
    parameters: {
      query?: {
        /** @description Opaque cursor: the `nextCursor` of the previous page */
        cursor?: string;
        limit?: number;
        /** @description Case-insensitive part of the email */
        q?: string;
        role?: 'owner' | 'operator' | 'admin';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserPageDto'];
        };
      };
      /** @description Invalid request: bad or unknown fields or query parameters, malformed JSON (`errors[]` names the fields) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Signed in, but not allowed */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  UsersController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateUserDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserViewDto'];
        };
      };
      /** @description Invalid request: bad or unknown fields or query parameters, malformed JSON (`errors[]` names the fields) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Signed in, but not allowed */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is over 100 kB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  UsersController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserViewDto'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Signed in, but not allowed */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource (or one the caller may not see) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  UsersController_update: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateUserDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserViewDto'];
        };
      };
      /** @description Invalid request: bad or unknown fields or query parameters, malformed JSON (`errors[]` names the fields) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not signed in, or the credentials are not valid (with `WWW-Authenticate: Bearer`) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Signed in, but not allowed */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource (or one the caller may not see) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is over 100 kB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (with `Retry-After`) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Postgres or Redis is unavailable (with `Retry-After`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
}
