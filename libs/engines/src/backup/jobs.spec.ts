import type { V1Container, V1Job } from '@kubernetes/client-node';

import { REAL_NODE_SCHEDULING } from '../common/scheduling.js';
import { LABELS } from '../labels.js';
import type { BlueprintStore, EngineConfig } from '../types.js';
import { BACKUP_ID_LABEL, type BackupJobInput, backupJobManifest, backupObjectFiles, restoreJobManifest } from './jobs.js';
import { backupNetworkPolicies, endpointPort } from './network-policy.js';
import { MARIADB_DUMP_SCRIPT, POSTGRES_DUMP_SCRIPT, POSTGRES_RESTORE_SCRIPT, UPLOAD_SCRIPT } from './scripts.js';
import { WORDPRESS_REWRITE_PHP, WORDPRESS_REWRITE_SCRIPT } from './wordpress-rewrite.js';

const medusa: BlueprintStore = { id: 'store-1', name: 'acme', ownerId: 'owner-1', engine: 'medusa', plan: 'small' };
const woo: BlueprintStore = { ...medusa, name: 'shop', engine: 'woocommerce' };
const config: EngineConfig = {
  baseDomain: 'stores.example.com',
  ingressClassName: 'nginx',
  ingressNamespace: 'ingress-nginx',
  tls: { enabled: false, clusterIssuer: null },
  storageClassName: null,
  platformInstance: 'prod',
  woocommerce: {
    images: { wordpress: 'wp', mariadb: 'mariadb:11.4.8', wpCli: 'cli' },
    woocommerceVersion: null,
    storefrontVersion: null,
  },
  medusa: { images: { medusa: 'medusa', postgres: 'postgres:17.6', redis: 'redis' } },
};
const input = (store: BlueprintStore): BackupJobInput => ({
  store,
  config,
  namespace: 'store-acme',
  transferImage: 'curl:8',
  backupId: 'bk-1',
  prefix: 'stores/store-1/backups/bk-1/',
});
const env = (c: V1Container) => Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom]));
const pod = (job: V1Job) => job.spec!.template.spec!;

describe('backup Job', () => {
  const job = backupJobManifest({ ...input(medusa), createdAt: new Date('2026-12-01T21:00:00Z') });

  it('dumps with the database image, then uploads with the transfer image', () => {
    const [dump] = pod(job).initContainers!;
    const [upload] = pod(job).containers;
    expect(job.metadata).toMatchObject({ name: 'backup-bk-1', namespace: 'store-acme' });
    expect(dump).toMatchObject({ image: 'postgres:17.6', command: ['/bin/sh', '-c', POSTGRES_DUMP_SCRIPT] });
    expect(upload).toMatchObject({ image: 'curl:8', command: ['/bin/sh', '-c', UPLOAD_SCRIPT] });
    expect(env(upload!)).toMatchObject({
      S3_URLS_DIR: '/var/run/storefleet/s3-urls',
      BACKUP_PREFIX: 'stores/store-1/backups/bk-1/',
      STORE_ID: 'store-1',
      BACKUP_ID: 'bk-1',
      ENGINE: 'medusa',
      CREATED_AT: '2026-12-01T21:00:00.000Z',
    });
    expect(job.spec).toMatchObject({ backoffLimit: 0, activeDeadlineSeconds: 3600 });
    expect(job.metadata!.labels).toMatchObject({
      [LABELS.component]: 'backup',
      [BACKUP_ID_LABEL]: 'bk-1',
      [LABELS.storeId]: 'store-1',
    });
  });

  it('gives the bucket only as presigned URLs: a Secret mounted read-only in the upload container, nothing in env or argv', () => {
    const [dump] = pod(job).initContainers!;
    const [upload] = pod(job).containers;
    const volume = pod(job).volumes!.find((v) => v.name === 's3-urls');
    expect(volume?.secret).toEqual({ secretName: 'backup-bk-1-urls', defaultMode: 0o400 });
    expect(upload!.volumeMounts).toContainEqual({ name: 's3-urls', mountPath: '/var/run/storefleet/s3-urls', readOnly: true });
    expect(dump!.volumeMounts!.map((m) => m.name)).not.toContain('s3-urls');
    expect(JSON.stringify(job)).not.toMatch(/SECRET_ACCESS_KEY|ACCESS_KEY_ID|AWS_|S3_ENDPOINT|S3_BUCKET/);
    // The database password comes from the store's own Secret, by reference.
    expect(env(dump!).PGPASSWORD).toEqual({ secretKeyRef: { name: 'medusa-credentials', key: 'postgres-password' } });
  });

  it('reads the uploaded files read-only, runs unprivileged with no service account token', () => {
    const [dump] = pod(job).initContainers!;
    expect(pod(job).volumes).toContainEqual({
      name: 'files',
      persistentVolumeClaim: { claimName: 'medusa-uploads', readOnly: true },
    });
    expect(dump!.volumeMounts).toContainEqual({ name: 'files', mountPath: '/files', readOnly: true });
    expect(pod(job)).toMatchObject({
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: 1000 },
    });
    for (const c of [...pod(job).initContainers!, ...pod(job).containers])
      expect(c.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
  });

  it('for WooCommerce dumps MariaDB and backs up wp-content/uploads', () => {
    const wooJob = backupJobManifest({ ...input(woo), createdAt: new Date() });
    const [dump] = pod(wooJob).initContainers!;
    expect(dump).toMatchObject({ image: 'mariadb:11.4.8', command: ['/bin/sh', '-c', MARIADB_DUMP_SCRIPT] });
    expect(env(dump!)).toMatchObject({ DB_HOST: 'mariadb', DB_NAME: 'wordpress', DB_USER: 'wordpress' });
    expect(env(dump!).MYSQL_PWD).toEqual({ secretKeyRef: { name: 'woocommerce-credentials', key: 'mariadb-password' } });
    expect(dump!.volumeMounts).toContainEqual({
      name: 'files',
      mountPath: '/files',
      readOnly: true,
      subPath: 'wp-content/uploads',
    });
    expect(pod(wooJob).securityContext).toMatchObject({ runAsUser: 33, runAsGroup: 33 });
  });
});

