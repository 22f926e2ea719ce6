import type { V1Container, V1EnvVar, V1Job, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import type { StoreEngine } from '@storefleet/contracts';

import { withScheduling } from '../common/scheduling.js';
import { containerSecurityContext, podSecurityContext } from '../common/security.js';
import { fromSecret as fromMedusaSecret, medusaDatabaseOnlyEnv } from '../medusa/env.js';
import { MEDUSA, MEDUSA_CLI, MEDUSA_DEFAULT_IMAGES, SECRET_KEYS as MEDUSA_KEYS } from '../medusa/names.js';
import { medusaResources } from '../medusa/resources.js';
import type { BlueprintStore, EngineConfig } from '../types.js';
import { SECRET_KEYS as WOO_KEYS, WOO } from '../woocommerce/names.js';
import { fromSecret as fromWooSecret } from '../woocommerce/wordpress-env.js';
import { backupLabels } from './labels.js';
import {
  BACKUP_FILES,
  DOWNLOAD_SCRIPT,
  MARIADB_DUMP_SCRIPT,
  MARIADB_RESTORE_SCRIPT,
  POSTGRES_DUMP_SCRIPT,
  POSTGRES_RESTORE_SCRIPT,
  UPLOAD_SCRIPT,
} from './scripts.js';
import { WORDPRESS_REWRITE_PHP, WORDPRESS_REWRITE_SCRIPT } from './wordpress-rewrite.js';

export interface BackupJobInput {
  store: BlueprintStore;
  config: EngineConfig;
  namespace: string;
  /** Image with sh, curl and sha256sum. */
  transferImage: string;
  backupId: string;
  /** Prefix of the backup's objects (libs/backups backupPrefix). */
  prefix: string;
}

/** Label of backup and restore pods naming their backup. */
export const BACKUP_ID_LABEL = 'storefleet.dev/backup-id';

/**
 * A backup or restore Job ends within this (activeDeadlineSeconds); the
 * presigned URLs it gets need not live longer (the worker's default expiry).
 */
export const TRANSFER_JOB_DEADLINE_SECONDS = 3600;

/**
 * The Secret with a Job's presigned URLs (file name → URL, mounted as files
 * in the transfer container only): the worker creates it, owned by the Job.
 */
export function transferUrlsSecretName(jobName: string): string {
  return `${jobName}-urls`;
}

/** The objects a backup Job of this engine writes (besides the manifest), by file name: what the worker presigns PUTs for. */
export function backupObjectFiles(engine: StoreEngine): string[] {
  return [engine === 'medusa' ? BACKUP_FILES.postgresDump : BACKUP_FILES.mariadbDump, BACKUP_FILES.files];
}

const WORK_DIR = '/backup';
const URLS_DIR = '/var/run/storefleet/s3-urls';
const URLS_VOLUME = 's3-urls';
const FILES_MOUNT = '/files';

/** What differs between the engines: the database client image, its connection, the files' claim. */
interface EngineBackupPlan {
  databaseImage: string;
  env: V1EnvVar[];
  dump: string;
  restore: string;
  /** The claim with the engine's uploaded files, and the folder of it that is backed up. */
  files: { claim: string; subPath: string };
  user: { uid: number; gid: number };
}

function enginePlan(engine: StoreEngine, config: EngineConfig): EngineBackupPlan {
  if (engine === 'medusa') {
    const db = MEDUSA.database;
    return {
      databaseImage: (config.medusa?.images ?? MEDUSA_DEFAULT_IMAGES).postgres,
      env: [
        { name: 'PGHOST', value: db.name },
        { name: 'PGPORT', value: String(db.port) },
        { name: 'PGUSER', value: db.user },
        { name: 'PGDATABASE', value: db.schema },
        { name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: MEDUSA.secret, key: MEDUSA_KEYS.databasePassword } } },
      ],
      dump: POSTGRES_DUMP_SCRIPT,
      restore: POSTGRES_RESTORE_SCRIPT,
      files: { claim: MEDUSA.app.claim, subPath: '' },
      user: { uid: MEDUSA.app.uid, gid: MEDUSA.app.gid },
    };
  }
  const db = WOO.database;
  return {
    databaseImage: config.woocommerce.images.mariadb,
    env: [
      { name: 'DB_HOST', value: db.name },
      { name: 'DB_PORT', value: String(db.port) },
      { name: 'DB_USER', value: db.user },
      { name: 'DB_NAME', value: db.schema },
      { name: 'MYSQL_PWD', valueFrom: { secretKeyRef: { name: WOO.secret, key: WOO_KEYS.databasePassword } } },
    ],
    dump: MARIADB_DUMP_SCRIPT,
    restore: MARIADB_RESTORE_SCRIPT,
    // The claim is WordPress's document root; uploads are wp-content/uploads.
    files: { claim: WOO.app.claim, subPath: 'wp-content/uploads' },
    user: { uid: WOO.app.uid, gid: WOO.app.gid },
  };
}

