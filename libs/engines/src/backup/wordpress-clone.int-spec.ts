/**
 * A WooCommerce clone's data path, natively: the backup Job's MariaDB dump
 * of a real WordPress install (MariaDB, PHP and WordPress core from Debian,
 * testing/native-wordpress.ts), the restore Job's import into the clone's own
 * database, then its rewrite step (wordpress-rewrite.ts): the source's
 * address replaced everywhere, serialised options still readable by
 * WordPress, and the admin login signing in with the clone's own password.
 * (The bucket leg of the same dump is proven in mariadb-roundtrip.int-spec.ts.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { type AddressInfo, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, expect, it } from '@jest/globals';

import { NativeWordPress } from '../woocommerce/testing/native-wordpress.js';
import { runScript } from './roundtrip.js';
import { MARIADB_DUMP_SCRIPT, MARIADB_RESTORE_SCRIPT } from './scripts.js';
import { WORDPRESS_REWRITE_PHP, WORDPRESS_REWRITE_SCRIPT } from './wordpress-rewrite.js';

const wp = new NativeWordPress();
const SOURCE = 'http://src-shop.example.test';
const CLONE_PASSWORD = 'clone-password-7f3a9c';

beforeAll(async () => {
  await wp.start();
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
}, 120_000);
afterAll(async () => {
  await new Promise((resolve) => relay.close(resolve));
  wp.stop();
});

/**
 * The native server listens on a socket only, the Job's scripts connect over
 * TCP (host and port): a loopback relay to the socket joins them, unchanged.
 */
const relay = createServer((client) => {
  const server = connect(wp.socket);
  client.pipe(server).pipe(client);
  server.on('error', () => client.destroy());
  client.on('error', () => server.destroy());
});
const dbEnv = (database: string) => ({
  DB_HOST: '127.0.0.1',
  DB_PORT: String((relay.address() as AddressInfo).port),
  DB_USER: 'wordpress',
  DB_NAME: database,
  MYSQL_PWD: wp.password,
});

it("a clone has the source's content under its own address, and its admin signs in with the clone's password", async () => {
  wp.freshDatabase('clone_source');
  expect(wp.setup(['core'], { STORE_URL: SOURCE }).code).toBe(0);
  const seeded = wp.wp(`
    update_option('siteurl', '${SOURCE}'); update_option('home', '${SOURCE}');
    update_option('sf_theme_mods', ['logo' => '${SOURCE}/wp-content/uploads/logo.png', 'links' => ['${SOURCE}/shop/']]);
    $id = wp_insert_post(['post_title' => 'Mug', 'post_status' => 'publish', 'post_type' => 'post',
      'post_content' => '<img src="${SOURCE}/wp-content/uploads/mug.jpg">']);
    echo $id;`);
  expect(seeded.code).toBe(0);
  const postId = seeded.stdout.trim();

  const work = await mkdtemp(path.join(tmpdir(), 'sf-woo-clone-'));
  await runScript(MARIADB_DUMP_SCRIPT, { ...dbEnv('clone_source'), WORK_DIR: work });
  wp.freshDatabase('clone_target');
  await runScript(MARIADB_RESTORE_SCRIPT, { ...dbEnv('clone_target'), WORK_DIR: work });
  const env = {
    WORK_DIR: work,
    WORDPRESS_DB_HOST: `localhost:${wp.socket}`,
    WORDPRESS_DB_NAME: 'clone_target',
    WORDPRESS_DB_USER: 'wordpress',
    WORDPRESS_DB_PASSWORD: wp.password,
    ADMIN_USER: 'storeadmin',
    ADMIN_PASSWORD: CLONE_PASSWORD,
    REWRITE_FROM: '//src-shop.example.test',
    REWRITE_TO: '//my-clone.example.test',
    REWRITE_PHP: WORDPRESS_REWRITE_PHP,
  };
  const rewritten = await runScript(WORDPRESS_REWRITE_SCRIPT, env);
  expect(rewritten.stdout).toMatch(/rewrote [1-9]\d* values from \/\/src-shop\.example\.test to \/\/my-clone\.example\.test/);
  expect(rewritten.stdout).toContain("set the admin login's password");
  expect(`${rewritten.stdout}${rewritten.stderr}`).not.toContain(CLONE_PASSWORD);

  // WordPress itself reads the clone: serialised values intact, the new address everywhere, the new password accepted.
  const check = wp.wp(`
    $mods = get_option('sf_theme_mods');
    $user = get_user_by('login', 'storeadmin');
    echo json_encode([
      // The stored option (get_option answers WP_SITEURL, which the image's config sets).
      'siteurl' => $GLOBALS['wpdb']->get_var("SELECT option_value FROM {$GLOBALS['wpdb']->options} WHERE option_name = 'siteurl'"),
      'logo' => is_array($mods) ? $mods['logo'] : null,
      'links' => is_array($mods) ? $mods['links'] : null,
      'content' => get_post(${postId})->post_content,
      'clonePassword' => wp_check_password('${CLONE_PASSWORD}', $user->user_pass, $user->ID),
      'sourcePassword' => wp_check_password(getenv('ADMIN_PASSWORD'), $user->user_pass, $user->ID),
    ]);`);
  expect(check.code).toBe(0);
  expect(JSON.parse(check.stdout.trim())).toEqual({
    siteurl: 'http://my-clone.example.test',
    logo: 'http://my-clone.example.test/wp-content/uploads/logo.png',
    links: ['http://my-clone.example.test/shop/'],
    content: '<img src="http://my-clone.example.test/wp-content/uploads/mug.jpg">',
    clonePassword: true,
    sourcePassword: false,
  });
  // Nothing of the source's address is left in the clone's database.
  const dump = spawnSync('mariadb-dump', ['--no-defaults', `--socket=${wp.socket}`, '-uroot', 'clone_target'], {
    encoding: 'utf8',
  });
  expect(dump.stdout).not.toContain('src-shop.example.test');
  // Running it again changes nothing.
  expect((await runScript(WORDPRESS_REWRITE_SCRIPT, env)).stdout).toContain('rewrote 0 values');
}, 180_000);
