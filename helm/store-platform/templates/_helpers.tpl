{{/* Names */}}
{{- define "sp.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "sp.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Cluster-scoped objects carry the namespace too: one release per namespace may exist. */}}
{{- define "sp.clusterName" -}}
{{- printf "%s-%s" .Release.Namespace (include "sp.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels. Call with (dict "ctx" $ "component" "api"). */}}
{{- define "sp.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: storefleet
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
{{ include "sp.selectorLabels" . }}
{{- end }}

{{- define "sp.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sp.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
{{- if .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
{{- end }}

{{/* "repository:tag" of a Storefleet image; the tag defaults to appVersion. */}}
{{- define "sp.image" -}}
{{- printf "%s:%s" .image.repository (default .ctx.Chart.AppVersion .image.tag) }}
{{- end }}

{{/* Pod security context: the shared one plus the component's user ids. */}}
{{- define "sp.podSecurityContext" -}}
{{- toYaml (mustMergeOverwrite (deepCopy .ctx.Values.podSecurityContext) .component.podSecurityContext) }}
{{- end }}

{{- define "sp.imagePullSecrets" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
{{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* Scheduling fields of a component. */}}
{{- define "sp.scheduling" -}}
{{- with .nodeSelector }}
nodeSelector:
{{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
{{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
{{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/*
A container behind the ingress keeps serving for drainSeconds after its pod is
deleted, before it is signalled: the endpoint controller and the ingress
controller need that long to stop sending it requests. Without it a rolling
update answers 502 to requests routed to a pod that has already exited.
*/}}
{{- define "sp.drainOnStop" -}}
{{- if gt (int .drainSeconds) 0 -}}
lifecycle:
  preStop:
    sleep: { seconds: {{ int .drainSeconds }} }
{{- end }}
{{- end }}

{{/* Secret names */}}
{{- define "sp.appSecretName" -}}
{{- default (printf "%s-app" (include "sp.fullname" .)) .Values.secrets.existingSecret }}
{{- end }}
{{- define "sp.postgresqlName" -}}
{{- printf "%s-postgresql" (include "sp.fullname" .) }}
{{- end }}
{{- define "sp.postgresqlSecretName" -}}
{{- default (include "sp.postgresqlName" .) .Values.postgresql.auth.existingSecret }}
{{- end }}
{{- define "sp.redisName" -}}
{{- printf "%s-redis" (include "sp.fullname" .) }}
{{- end }}
{{- define "sp.redisSecretName" -}}
{{- default (include "sp.redisName" .) .Values.redis.auth.existingSecret }}
{{- end }}
{{- define "sp.workerServiceAccountName" -}}
{{- printf "%s-worker" (include "sp.fullname" .) }}
{{- end }}

{{/*
A generated secret value that survives upgrades: the value already in the
cluster's Secret if there is one (lookup), else a new random one. Call with
(dict "ctx" $ "secret" <name> "key" <key> "value" <fresh value>).
*/}}
{{- define "sp.keptSecretValue" -}}
{{- $existing := lookup "v1" "Secret" .ctx.Release.Namespace .secret }}
{{- if and $existing $existing.data (hasKey $existing.data .key) }}
{{- index $existing.data .key }}
{{- else }}
{{- .value | b64enc }}
{{- end }}
{{- end }}

{{/*
DATABASE_URL (and, with "migration" true, DATABASE_MIGRATION_URL) as env
entries. Bundled Postgres: assembled by Kubernetes from the password env var
($(VAR) expansion), so no connection string with a password is stored.
*/}}
{{- define "sp.databaseEnv" -}}
{{- $ctx := .ctx }}
{{- if $ctx.Values.postgresql.enabled }}
{{- $host := printf "%s.%s.svc" (include "sp.postgresqlName" $ctx) $ctx.Release.Namespace }}
{{- if .migration }}
- name: STOREFLEET_OWNER_PASSWORD
  valueFrom: { secretKeyRef: { name: {{ include "sp.postgresqlSecretName" $ctx }}, key: owner-password } }
- name: DATABASE_MIGRATION_URL
  value: {{ printf "postgresql://%s:$(STOREFLEET_OWNER_PASSWORD)@%s:5432/%s" $ctx.Values.postgresql.ownerUsername $host $ctx.Values.postgresql.database | quote }}
{{- else }}
- name: STOREFLEET_APP_PASSWORD
  valueFrom: { secretKeyRef: { name: {{ include "sp.postgresqlSecretName" $ctx }}, key: app-password } }
- name: DATABASE_URL
  value: {{ printf "postgresql://storefleet_app:$(STOREFLEET_APP_PASSWORD)@%s:5432/%s" $host $ctx.Values.postgresql.database | quote }}
{{- end }}
{{- else }}
{{- if not $ctx.Values.externalDatabase.existingSecret }}
{{- fail "postgresql.enabled is false: set externalDatabase.existingSecret" }}
{{- end }}
{{- if .migration }}
- name: DATABASE_MIGRATION_URL
  valueFrom: { secretKeyRef: { name: {{ $ctx.Values.externalDatabase.existingSecret }}, key: {{ $ctx.Values.externalDatabase.migrationUrlKey }} } }
{{- else }}
- name: DATABASE_URL
  valueFrom: { secretKeyRef: { name: {{ $ctx.Values.externalDatabase.existingSecret }}, key: {{ $ctx.Values.externalDatabase.urlKey }} } }
{{- end }}
{{- end }}
{{- end }}

{{- define "sp.redisEnv" -}}
{{- if .Values.redis.enabled }}
- name: STOREFLEET_REDIS_PASSWORD
  valueFrom: { secretKeyRef: { name: {{ include "sp.redisSecretName" . }}, key: redis-password } }
- name: REDIS_URL
  value: {{ printf "redis://:$(STOREFLEET_REDIS_PASSWORD)@%s.%s.svc:6379" (include "sp.redisName" .) .Release.Namespace | quote }}
{{- else }}
{{- if not .Values.externalRedis.existingSecret }}
{{- fail "redis.enabled is false: set externalRedis.existingSecret" }}
{{- end }}
- name: REDIS_URL
  valueFrom: { secretKeyRef: { name: {{ .Values.externalRedis.existingSecret }}, key: {{ .Values.externalRedis.urlKey }} } }
{{- end }}
{{- end }}

{{/* Only what the dependency check needs: the database and Redis URLs. */}}
{{- define "sp.dependencyEnv" -}}
{{ include "sp.databaseEnv" (dict "ctx" . "migration" false) }}
{{ include "sp.redisEnv" . }}
{{- end }}

{{/* Environment shared by the API and the worker (docs/configuration.md). */}}
{{- define "sp.commonEnv" -}}
- name: NODE_ENV
  value: {{ .Values.config.nodeEnv | quote }}
- name: LOG_LEVEL
  value: {{ .Values.config.logLevel | quote }}
- name: DATABASE_POOL_SIZE
  value: {{ .Values.config.databasePoolSize | int64 | quote }}
- name: QUEUE_PREFIX
  value: {{ .Values.config.queuePrefix | quote }}
{{ include "sp.databaseEnv" (dict "ctx" . "migration" false) }}
{{ include "sp.redisEnv" . }}
- name: CREDENTIALS_KEY
  valueFrom: { secretKeyRef: { name: {{ include "sp.appSecretName" . }}, key: credentials-key } }
- name: DEFAULT_MAX_LIVE_STORES
  value: {{ .Values.limits.maxLiveStores | int64 | quote }}
- name: DEFAULT_MAX_PROVISIONING_STORES
  value: {{ .Values.limits.maxProvisioningStores | int64 | quote }}
- name: DEFAULT_MAX_CREATES_PER_HOUR
  value: {{ .Values.limits.maxCreatesPerHour | int64 | quote }}
- name: WOOCOMMERCE_VERSIONS
  value: {{ join "," (.Values.stores.engines.woocommerce.versions | default list) | quote }}
- name: MEDUSA_VERSIONS
  value: {{ join "," (.Values.stores.engines.medusa.versions | default list) | quote }}
- name: STORE_BASE_DOMAIN
  value: {{ .Values.stores.baseDomain | quote }}
- name: CUSTOM_DOMAINS_MAX_PER_STORE
  value: {{ .Values.stores.customDomains.maxPerStore | int64 | quote }}
- name: CUSTOM_DOMAINS_ALLOW_WILDCARDS
  value: {{ .Values.stores.customDomains.allowWildcards | quote }}
- name: CUSTOM_DOMAINS_DNS_TARGET
  value: {{ .Values.stores.customDomains.dnsTarget | quote }}
{{- end }}

{{/*
An init container that waits until the TCP endpoints of the given URL env vars
answer, so the app does not crash-loop while Postgres or Redis start. It runs
the component's own image (Node), so no extra image is pulled.
Call with (dict "ctx" $ "image" <image> "env" <env yaml> "vars" (list "DATABASE_URL" ...)).
*/}}
{{- define "sp.waitForInitContainer" -}}
- name: wait-for-dependencies
  image: {{ .image }}
  imagePullPolicy: {{ .pullPolicy }}
  command: ["node", "-e", {{ include "sp.waitForScript" . | quote }}]
  env:
{{- .env | nindent 4 }}
  securityContext:
{{- toYaml .ctx.Values.containerSecurityContext | nindent 4 }}
  resources:
    requests: { cpu: 10m, memory: 32Mi }
    limits: { cpu: 200m, memory: 128Mi }
{{- end }}

{{/*
The `migrate` init container of the API and worker pods: `migrate apply` from
the API image, as the schema owner, after Postgres answers. It is idempotent,
and runs that start together take turns on the schema engine's advisory lock,
so every pod starts on the schema its release needs. Only this container gets
the owner's password; the API and worker log in as storefleet_app. It replaces
a migration Job hook, which deadlocked `helm install --wait` with the bundled
Postgres (a post-install hook runs only after the Deployments are Ready).
*/}}
{{- define "sp.migrateInitContainer" -}}
{{- $api := .Values.api }}
- name: migrate
  image: {{ include "sp.image" (dict "ctx" . "image" $api.image) }}
  imagePullPolicy: {{ $api.image.pullPolicy }}
  command: ["node", "dist/libs/db/src/migrate/cli.js", "apply"]
  env:
    {{- include "sp.databaseEnv" (dict "ctx" . "migration" true) | nindent 4 }}
    # prisma/schema.prisma and prisma/migrations are read from here.
    - { name: STOREFLEET_ROOT, value: /app }
    - name: NODE_ENV
      value: {{ .Values.config.nodeEnv | quote }}
  resources:
    {{- toYaml .Values.migrations.resources | nindent 4 }}
  securityContext:
    {{- toYaml .Values.containerSecurityContext | nindent 4 }}
  volumeMounts:
    - { name: tmp, mountPath: /tmp }
{{- end }}

{{- define "sp.waitForScript" -}}
const net = require('node:net');
const names = {{ toJson .vars }};
const deadline = Date.now() + {{ .timeoutSeconds | default 600 }} * 1000;
const reachable = (host, port) => new Promise((done) => {
  const socket = net.connect({ host, port, timeout: 2000 });
  socket.once('connect', () => { socket.destroy(); done(true); });
  socket.once('error', () => done(false));
  socket.once('timeout', () => { socket.destroy(); done(false); });
});
(async () => {
  for (const name of names) {
    const url = new URL(process.env[name]);
    const port = Number(url.port) || (url.protocol.startsWith('redis') ? 6379 : 5432);
    while (!(await reachable(url.hostname, port))) {
      if (Date.now() > deadline) { console.error(`${name}: ${url.hostname}:${port} unreachable`); process.exit(1); }
      await new Promise((r) => setTimeout(r, 2000));
    }
    console.log(`${name}: ${url.hostname}:${port} reachable`);
  }
})();
{{- end }}

{{- define "sp.apiEnv" -}}
{{- $api := .Values.api }}
- name: PORT
  value: {{ $api.port | int64 | quote }}
- name: HOST
  value: "0.0.0.0"
- name: TRUST_PROXY
  value: {{ $api.trustProxy | quote }}
{{ include "sp.commonEnv" . }}
- name: JWT_SECRET
  valueFrom: { secretKeyRef: { name: {{ include "sp.appSecretName" . }}, key: jwt-secret } }
- name: JWT_ACCESS_TTL_SECONDS
  value: {{ $api.auth.accessTokenTtlSeconds | int64 | quote }}
- name: REFRESH_TOKEN_TTL_SECONDS
  value: {{ $api.auth.refreshTokenTtlSeconds | int64 | quote }}
- name: ADMIN_EMAIL
  value: {{ .Values.admin.email | quote }}
- name: ADMIN_PASSWORD
  valueFrom: { secretKeyRef: { name: {{ include "sp.appSecretName" . }}, key: admin-password } }
# /api/v1/metrics is reachable through the Ingress: it demands this bearer token.
- name: METRICS_TOKEN
  valueFrom: { secretKeyRef: { name: {{ include "sp.appSecretName" . }}, key: metrics-token, optional: true } }
- name: LOGIN_RATE_LIMIT_PER_IP
  value: {{ $api.rateLimits.loginPerIp | int64 | quote }}
- name: LOGIN_RATE_LIMIT_PER_ACCOUNT
  value: {{ $api.rateLimits.loginPerAccount | int64 | quote }}
- name: LOGIN_RATE_LIMIT_WINDOW_SECONDS
  value: {{ $api.rateLimits.loginWindowSeconds | int64 | quote }}
- name: API_RATE_LIMIT
  value: {{ $api.rateLimits.requests | int64 | quote }}
- name: API_RATE_LIMIT_WINDOW_SECONDS
  value: {{ $api.rateLimits.windowSeconds | int64 | quote }}
{{- end }}

{{- define "sp.workerEnv" -}}
{{- $worker := .Values.worker }}
{{- $stores := .Values.stores }}
{{- $woo := $stores.engines.woocommerce }}
{{- /* OPERATIONS_CONCURRENCY (2) and RECONCILE_CONCURRENCY (3) keep their defaults in the chart. */ -}}
{{- $minPool := add $worker.provisioningConcurrency $worker.teardownConcurrency 2 3 3 }}
{{- if lt (int .Values.config.databasePoolSize) (int $minPool) }}
{{- fail (printf "config.databasePoolSize must be at least %d for the worker's concurrency (provisioning + teardown + operations 2 + reconcile 3 + 3)" $minPool) }}
{{- end }}
{{ include "sp.commonEnv" . }}
- name: PROVISIONING_CONCURRENCY
  value: {{ $worker.provisioningConcurrency | int64 | quote }}
- name: TEARDOWN_CONCURRENCY
  value: {{ $worker.teardownConcurrency | int64 | quote }}
- name: METRICS_PORT
  value: {{ $worker.metrics.port | int64 | quote }}
- name: JOB_LOCK_SECONDS
  value: {{ $worker.jobLockSeconds | int64 | quote }}
- name: TEARDOWN_TIMEOUT_SECONDS
  value: {{ $worker.teardownTimeoutSeconds | int64 | quote }}
- name: RECONCILE_INTERVAL_SECONDS
  value: {{ $worker.reconcile.intervalSeconds | int64 | quote }}
- name: RECONCILE_DELETE_ORPHANS
  value: {{ $worker.reconcile.deleteOrphans | quote }}
- name: KUBE_QPS
  value: {{ $worker.kubeApi.qps | int64 | quote }}
- name: KUBE_BURST
  value: {{ $worker.kubeApi.burst | int64 | quote }}
- name: HEARTBEAT_FILE
  value: {{ include "sp.workerHeartbeatFile" . | quote }}
- name: HEARTBEAT_INTERVAL_SECONDS
  value: {{ $worker.heartbeatIntervalSeconds | int64 | quote }}
- name: KUBE_REQUEST_TIMEOUT_SECONDS
  value: {{ $worker.kubeApi.requestTimeoutSeconds | int64 | quote }}
- name: PROVISIONING_DEADLINE_SECONDS
  value: {{ $stores.provisioningDeadlineSeconds | int64 | quote }}
- name: STORE_INGRESS_CLASS
  value: {{ $stores.ingressClassName | quote }}
- name: STORE_INGRESS_NAMESPACE
  value: {{ $stores.ingressNamespace | quote }}
- name: STORE_INGRESS_POD_LABELS
  value: {{ ternary (toJson $stores.ingressPodLabels) "" (not (empty $stores.ingressPodLabels)) | quote }}
{{- $ports := list }}
{{- range $stores.ingressPorts }}{{ $ports = append $ports (int64 . | toString) }}{{ end }}
- name: STORE_INGRESS_PORTS
  value: {{ join "," $ports | quote }}
- name: STORE_EGRESS_EXCLUDE_CIDRS
  value: {{ join "," $stores.egressExcludeCidrs | quote }}
- name: STORE_STORAGE_CLASS
  value: {{ $stores.storageClassName | quote }}
- name: STORE_TLS_ENABLED
  value: {{ $stores.tls.enabled | quote }}
- name: STORE_TLS_CLUSTER_ISSUER
  value: {{ $stores.tls.clusterIssuer | quote }}
- name: PLATFORM_INSTANCE
  value: {{ $stores.platformInstance | quote }}
- name: STORE_POD_ANNOTATIONS
  value: {{ ternary (toJson $stores.podAnnotations) "" (not (empty $stores.podAnnotations)) | quote }}
- name: STORE_REAL_NODE
  value: {{ $stores.realNode | quote }}
- name: STORE_PAUSED_PAGE_IMAGE
  value: {{ $stores.pausedPageImage | quote }}
- name: WOOCOMMERCE_WORDPRESS_IMAGE
  value: {{ $woo.wordpressImage | quote }}
- name: WOOCOMMERCE_MARIADB_IMAGE
  value: {{ $woo.mariadbImage | quote }}
- name: WOOCOMMERCE_WPCLI_IMAGE
  value: {{ $woo.wpCliImage | quote }}
- name: WOOCOMMERCE_PLUGIN_VERSION
  value: {{ $woo.pluginVersion | quote }}
- name: STOREFRONT_THEME_VERSION
  value: {{ $woo.storefrontThemeVersion | quote }}
- name: MEDUSA_IMAGE
  value: {{ $stores.engines.medusa.image | quote }}
- name: MEDUSA_POSTGRES_IMAGE
  value: {{ $stores.engines.medusa.postgresImage | quote }}
- name: MEDUSA_REDIS_IMAGE
  value: {{ $stores.engines.medusa.redisImage | quote }}
{{- end }}

{{/* The file the worker touches while its event loop runs; its liveness probe reads it. */}}
{{- define "sp.workerHeartbeatFile" -}}
/tmp/worker-heartbeat
{{- end }}

{{/*
The rules of files/worker-rbac.yaml, written by the worker's engineers and
used by the worker's tests. Accepted shapes: a ClusterRole manifest, a
document with a top-level `rules:` list, or several such documents.
*/}}
{{- define "sp.workerRules" -}}
{{- $raw := .Files.Get "files/worker-rbac.yaml" }}
{{- if not $raw }}
{{- fail "files/worker-rbac.yaml is missing: it holds the worker's ClusterRole rules" }}
{{- end }}
{{- $rules := list }}
{{- range $doc := regexSplit "(?m)^---[ \t]*$" $raw -1 }}
{{- $obj := fromYaml $doc }}
{{- if and $obj (hasKey $obj "rules") (or (not (hasKey $obj "kind")) (eq (toString $obj.kind) "ClusterRole")) }}
{{- $rules = concat $rules $obj.rules }}
{{- end }}
{{- end }}
{{- if not $rules }}
{{- fail "files/worker-rbac.yaml holds no ClusterRole rules" }}
{{- end }}
{{- toYaml $rules }}
{{- end }}