describe('backup and restore Jobs on the real node', () => {
  const placed = { ...config, podScheduling: REAL_NODE_SCHEDULING };

  it("run where the store's pods run (its volume is there): the node selector and toleration of the store's scheduling", () => {
    const backup = pod(backupJobManifest({ ...input(medusa), config: placed, createdAt: new Date('2026-12-01T21:00:00Z') }));
    const restore = pod(restoreJobManifest({ ...input(medusa), config: placed, objects: [] }));
    for (const spec of [backup, restore]) {
      expect(spec.nodeSelector).toEqual({ 'storefleet.dev/real-node': 'true' });
      expect(spec.tolerations).toEqual([{ key: 'storefleet.dev/real-node', operator: 'Exists', effect: 'NoSchedule' }]);
    }
    // Without a scheduling setting, none (the default scheduler places them).
    expect(pod(backupJobManifest({ ...input(medusa), createdAt: new Date() })).nodeSelector).toBeUndefined();
  });
});

describe('restore Job', () => {
  const job = restoreJobManifest({ ...input(medusa), objects: [{ file: 'database.pgdump', sha256: 'a'.repeat(64) }] });

  it('downloads the verified objects, then replaces the database and files', () => {
    const [download] = pod(job).initContainers!;
    const [restore] = pod(job).containers;
    expect(job.metadata!.name).toBe('restore-bk-1');
    expect(env(download!).RESTORE_OBJECTS).toBe(`database.pgdump=${'a'.repeat(64)}`);
    expect(restore).toMatchObject({ image: 'postgres:17.6', command: ['/bin/sh', '-c', POSTGRES_RESTORE_SCRIPT] });
    expect(pod(job).volumes).toContainEqual({
      name: 'files',
      persistentVolumeClaim: { claimName: 'medusa-uploads', readOnly: false },
    });
    expect(download!.volumeMounts).toContainEqual({ name: 's3-urls', mountPath: '/var/run/storefleet/s3-urls', readOnly: true });
    expect(pod(job).volumes).toContainEqual({ name: 's3-urls', secret: { secretName: 'restore-bk-1-urls', defaultMode: 0o400 } });
    expect(restore!.volumeMounts!.map((m) => m.name)).not.toContain('s3-urls');
    expect(env(restore!).REWRITE_FROM).toBeUndefined();
  });

  const rewrite = { from: '//src.stores.example.com', to: '//acme.stores.example.com' };

  it("a Medusa clone's restore rewrites the source's address with pg_restore, then gives its admin login the clone's password", () => {
    const medusaAdmin = { email: 'owner@example.com', sourceEmail: 'source-owner@example.com' };
    const clone = restoreJobManifest({ ...input(medusa), objects: [], rewrite, medusaAdmin });
    expect(pod(clone).initContainers!.map((c) => c.name)).toEqual(['download', 'restore']);
    expect(env(pod(clone).initContainers![1]!)).toMatchObject({ REWRITE_FROM: rewrite.from, REWRITE_TO: rewrite.to });
    const [step] = pod(clone).containers;
    expect(step).toMatchObject({
      name: 'admin-login',
      image: 'medusa',
      workingDir: '/app',
      command: ['/bin/sh', '-c', 'exec node node_modules/@medusajs/cli/cli.js exec ./src/scripts/clone-admin-login.js'],
    });
    expect(env(step!)).toMatchObject({
      MEDUSA_ADMIN_EMAIL: 'owner@example.com',
      MEDUSA_SOURCE_ADMIN_EMAIL: 'source-owner@example.com',
      MEDUSA_ADMIN_PASSWORD: { secretKeyRef: { name: 'medusa-credentials', key: 'admin-password' } },
      JWT_SECRET: { secretKeyRef: { name: 'medusa-credentials', key: 'jwt-secret' } },
      DATABASE_URL: 'postgres://medusa:$(POSTGRES_PASSWORD)@postgres:5432/medusa?ssl_mode=disable',
    });
    // Only the database: the restore pod's network policy reaches nothing else of the store (no Redis).
    expect(env(step!).REDIS_URL).toBeUndefined();
    expect(step!.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(pod(clone).volumes).toContainEqual({ name: 'tmp', emptyDir: { sizeLimit: '512Mi' } });
    // A restore in place keeps the store's own logins: no such step.
    const inPlace = restoreJobManifest({ ...input(medusa), objects: [] });
    expect(pod(inPlace).containers.map((c) => c.name)).toEqual(['restore']);
  });

  it('a WooCommerce clone adds a last PHP step (the WordPress image) with its own admin password from its Secret', () => {
    const clone = restoreJobManifest({ ...input(woo), objects: [], rewrite });
    expect(pod(clone).initContainers!.map((c) => c.name)).toEqual(['download', 'restore']);
    const [step] = pod(clone).containers;
    expect(step).toMatchObject({ name: 'rewrite', image: 'wp', command: ['/bin/sh', '-c', WORDPRESS_REWRITE_SCRIPT] });
    expect(env(step!)).toMatchObject({
      REWRITE_FROM: rewrite.from,
      REWRITE_TO: rewrite.to,
      ADMIN_USER: 'storeadmin',
      ADMIN_PASSWORD: { secretKeyRef: { name: 'woocommerce-credentials', key: 'admin-password' } },
      REWRITE_PHP: WORDPRESS_REWRITE_PHP,
    });
    expect(step!.volumeMounts!.map((m) => m.name)).toEqual(['work']);
    // Without a rewrite (a restore in place) the WooCommerce restore stays two steps.
    const inPlace = restoreJobManifest({ ...input(woo), objects: [] });
    expect(pod(inPlace).containers.map((c) => c.name)).toEqual(['restore']);
  });
});

describe('backup objects', () => {
  it('are a fixed set per engine, so the worker presigns each before the Job starts', () => {
    expect(backupObjectFiles('medusa')).toEqual(['database.pgdump', 'files.tar.gz']);
    expect(backupObjectFiles('woocommerce')).toEqual(['database.sql.gz', 'files.tar.gz']);
    // The scripts write and read exactly these names.
    expect(POSTGRES_DUMP_SCRIPT).toContain('--file=database.pgdump.part');
    expect(MARIADB_DUMP_SCRIPT).toContain('>database.sql.gz.part');
    expect(POSTGRES_DUMP_SCRIPT).toContain('tar -czf files.tar.gz.part');
  });
});

describe('backup network policies', () => {
  it('let backup pods reach only the database, DNS and the storage endpoint port', () => {
    const [toDb, egress] = backupNetworkPolicies(medusa, config, 'store-acme', {
      endpoint: 'http://10.1.2.3:9000',
      cidrs: ['10.1.2.3/32'],
    });
    expect(toDb!.spec).toMatchObject({
      podSelector: { matchLabels: { [LABELS.component]: 'database' } },
      ingress: [{ _from: [{ podSelector: { matchLabels: { [LABELS.component]: 'backup' } } }], ports: [{ port: 5432 }] }],
    });
    expect(egress!.spec!.egress).toEqual([
      expect.objectContaining({ ports: [{ protocol: 'TCP', port: 5432 }] }),
      expect.objectContaining({ ports: [expect.objectContaining({ port: 53 }), expect.objectContaining({ port: 53 })] }),
      { to: [{ ipBlock: { cidr: '10.1.2.3/32' } }], ports: [{ protocol: 'TCP', port: 9000 }] },
    ]);
  });

  it('without CIDRs allow public addresses only, on the endpoint port', () => {
    const [, egress] = backupNetworkPolicies(woo, config, 'store-shop', { endpoint: 'https://s3.example.com', cidrs: [] });
    const storage = egress!.spec!.egress![2]!;
    expect(storage.ports).toEqual([{ protocol: 'TCP', port: 443 }]);
    expect(storage.to![0]!.ipBlock).toMatchObject({
      cidr: '0.0.0.0/0',
      except: expect.arrayContaining(['10.0.0.0/8', '169.254.0.0/16']),
    });
    expect(endpointPort('http://s3.local')).toBe(80);
  });
});
