/**
 * The WooCommerce setup Job's guards and its WordPress install, run for real:
 * MariaDB, PHP and WordPress core natively (testing/native-wordpress.ts),
 * killed at many points. WooCommerce and WP-CLI are not available here, so
 * the steps that need them are checked only through their guards on states
 * written with WordPress's own functions (see docs/worker.md).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { NativeWordPress } from './testing/native-wordpress.js';

const wp = new NativeWordPress();
let databases = 0;
const fresh = () => wp.freshDatabase(`setup_${process.pid}_${++databases}`);

beforeAll(() => wp.start(), 120_000);
afterAll(() => wp.stop());

function state(): string {
  const result = wp.setup(['core-state']);
  expect(result.code).toBe(0);
  return result.stdout.trim();
}

/** What a shop owner relies on: WordPress loads as installed, the admin signs in with the generated password and administers. */
function expectInstalledWithAdmin(): void {
  expect(state()).toBe('installed');
  const check = wp.wp(
    `$user = get_user_by('login', 'storeadmin');
     echo is_blog_installed() ? 'installed' : 'not-installed', ' ';
     echo $user && wp_check_password(getenv('ADMIN_PASSWORD'), $user->user_pass, $user->ID) ? 'password' : 'no-password', ' ';
     echo $user && user_can($user, 'manage_options') ? 'administrator' : 'no-role', ' ';
     echo count(get_users(['login' => 'storeadmin']));`,
  );
  expect(check.stdout.trim()).toBe('installed password administrator 1');
}

/** Runs wp_install()'s own steps up to `stage`, as a kill at that point leaves them. */
function installUpTo(stage: 'tables' | 'options' | 'an empty administrator role' | 'roles' | 'user-without-role'): void {
  const steps = {
    tables: 'make_db_current_silent();',
    options: 'make_db_current_silent(); populate_options();',
    // A kill inside populate_roles(), which saves the roles once per capability.
    'an empty administrator role': "make_db_current_silent(); populate_options(); add_role('administrator', 'Administrator');",
    roles: 'make_db_current_silent(); populate_options(); populate_roles();',
    'user-without-role':
      "make_db_current_silent(); populate_options(); populate_roles(); wp_create_user('storeadmin', getenv('ADMIN_PASSWORD'), 'owner@example.com');",
  };
  expect(wp.wp(steps[stage], { installing: true }).code).toBe(0);
}

