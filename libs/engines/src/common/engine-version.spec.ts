import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { V1Container, V1Deployment, V1Job, V1PodSpec, V1StatefulSet } from '@kubernetes/client-node';

import { blueprintFor } from '../registry.js';
import { TEST_ENGINE_CONFIG, testStore } from '../testing/fixtures.js';
import type { Blueprint, EngineConfig } from '../types.js';
import { SYNC_CORE_SCRIPT } from '../woocommerce/wordpress.js';
import { ENGINE_VERSION_ANNOTATION, imageWithTag, setupJobVersion } from './engine-version.js';

const config: EngineConfig = {
  ...TEST_ENGINE_CONFIG,
  woocommerce: {
    ...TEST_ENGINE_CONFIG.woocommerce,
    images: { ...TEST_ENGINE_CONFIG.woocommerce.images, wordpress: 'docker.io/library/wordpress:6.8.3-php8.3-apache' },
  },
  medusa: {
    images: {
      medusa: 'registry.example.com:5000/storefleet/medusa:0.1.0',
      postgres: 'docker.io/library/postgres:17.5-bookworm',
      redis: 'docker.io/library/redis:7.4.2-bookworm',
    },
  },
};

function podSpecs(blueprint: Blueprint): Map<string, V1PodSpec> {
  const specs = new Map<string, V1PodSpec>();
  for (const step of ['database', 'application', 'setup-job'] as const) {
    for (const object of blueprint.manifests[step].objects) {
      const spec = (object as V1Deployment | V1StatefulSet | V1Job).spec?.template?.spec;
      if (spec && object.metadata?.name) specs.set(`${object.kind}/${object.metadata.name}`, spec);
    }
  }
  return specs;
}

/** Every container's image, by workload and container name. */
function images(blueprint: Blueprint): Record<string, string> {
  const all: Record<string, string> = {};
  for (const [workload, spec] of podSpecs(blueprint)) {
    for (const c of [...(spec.initContainers ?? []), ...spec.containers] as V1Container[])
      all[`${workload}:${c.name}`] = c.image ?? '';
  }
  return all;
}

function setupJob(blueprint: Blueprint): V1Job {
  return blueprint.manifests['setup-job'].objects.find((o) => o.kind === 'Job') as V1Job;
}

describe('imageWithTag', () => {
  it.each([
    ['docker.io/library/wordpress:6.8.3-php8.3-apache', '6.9.0-php8.3-apache', 'docker.io/library/wordpress:6.9.0-php8.3-apache'],
    ['localhost:5000/storefleet/medusa:0.1.0', '0.2.0', 'localhost:5000/storefleet/medusa:0.2.0'],
    ['localhost:5000/storefleet/medusa', '0.2.0', 'localhost:5000/storefleet/medusa:0.2.0'],
    [`docker.io/storefleet/medusa@sha256:${'a'.repeat(64)}`, '0.2.0', 'docker.io/storefleet/medusa:0.2.0'],
  ])('%s at %s is %s', (image, tag, expected) => {
    expect(imageWithTag(image, tag)).toBe(expected);
  });
});

describe('a blueprint at an engine version', () => {
  it('runs WordPress at the version tag everywhere it runs, and has the setup Job install the version plugin', () => {
    const blueprint = blueprintFor(testStore('woocommerce', { engineVersion: '6.9.0-php8.3-apache/10.3.0' }), config);
    const all = images(blueprint);
    const wordpress = Object.entries(all).filter(([, image]) => image.includes('/wordpress:6'));
    expect(wordpress.map(([where]) => where).sort()).toEqual([
      'Deployment/wordpress:php-settings',
      'Deployment/wordpress:prepare-content',
      'Deployment/wordpress:wordpress',
      'Job/woocommerce-setup:prepare-content',
      'Job/woocommerce-setup:sync-core',
    ]);
    for (const [, image] of wordpress) expect(image).toBe('docker.io/library/wordpress:6.9.0-php8.3-apache');
    // WP-CLI and MariaDB are not the engine version's.
    expect(all['Job/woocommerce-setup:setup']).toBe(config.woocommerce.images.wpCli);
    expect(all['StatefulSet/mariadb:mariadb']).toBe(config.woocommerce.images.mariadb);
    const env = setupJob(blueprint).spec?.template.spec?.containers[0]?.env ?? [];
    expect(env.find((e) => e.name === 'WOOCOMMERCE_VERSION')?.value).toBe('10.3.0');
    expect(setupJobVersion(setupJob(blueprint))).toBe('6.9.0-php8.3-apache/10.3.0');
  });

  it('runs the Medusa store image at the version tag (app, storefront, setup and their waits), Postgres and Redis unchanged', () => {
    const blueprint = blueprintFor(testStore('medusa', { engineVersion: '0.2.0' }), config);
    const all = images(blueprint);
    const store = Object.entries(all).filter(([, image]) => image.includes('/storefleet/medusa'));
    expect(store.length).toBeGreaterThanOrEqual(4);
    for (const [, image] of store) expect(image).toBe('registry.example.com:5000/storefleet/medusa:0.2.0');
    expect(Object.values(all)).toContain(config.medusa?.images.postgres);
    expect(Object.values(all)).toContain(config.medusa?.images.redis);
    expect(setupJob(blueprint).metadata?.annotations?.[ENGINE_VERSION_ANNOTATION]).toBe('0.2.0');
  });

  it('keeps the configured images for a store without a version, its setup Job unmarked', () => {
    const woo = blueprintFor(testStore('woocommerce'), config);
    expect(images(woo)['Deployment/wordpress:wordpress']).toBe(config.woocommerce.images.wordpress);
    expect(setupJob(woo).metadata?.annotations?.[ENGINE_VERSION_ANNOTATION]).toBeUndefined();
    expect(setupJobVersion(setupJob(woo))).toBe('');
    const medusa = blueprintFor(testStore('medusa', { engineVersion: null }), config);
    expect(images(medusa)['Deployment/medusa:medusa']).toBe(config.medusa?.images.medusa);
  });

  it('differs from the previous version only in what the version sets', () => {
    const before = blueprintFor(testStore('medusa', { engineVersion: '0.1.0' }), config);
    const after = blueprintFor(testStore('medusa', { engineVersion: '0.2.0' }), config);
    const swap = (o: unknown) => JSON.stringify(o).replaceAll('medusa:0.1.0', 'medusa:0.2.0').replaceAll('"0.1.0"', '"0.2.0"');
    expect(swap(before)).toBe(JSON.stringify(after));
  });

  it('refuses a version that is not written as the engine versions are', () => {
    expect(() => blueprintFor(testStore('woocommerce', { engineVersion: '6.9.0' }), config)).toThrow(
      'is not a woocommerce version',
    );
  });
});