export function backupJobName(backupId: string): string {
  return `backup-${backupId}`.slice(0, 63);
}

export function restoreJobName(backupId: string): string {
  return `restore-${backupId}`.slice(0, 63);
}

/** The transfer container's variables: where its presigned URLs are, and the backup's prefix (the manifest's keys). */
export function transferVariables(urlsDir: string, prefix: string): Record<string, string> {
  return { S3_URLS_DIR: urlsDir, BACKUP_PREFIX: prefix };
}

function transferEnv(input: BackupJobInput): V1EnvVar[] {
  return Object.entries(transferVariables(URLS_DIR, input.prefix)).map(([name, value]) => ({ name, value }));
}

const urlsMount: V1VolumeMount = { name: URLS_VOLUME, mountPath: URLS_DIR, readOnly: true };

const subPath = (plan: EngineBackupPlan) => (plan.files.subPath ? { subPath: plan.files.subPath } : {});

const workMount: V1VolumeMount = { name: 'work', mountPath: WORK_DIR };

function volumes(jobName: string, plan: EngineBackupPlan, filesReadOnly: boolean): V1Volume[] {
  return [
    { name: 'work', emptyDir: { sizeLimit: '20Gi' } },
    { name: 'files', persistentVolumeClaim: { claimName: plan.files.claim, readOnly: filesReadOnly } },
    // One file per presigned URL, owner-readable: the transfer container runs as the same uid.
    { name: URLS_VOLUME, secret: { secretName: transferUrlsSecretName(jobName), defaultMode: 0o400 } },
  ];
}

function container(name: string, image: string, script: string, env: V1EnvVar[], mounts: V1VolumeMount[]): V1Container {
  return {
    name,
    image,
    imagePullPolicy: 'IfNotPresent',
    command: ['/bin/sh', '-c', script],
    workingDir: WORK_DIR,
    env: [{ name: 'WORK_DIR', value: WORK_DIR }, { name: 'HOME', value: WORK_DIR }, ...env],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    securityContext: containerSecurityContext(),
    volumeMounts: mounts,
    // A failure's reason carries the tail of the script's output (which never prints a secret).
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
}

function job(
  input: BackupJobInput,
  name: string,
  plan: EngineBackupPlan,
  spec: { initContainers: V1Container[]; containers: V1Container[]; filesReadOnly: boolean; extraVolumes?: V1Volume[] },
): V1Job {
  const labels = { ...backupLabels(input.store, input.config, name), [BACKUP_ID_LABEL]: input.backupId };
  const annotations = input.config.podAnnotations?.all;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: input.namespace, labels },
    spec: {
      // The worker re-creates a failed Job itself (level-driven); a retry here would re-upload under the same id.
      backoffLimit: 0,
      activeDeadlineSeconds: TRANSFER_JOB_DEADLINE_SECONDS,
      ttlSecondsAfterFinished: 3600,
      template: {
        metadata: { labels, ...(annotations ? { annotations } : {}) },
        // Where the store's pods run (its volume is there too).
        spec: withScheduling(
          {
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: podSecurityContext(plan.user),
            initContainers: spec.initContainers,
            containers: spec.containers,
            volumes: [...volumes(name, plan, spec.filesReadOnly), ...(spec.extraVolumes ?? [])],
          },
          input.config.podScheduling,
        ),
      },
    },
  };
}

/**
 * Backup Job: an init container with the engine's database client dumps the
 * database and tars the uploaded files into an emptyDir; then the transfer
 * container uploads them under the backup's prefix and commits the manifest
 * last. The transfer container alone has the presigned PUTs (files of the
 * Job's URL Secret): no bucket key, and no other key than this backup's.
 */
export function backupJobManifest(input: BackupJobInput & { createdAt: Date }): V1Job {
  const plan = enginePlan(input.store.engine, input.config);
  const filesMount: V1VolumeMount = { name: 'files', mountPath: FILES_MOUNT, readOnly: true, ...subPath(plan) };
  return job(input, backupJobName(input.backupId), plan, {
    filesReadOnly: true,
    initContainers: [
      container(
        'dump',
        plan.databaseImage,
        plan.dump,
        [...plan.env, { name: 'FILES_DIR', value: FILES_MOUNT }],
        [workMount, filesMount],
      ),
    ],
    containers: [
      container(
        'upload',
        input.transferImage,
        UPLOAD_SCRIPT,
        [
          ...transferEnv(input),
          { name: 'STORE_ID', value: input.store.id },
          { name: 'BACKUP_ID', value: input.backupId },
          { name: 'ENGINE', value: input.store.engine },
          { name: 'CREATED_AT', value: input.createdAt.toISOString() },
        ],
        [workMount, urlsMount],
      ),
    ],
  });
}