describe('the WordPress install step (real WordPress core and MariaDB)', () => {
  it('installs WordPress with the admin as administrator, the password read from the environment', () => {
    fresh();
    expect(state()).toBe('absent');
    const result = wp.setup(['core']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expectInstalledWithAdmin();
  });

  it('recovers from tables left without a site URL, where WordPress itself dies', () => {
    fresh();
    installUpTo('tables');
    expect(state()).toBe('leftover');
    // What every later run met before: WordPress refuses to load (dead_db()).
    const load = wp.wp('echo "loaded-fine";');
    expect(load.stdout).not.toContain('loaded-fine');
    expect(load.stdout).toContain('Error establishing a database connection');
    expect(wp.setup(['core']).code).toBe(0);
    expectInstalledWithAdmin();
  });

  it.each(['options', 'an empty administrator role', 'roles', 'user-without-role'] as const)(
    'finishes an install killed after %s in place, without dropping anything',
    (stage) => {
      fresh();
      installUpTo(stage);
      expect(state()).toBe('incomplete');
      const marker = wp.wp("echo wp_insert_post(['post_title' => 'kept', 'post_status' => 'draft']);", { installing: true });
      const result = wp.setup(['core']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('repaired');
      expectInstalledWithAdmin();
      expect(wp.wp(`echo get_post(${marker.stdout.trim()})->post_title;`).stdout).toBe('kept');
    },
  );

  it('converges after SIGKILL at many points of a real install', async () => {
    // The kill points are spread over the install's own duration on this machine.
    fresh();
    const started = Date.now();
    expect(wp.setup(['core']).code).toBe(0);
    const install = Date.now() - started;
    const seen = new Set<string>();
    for (const delay of [0.03, 0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95].map((f) => Math.round(f * install))) {
      fresh();
      const child = wp.spawnSetup(['core']);
      // Listened for from the start: a run that finishes before its kill point has exited already.
      const exited = new Promise((done) => child.once('exit', done));
      await new Promise((done) => setTimeout(done, delay));
      child.kill('SIGKILL');
      await exited;
      seen.add(state());
      const rerun = wp.setup(['core']);
      expect({ delay, code: rerun.code, stderr: rerun.stderr }).toEqual({ delay, code: 0, stderr: '' });
      expectInstalledWithAdmin();
    }
    // The kills fell before, inside and after the install (absent / leftover / incomplete / installed).
    expect(seen.size).toBeGreaterThanOrEqual(2);
  }, 300_000);

  it('refuses to touch tables that hold content but lost their site URL', () => {
    fresh();
    expect(wp.setup(['core']).code).toBe(0);
    const post = wp.wp("echo wp_insert_post(['post_title' => 'an order note', 'post_status' => 'publish']);").stdout.trim();
    wp.sql("DELETE FROM wp_options WHERE option_name = 'siteurl'", `setup_${process.pid}_${databases}`);
    expect(state()).toBe('damaged');
    const rerun = wp.setup(['core']);
    expect(rerun.code).toBe(1);
    expect(rerun.stderr).toContain('nothing was changed');
    expect(wp.sql(`SELECT post_title FROM wp_posts WHERE ID = ${post}`, `setup_${process.pid}_${databases}`)).toBe(
      'an order note',
    );
  });

  it('never touches a store that is really installed', () => {
    fresh();
    expect(wp.setup(['core']).code).toBe(0);
    const post = wp.wp("echo wp_insert_post(['post_title' => 'an order note', 'post_status' => 'publish']);").stdout.trim();
    // The owner made their own administrator and removed the generated one.
    wp.wp(
      "$id = wp_create_user('owner', 'Owner-pass-123', 'o@example.com'); (new WP_User($id))->set_role('administrator'); require_once ABSPATH . 'wp-admin/includes/user.php'; wp_delete_user(get_user_by('login', 'storeadmin')->ID, $id);",
    );
    const rerun = wp.setup(['core']);
    expect(rerun.stdout).toContain('already installed');
    expect(wp.wp(`echo get_post(${post})->post_title, ' ', count(get_users(['login' => 'storeadmin']));`).stdout).toBe(
      'an order note 0',
    );
  });
});

describe('the setup script helpers', () => {
  it('report why the database never answered', () => {
    fresh();
    const result = wp.shell(`retry 2 php ${wp.setupPhp} wait-db || { log "the database never answered"; exit 1; }`, {
      WORDPRESS_DB_HOST: `localhost:${path.join(wp.root, 'no-such.sock')}`,
      RETRY_DELAY_SECONDS: '0',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('the database never answered');
    expect(result.stderr).toContain('database: No such file or directory');
  });
});

describe('the guards read the real end state', () => {
  beforeAll(() => {
    fresh();
    expect(wp.setup(['core']).code).toBe(0);
  });

  it('see WooCommerce install lock while it holds, and not once it expired', () => {
    expect(wp.setup(['woocommerce-state']).stdout.trim()).toBe('absent');
    wp.wp("set_transient('wc_installing', 'yes', 600);");
    expect(wp.setup(['woocommerce-state']).stdout.trim()).toBe('locked');
    wp.wp("update_option('_transient_timeout_wc_installing', time() - 1);");
    expect(wp.setup(['woocommerce-state']).stdout.trim()).toBe('absent');
  });

  it('read Cash on Delivery from its settings (enabled is "yes"; the REST field prints 1)', () => {
    expect(wp.setup(['cod-state']).code).toBe(1);
    wp.wp("update_option('woocommerce_cod_settings', ['enabled' => 'no', 'title' => 'Cash on delivery']);");
    expect(wp.setup(['cod-state']).code).toBe(1);
    wp.wp("update_option('woocommerce_cod_settings', ['enabled' => 'yes', 'title' => 'Cash on delivery']);");
    expect(wp.setup(['cod-state']).code).toBe(0);
  });

  it('want the shop page, published, as the front page', () => {
    const shop = wp
      .wp("echo wp_insert_post(['post_title' => 'Shop', 'post_type' => 'page', 'post_status' => 'publish']);")
      .stdout.trim();
    wp.wp(`update_option('woocommerce_shop_page_id', ${shop});`);
    expect(wp.setup(['front-page-state']).code).toBe(1);
    // The script's two option updates.
    wp.wp(`update_option('page_on_front', ${shop}); update_option('show_on_front', 'page');`);
    expect(wp.setup(['front-page-state']).code).toBe(0);
    wp.wp(`wp_trash_post(${shop});`);
    expect(wp.setup(['front-page-state']).code).toBe(1);
  });

  it('want permalinks set and the rewrite rules rebuilt for them', () => {
    wp.wp("update_option('permalink_structure', '/%postname%/');");
    // A kill between the option and the flush: the rules are still the old ones.
    expect(wp.setup(['permalinks-state']).code).toBe(1);
    // What `wp rewrite structure` does: set the structure and flush once.
    wp.wp("global $wp_rewrite; $wp_rewrite->set_permalink_structure('/%postname%/'); flush_rewrite_rules();");
    expect(wp.setup(['permalinks-state']).code).toBe(0);
  });

  // WooCommerce's own tables, with the columns of WC_Install::get_schema() the guards read (WooCommerce itself cannot be installed here).
  it('want a lookup row, priced, for every published product, and an enabled method in the country’s zone', () => {
    const db = `setup_${process.pid}_${databases}`;
    wp.sql(
      `CREATE TABLE wp_wc_product_meta_lookup (product_id bigint(20) NOT NULL PRIMARY KEY, min_price decimal(19,4) NULL, max_price decimal(19,4) NULL);
       CREATE TABLE wp_woocommerce_shipping_zones (zone_id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, zone_name varchar(200) NOT NULL, zone_order bigint unsigned NOT NULL);
       CREATE TABLE wp_woocommerce_shipping_zone_locations (location_id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, zone_id bigint unsigned NOT NULL, location_code varchar(200) NOT NULL, location_type varchar(40) NOT NULL);
       CREATE TABLE wp_woocommerce_shipping_zone_methods (zone_id bigint unsigned NOT NULL, instance_id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, method_id varchar(200) NOT NULL, method_order bigint unsigned NOT NULL, is_enabled tinyint(1) NOT NULL DEFAULT '1')`,
      db,
    );
    const product = wp
      .wp("echo wp_insert_post(['post_title' => 'priced', 'post_type' => 'product', 'post_status' => 'publish']);")
      .stdout.trim();
    wp.wp(`add_post_meta(${product}, '_price', '18');`);
    // After an import: no lookup rows, so sorting by price is wrong.
    expect(wp.setup(['lookup-state']).code).toBe(1);
    wp.sql(`INSERT INTO wp_wc_product_meta_lookup (product_id) SELECT ID FROM wp_posts WHERE post_type = 'product'`, db);
    expect(wp.setup(['lookup-state']).code).toBe(1); // rows without prices
    wp.sql(`UPDATE wp_wc_product_meta_lookup SET min_price = 18, max_price = 18`, db);
    expect(wp.setup(['lookup-state']).code).toBe(0);

    expect(wp.setup(['shipping-state', 'US']).code).toBe(1);
    wp.sql(`INSERT INTO wp_woocommerce_shipping_zones (zone_name, zone_order) VALUES ('United States', 0)`, db);
    wp.sql(
      `INSERT INTO wp_woocommerce_shipping_zone_locations (zone_id, location_code, location_type) VALUES (1, 'US', 'country')`,
      db,
    );
    // A kill between the zone's save and its method: no method yet.
    expect(wp.setup(['shipping-state', 'US']).code).toBe(1);
    wp.sql(
      `INSERT INTO wp_woocommerce_shipping_zone_methods (zone_id, method_id, method_order, is_enabled) VALUES (1, 'free_shipping', 1, 0)`,
      db,
    );
    expect(wp.setup(['shipping-state', 'US']).code).toBe(1); // disabled
    wp.sql(`UPDATE wp_woocommerce_shipping_zone_methods SET is_enabled = 1`, db);
    expect(wp.setup(['shipping-state', 'US']).code).toBe(0);
    expect(wp.setup(['shipping-state', 'CA']).code).toBe(1);
  });

  it('count the sample products and remove only the duplicated meta a resumed import adds', () => {
    const sample = path.join(wp.root, 'sample_products.xml');
    const item = (guid: string, type: string) =>
      `<item><title>${guid}</title><guid isPermaLink="false">${guid}</guid><wp:post_type><![CDATA[${type}]]></wp:post_type></item>`;
    writeFileSync(
      sample,
      `<?xml version="1.0"?><rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>${item('https://x.test/?post_type=product&#038;p=1', 'product')}${item('https://x.test/?post_type=product&#038;p=2', 'product')}${item('https://x.test/?p=3', 'attachment')}</channel></rss>`,
    );
    const insert = (guid: string) =>
      wp
        .wp(
          `echo wp_insert_post(['post_title' => 'p', 'post_type' => 'product', 'post_status' => 'publish', 'guid' => '${guid}']);`,
        )
        .stdout.trim();
    // As the importer saves them: WordPress stores the GUID's & as &amp;.
    const first = insert('https://x.test/?post_type=product&p=1');
    expect(wp.setup(['products-state', sample]).code).toBe(1);
    insert('https://x.test/?post_type=product&p=2');
    expect(wp.setup(['products-state', sample]).code).toBe(0);

    const other = wp.wp("echo wp_insert_post(['post_title' => 'mine', 'post_status' => 'publish']);").stdout.trim();
    wp.wp(
      `foreach ([${first}, ${other}] as $id) { add_post_meta($id, '_price', '10'); add_post_meta($id, '_price', '10'); add_post_meta($id, '_tag', 'a'); add_post_meta($id, '_tag', 'b'); }`,
    );
    const result = wp.setup(['dedupe-sample-meta', sample]);
    expect(result.stdout).toContain('removed 1 duplicated meta rows');
    expect(
      wp.wp(
        `echo json_encode([get_post_meta(${first}, '_price'), get_post_meta(${first}, '_tag'), get_post_meta(${other}, '_price')]);`,
      ).stdout,
    ).toBe('[["10"],["a","b"],["10","10"]]');
  });
});
