/**
 * The WordPress pod's first start on a claim whose root www-data (uid 33) does
 * not own, run for real: the official entrypoint unpacks WordPress with tar as
 * www-data into /var/www/html, and tar must be able to set the mode of that
 * directory. prepare-content (wordpress.ts) runs as www-data first and makes
 * the directory WordPress is mounted from. Needs root (to act as www-data).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { WOO } from './names.js';
import { PREPARE_CONTENT_SCRIPT } from './wordpress.js';

const asWwwData = (command: string) => spawnSync('runuser', ['-u', 'www-data', '--', 'sh', '-c', command], { encoding: 'utf8' });

/** A claim as a provisioner hands it over: owned by root, writable by all (local-path) or by the pod's group. */
function claim(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'claim-'));
  chmodSync(root, 0o777);
  mkdirSync(path.join(root, 'lost+found'), { mode: 0o700 });
  return root;
}

/** WordPress's files as the image ships them, tarred as the entrypoint does (the archive's "." is rwxrwxr-x). */
function wordpressArchive(): string {
  const source = mkdtempSync(path.join(tmpdir(), 'wordpress-src-'));
  mkdirSync(path.join(source, 'wp-includes'));
  writeFileSync(path.join(source, 'index.php'), '<?php\n');
  writeFileSync(path.join(source, 'wp-includes', 'version.php'), "<?php $wp_version = '6.8.3';\n");
  chmodSync(source, 0o775);
  const archive = path.join(mkdtempSync(path.join(tmpdir(), 'wordpress-tar-')), 'wordpress.tar');
  spawnSync('tar', ['--create', '--file', archive, '--directory', source, '--owner', 'www-data', '--group', 'www-data', '.']);
  chmodSync(path.dirname(archive), 0o755);
  chmodSync(archive, 0o644);
  return archive;
}

const prepare = (root: string) => asWwwData(PREPARE_CONTENT_SCRIPT.replace('cd /claim', `cd '${root}'`));

describe('the WordPress content directory', () => {
  it('lets the entrypoint unpack WordPress where the claim root would refuse it', () => {
    if (process.getuid?.() !== 0) throw new Error('this test acts as www-data and needs root');
    const archive = wordpressArchive();

    // Before: the entrypoint's tar into the claim's root, as www-data.
    const atRoot = claim();
    const refused = asWwwData(`cd '${atRoot}' && tar --extract --file '${archive}'`);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/Cannot (change mode|utime)|Operation not permitted/);

    // After: prepare-content, then the same tar into the subdirectory the container mounts.
    const root = claim();
    expect(prepare(root).status).toBe(0);
    const content = path.join(root, WOO.app.contentSubPath);
    expect(statSync(content).uid).toBe(WOO.app.uid);
    const unpacked = asWwwData(`cd '${content}' && tar --extract --file '${archive}'`);
    expect(unpacked.stderr).toBe('');
    expect(unpacked.status).toBe(0);
    expect(existsSync(path.join(content, 'wp-includes', 'version.php'))).toBe(true);
    // A second start changes nothing.
    expect(prepare(root).status).toBe(0);
    expect(readdirSync(root).sort()).toEqual([WOO.app.contentSubPath, 'lost+found']);
  });

  it('moves a store kept at the claim root into the subdirectory, resuming after a kill', () => {
    const root = claim();
    for (const name of ['index.php', 'wp-config.php', '.htaccess']) {
      expect(asWwwData(`echo x > '${path.join(root, name)}'`).status).toBe(0);
    }
    expect(
      asWwwData(
        `mkdir -p '${path.join(root, 'wp-content', 'uploads')}' && echo img > '${path.join(root, 'wp-content', 'uploads', 'a.png')}'`,
      ).status,
    ).toBe(0);
    // A kill part-way: the subdirectory exists and holds some entries already.
    expect(
      asWwwData(`mkdir '${path.join(root, 'html')}' && mv '${path.join(root, 'index.php')}' '${path.join(root, 'html')}/'`)
        .status,
    ).toBe(0);

    const result = prepare(root);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readdirSync(root).sort()).toEqual(['html', 'lost+found']);
    expect(readdirSync(path.join(root, 'html')).sort()).toEqual(['.htaccess', 'index.php', 'wp-config.php', 'wp-content']);
    expect(existsSync(path.join(root, 'html', 'wp-content', 'uploads', 'a.png'))).toBe(true);
  });
});