/**
 * Restore Job: the transfer init container downloads the objects the worker
 * verified against the manifest, through the presigned GETs the worker made
 * for exactly those (and checks their SHA-256 again), then the
 * database client replaces the database and the uploaded files. The worker
 * scales the store's app to zero (maintenance) before, and back after.
 */
export function restoreJobManifest(
  input: BackupJobInput & {
    objects: { file: string; sha256: string }[];
    /** A clone: the source store's URL in the data, rewritten to the new store's after the restore. */
    rewrite?: { from: string; to: string } | null;
    /**
     * A Medusa clone: its admin login (the clone's blueprint's e-mail), which
     * gets the clone's own password, and the source's, locked when it differs.
     */
    medusaAdmin?: { email: string; sourceEmail: string | null } | null;
  },
): V1Job {
  const plan = enginePlan(input.store.engine, input.config);
  const rewriteEnv: V1EnvVar[] = input.rewrite
    ? [
        { name: 'REWRITE_FROM', value: input.rewrite.from },
        { name: 'REWRITE_TO', value: input.rewrite.to },
      ]
    : [];
  const filesMount: V1VolumeMount = { name: 'files', mountPath: FILES_MOUNT, ...subPath(plan) };
  const download = container(
    'download',
    input.transferImage,
    DOWNLOAD_SCRIPT,
    [...transferEnv(input), { name: 'RESTORE_OBJECTS', value: input.objects.map((o) => `${o.file}=${o.sha256}`).join(' ') }],
    [workMount, urlsMount],
  );
  const restore = container(
    'restore',
    plan.databaseImage,
    plan.restore,
    [...plan.env, { name: 'FILES_DIR', value: FILES_MOUNT }, ...(input.store.engine === 'medusa' ? rewriteEnv : [])],
    [workMount, filesMount],
  );
  // A WooCommerce clone: PHP (the WordPress image's) rewrites serialised values and gives the admin login the clone's password.
  const rewrite =
    input.store.engine === 'woocommerce' && input.rewrite
      ? container(
          'rewrite',
          input.config.woocommerce.images.wordpress,
          WORDPRESS_REWRITE_SCRIPT,
          [
            { name: 'WORDPRESS_DB_HOST', value: `${WOO.database.name}:${WOO.database.port}` },
            { name: 'WORDPRESS_DB_NAME', value: WOO.database.schema },
            { name: 'WORDPRESS_DB_USER', value: WOO.database.user },
            fromWooSecret('WORDPRESS_DB_PASSWORD', WOO_KEYS.databasePassword),
            { name: 'ADMIN_USER', value: WOO.adminUsername },
            fromWooSecret('ADMIN_PASSWORD', WOO_KEYS.adminPassword),
            ...rewriteEnv,
            { name: 'REWRITE_PHP', value: WORDPRESS_REWRITE_PHP },
          ],
          [workMount],
        )
      : null;
  const adminLogin = input.store.engine === 'medusa' && input.medusaAdmin ? medusaAdminLogin(input, input.medusaAdmin) : null;
  const last = rewrite ?? adminLogin;
  return job(input, restoreJobName(input.backupId), plan, {
    filesReadOnly: false,
    initContainers: last ? [download, restore] : [download],
    containers: [last ?? restore],
    ...(adminLogin ? { extraVolumes: [{ name: 'tmp', emptyDir: { sizeLimit: '512Mi' } }] } : {}),
  });
}

/** A Medusa clone's last restore step (stores/medusa/src/scripts/clone-admin-login.ts), with the store image. */
export const MEDUSA_CLONE_ADMIN_COMMAND = `exec ${MEDUSA_CLI.join(' ')} exec ./src/scripts/clone-admin-login.js`;

/**
 * Medusa booted once against the restored database (no Redis: the restore
 * pod reaches only the database) to give the clone's admin login the
 * clone's own password, from its Secret, through Medusa's auth module.
 */
function medusaAdminLogin(input: BackupJobInput, admin: { email: string; sourceEmail: string | null }): V1Container {
  const images = input.config.medusa?.images ?? MEDUSA_DEFAULT_IMAGES;
  return {
    name: 'admin-login',
    image: images.medusa,
    imagePullPolicy: 'IfNotPresent',
    command: ['/bin/sh', '-c', MEDUSA_CLONE_ADMIN_COMMAND],
    workingDir: MEDUSA.workdir,
    env: [
      ...medusaDatabaseOnlyEnv(),
      { name: 'MEDUSA_ADMIN_EMAIL', value: admin.email },
      fromMedusaSecret('MEDUSA_ADMIN_PASSWORD', MEDUSA_KEYS.adminPassword),
      ...(admin.sourceEmail ? [{ name: 'MEDUSA_SOURCE_ADMIN_EMAIL', value: admin.sourceEmail }] : []),
    ],
    resources: medusaResources(input.store.plan, 'setup'),
    securityContext: containerSecurityContext(),
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
}