describe('the WordPress core sync of the setup Job (run for real with sh and tar)', () => {
  const version = (v: string) => `<?php $wp_version = '${v}';\n`;

  function tree(root: string, v: string, extra: Record<string, string> = {}): void {
    const files = {
      'wp-includes/version.php': version(v),
      'wp-admin/index.php': `admin ${v}`,
      'index.php': `index ${v}`,
      ...extra,
    };
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), content);
    }
  }

  function sync(image: string, claim: string): string {
    return execFileSync('sh', ['-c', SYNC_CORE_SCRIPT], {
      env: { PATH: process.env.PATH, WORDPRESS_SOURCE: image, WORDPRESS_TARGET: claim },
      encoding: 'utf8',
    });
  }

  function dirs() {
    const root = mkdtempSync(path.join(tmpdir(), 'sync-core-'));
    const image = path.join(root, 'image');
    const claim = path.join(root, 'claim');
    tree(image, '6.9', { 'wp-content/plugins/akismet/akismet.php': 'bundled' });
    mkdirSync(claim);
    return { image, claim };
  }

  const read = (root: string, file: string) => readFileSync(path.join(root, file), 'utf8');

  it('leaves a claim without WordPress to the app entrypoint', () => {
    const { image, claim } = dirs();
    expect(sync(image, claim)).toContain('no WordPress on the claim yet');
  });

  it("copies the image's core over an older one, keeping the store's wp-content", () => {
    const { image, claim } = dirs();
    tree(claim, '6.8', { 'wp-content/uploads/photo.jpg': 'the owner photo', 'wp-config.php': 'config' });
    expect(sync(image, claim)).toContain('copying');
    expect(read(claim, 'wp-includes/version.php')).toBe(version('6.9'));
    expect(read(claim, 'wp-admin/index.php')).toBe('admin 6.9');
    expect(read(claim, 'wp-content/uploads/photo.jpg')).toBe('the owner photo');
    expect(read(claim, 'wp-config.php')).toBe('config');
    expect(() => read(claim, 'wp-content/plugins/akismet/akismet.php')).toThrow();
    expect(sync(image, claim)).toContain("core files are the image's");
  });

  it('finishes on the next run after a kill that left some files new and version.php old', () => {
    const { image, claim } = dirs();
    tree(claim, '6.8');
    writeFileSync(path.join(claim, 'index.php'), 'index 6.9'); // copied before the kill
    expect(sync(image, claim)).toContain('copying');
    expect(read(claim, 'wp-admin/index.php')).toBe('admin 6.9');
    expect(read(claim, 'wp-includes/version.php')).toBe(version('6.9'));
  });

  it('copies version.php last, so the guard sees an unfinished copy', () => {
    expect(SYNC_CORE_SCRIPT.indexOf('--exclude ./wp-includes/version.php')).toBeGreaterThan(-1);
    expect(SYNC_CORE_SCRIPT.lastIndexOf('mv wp-includes/version.php.storefleet wp-includes/version.php')).toBeGreaterThan(
      SYNC_CORE_SCRIPT.indexOf('tar --create'),
    );
  });
});
