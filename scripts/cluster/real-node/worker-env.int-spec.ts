/**
 * scripts/cluster/real-node/worker-env.sh: the worker settings that
 * `STOREFLEET_REAL_NODE=1 npm start` exports (scripts/start.sh). They must be
 * a configuration the worker accepts, name the StorageClass and IngressClass
 * the real node really brings (addons.sh), and the images `npm run images`
 * builds for this tree (refs.sh), and send backups to the local S3 server at
 * the node's address. Runs the scripts only; nothing is started.
 */
import { execFileSync } from 'node:child_process';

import { loadWorkerConfig } from '@storefleet/config';
import { repoRoot } from '@storefleet/testing';

const required = {
  DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db',
  REDIS_URL: 'redis://127.0.0.1:6379',
  CREDENTIALS_KEY: Buffer.alloc(32, 7).toString('base64'),
};

const script = (args: string[], env: Record<string, string> = {}) => {
  // The caller's own worker settings must not leak into what the script prints.
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(STORE_|MEDUSA_|BACKUP_|S3_ENDPOINT$)/.test(k)),
  );
  return execFileSync('bash', args, { cwd: repoRoot, encoding: 'utf8', env: { ...clean, ...env } });
};
const parse = (out: string) =>
  Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

describe('the worker settings of STOREFLEET_REAL_NODE=1 npm start', () => {
  const settings = parse(script(['scripts/cluster/real-node/worker-env.sh']));

  it('are a worker configuration that puts stores on the real node, their volumes on its StorageClass', () => {
    const config = loadWorkerConfig({ ...required, ...settings });
    expect(config.STORE_REAL_NODE).toBe(true);
    // What the node brings (addons.sh applies it at every cluster:up --real-node).
    const addons = script(['scripts/cluster/real-node/addons.sh']);
    const named = (kind: string) => new RegExp(`^kind: ${kind}\\nmetadata: \\{name: ([\\w.-]+)`, 'm').exec(addons)?.[1];
    expect(config.STORE_STORAGE_CLASS).toBe('real-node');
    expect(named('StorageClass')).toBe(config.STORE_STORAGE_CLASS);
    expect(named('IngressClass')).toBe(config.STORE_INGRESS_CLASS);
    expect(addons).toContain(`kind: Namespace\nmetadata: {name: ${config.STORE_INGRESS_NAMESPACE}}`);
  });

  it('name the images npm run images builds for this tree, and --images lists exactly those', () => {
    const refs = parse(script(['scripts/images/refs.sh']));
    const images = script(['scripts/cluster/real-node/worker-env.sh', '--images']).trim().split('\n');
    expect(images.sort()).toEqual(['curl', 'medusa', 'nginx-unprivileged', 'postgres', 'redis']);
    expect({
      MEDUSA_IMAGE: settings.MEDUSA_IMAGE,
      MEDUSA_POSTGRES_IMAGE: settings.MEDUSA_POSTGRES_IMAGE,
      MEDUSA_REDIS_IMAGE: settings.MEDUSA_REDIS_IMAGE,
      STORE_PAUSED_PAGE_IMAGE: settings.STORE_PAUSED_PAGE_IMAGE,
      BACKUP_TRANSFER_IMAGE: settings.BACKUP_TRANSFER_IMAGE,
    }).toEqual({
      MEDUSA_IMAGE: refs.medusa,
      MEDUSA_POSTGRES_IMAGE: refs.postgres,
      MEDUSA_REDIS_IMAGE: refs.redis,
      STORE_PAUSED_PAGE_IMAGE: refs['nginx-unprivileged'],
      BACKUP_TRANSFER_IMAGE: refs.curl,
    });
  });

  it("point backups at the local S3 server through the node's address, where the node's Jobs reach it", () => {
    const nodeSetting = (name: string) =>
      script([
        '-c',
        `source scripts/lib.sh; source scripts/cluster/config.sh; source scripts/cluster/real-node/config.sh; printf %s "$${name}"`,
      ]);
    const [ip, port] = [nodeSetting('REAL_NODE_IP'), nodeSetting('REAL_NODE_S3_PORT')];
    const local = parse(script(['scripts/cluster/real-node/worker-env.sh'], { S3_ENDPOINT: `http://127.0.0.1:${port}` }));
    expect(local).toMatchObject({ S3_ENDPOINT: `http://${ip}:${port}`, BACKUP_EGRESS_CIDRS: `${ip}/32` });
    // Another S3 server (or none) is left as it is.
    const other = parse(script(['scripts/cluster/real-node/worker-env.sh'], { S3_ENDPOINT: 'https://s3.example.com' }));
    expect(other.S3_ENDPOINT).toBeUndefined();
    expect(other.BACKUP_EGRESS_CIDRS).toBeUndefined();
    expect(settings.S3_ENDPOINT).toBeUndefined();
  });

  it('leave what the environment already sets', () => {
    const own = parse(
      script(['scripts/cluster/real-node/worker-env.sh'], {
        STORE_STORAGE_CLASS: 'fast',
        MEDUSA_IMAGE: 'registry.example.com/medusa:1',
      }),
    );
    expect(own).toMatchObject({
      STORE_STORAGE_CLASS: 'fast',
      MEDUSA_IMAGE: 'registry.example.com/medusa:1',
      STORE_REAL_NODE: 'true',
    });
  });
});
