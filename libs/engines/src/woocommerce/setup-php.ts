/**
 * The PHP half of the WooCommerce setup Job (setup-script.ts writes it to
 * /tmp/storefleet/setup.php and runs it with the image's own `php`).
 *
 * Every guard reads the real end state from the database (tables, the admin
 * user and its role, options, products), never a flag set before the work.
 * State commands use mysqli only, so they work on a database in any state,
 * half-installed included, where loading WordPress itself would die. The
 * `core` command installs WordPress with WordPress's own wp_install() and the
 * admin password from the environment (never on a command line), or repairs
 * a half-finished install in place; it drops tables only when WordPress never
 * got as far as writing its site URL, so a store that is really installed is
 * never wiped.
 *
 * Commands (exit 0 when the state holds or the change was made):
 *   wait-db                    one connection attempt; prints the error otherwise
 *   core-state                 prints absent | leftover | incomplete | installed | damaged
 *   core                       converges WordPress core to installed
 *   woocommerce-state          prints installed | locked | absent
 *   pages-state                exit 0 when the shop, cart, checkout and account pages are published
 *   products-state <xml>       exit 0 when every product of the sample file is in the database
 *   dedupe-sample-meta <xml>   removes duplicated meta rows of the sample file's posts
 *   lookup-state               exit 0 when every product has its row in the product lookup table
 *   shipping-state <country>   exit 0 when a zone for the country has an enabled method
 *   cod-state                  exit 0 when Cash on Delivery is enabled
 *   front-page-state           exit 0 when the front page is the shop page
 *   permalinks-state           exit 0 when permalinks are /%postname%/ and the rewrite rules were rebuilt for them
 *
 * Environment: WORDPRESS_DB_HOST/NAME/USER/PASSWORD, WORDPRESS_TABLE_PREFIX
 * (as the official image's wp-config.php reads them), WORDPRESS_PATH (the
 * WordPress directory, default the working directory), and for `core`:
 * STORE_URL, STORE_TITLE, ADMIN_USER, ADMIN_EMAIL, ADMIN_PASSWORD.
 */
/**
 * PHP shared by the setup script and a clone's rewrite step
 * (backup/wordpress-rewrite.ts): fail(), env() and db(), a mysqli connection
 * from the variables the WordPress image reads.
 */
export const WORDPRESS_PHP_BASICS = String.raw`function fail(string $message): never {
  fwrite(STDERR, $message . "\n");
  exit(1);
}

function env(string $name, ?string $default = null): string {
  $value = getenv($name);
  if ($value === false || $value === '') {
    if ($default === null) fail("$name is not set");
    return $default;
  }
  return $value;
}

function db(): mysqli {
  static $db = null;
  if ($db !== null) return $db;
  mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
  // As WordPress reads DB_HOST: "host", "host:port" or "host:/path/to/socket".
  $host = env('WORDPRESS_DB_HOST', 'mysql');
  $port = null;
  $socket = null;
  if (preg_match('/^(.*?):(.+)$/', $host, $m) === 1) {
    $host = $m[1] === '' ? 'localhost' : $m[1];
    if (ctype_digit($m[2])) $port = (int) $m[2]; else $socket = $m[2];
  }
  $db = new mysqli($host, env('WORDPRESS_DB_USER'), env('WORDPRESS_DB_PASSWORD', ''), env('WORDPRESS_DB_NAME'),
    $port, $socket);
  $db->set_charset('utf8mb4');
  return $db;
}
`;

export const WOOCOMMERCE_SETUP_PHP = String.raw`<?php
declare(strict_types=1);

const CORE_TABLES = ['options', 'users', 'usermeta', 'posts', 'postmeta', 'terms', 'term_taxonomy',
  'term_relationships', 'termmeta', 'comments', 'commentmeta', 'links'];
const SHOP_PAGES = ['woocommerce_shop_page_id', 'woocommerce_cart_page_id', 'woocommerce_checkout_page_id',
  'woocommerce_myaccount_page_id'];

${WORDPRESS_PHP_BASICS}
function prefix(): string {
  return env('WORDPRESS_TABLE_PREFIX', 'wp_');
}

/** @return list<array<string, mixed>> */
function rows(string $sql, string $types = '', array $params = []): array {
  $statement = db()->prepare($sql);
  if ($types !== '') $statement->bind_param($types, ...$params);
  $statement->execute();
  $result = $statement->get_result();
  return $result === false ? [] : $result->fetch_all(MYSQLI_ASSOC);
}

function value(string $sql, string $types = '', array $params = []): ?string {
  $row = rows($sql, $types, $params)[0] ?? null;
  $first = $row === null ? null : array_values($row)[0];
  return $first === null ? null : (string) $first;
}

function table_exists(string $table): bool {
  return value('SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?',
    's', [$table]) !== '0';
}

function option(string $name): ?string {
  if (!table_exists(prefix() . 'options')) return null;
  return value('SELECT option_value FROM ' . prefix() . 'options WHERE option_name = ?', 's', [$name]);
}

/** An option's value as PHP stored it (maybe_serialize), decoded. */
function option_data(string $name): mixed {
  $raw = option($name);
  if ($raw === null) return null;
  $data = @unserialize($raw, ['allowed_classes' => false]);
  return $data === false && $raw !== serialize(false) ? $raw : $data;
}

function administrator_count(): int {
  $p = prefix();
  if (!table_exists($p . 'users') || !table_exists($p . 'usermeta')) return 0;
  $count = 0;
  foreach (rows("SELECT m.meta_value FROM {$p}usermeta m JOIN {$p}users u ON u.ID = m.user_id WHERE m.meta_key = ?",
    's', [$p . 'capabilities']) as $row) {
    $caps = @unserialize((string) $row['meta_value'], ['allowed_classes' => false]);
    if (is_array($caps) && !empty($caps['administrator'])) $count++;
  }
  return $count;
}

function core_state(): string {
  $p = prefix();
  $present = array_filter(CORE_TABLES, fn ($t) => table_exists($p . $t));
  if ($present === []) return 'absent';
  // WordPress decides "installed" by the site URL (is_blog_installed): without it, and with
  // some tables present, every later command dies with "One or more database tables are unavailable".
  // An install writes the site URL before any user or post exists, so tables without it but with
  // content are a damaged store, never a leftover: those are left alone.
  if (option('siteurl') === null) {
    foreach ($present as $table) {
      if ($table !== 'options' && value('SELECT COUNT(*) FROM ' . $p . $table) !== '0') return 'damaged';
    }
    return 'leftover';
  }
  if (count($present) < count(CORE_TABLES)) return 'incomplete';
  $roles = option_data($p . 'user_roles');
  if (!is_array($roles) || !isset($roles['administrator'])) return 'incomplete';
  return administrator_count() > 0 ? 'installed' : 'incomplete';
}

/** Drops what an install killed before it wrote the site URL left behind: core tables only, never a site. */
function drop_leftover(): void {
  if (core_state() !== 'leftover') fail('refusing to drop tables: the database holds an installed site');
  foreach (CORE_TABLES as $table) {
    db()->query('DROP TABLE IF EXISTS ' . prefix() . $table);
  }
  fwrite(STDOUT, "dropped the tables of an install that never wrote its site URL\n");
}

function load_wordpress(): void {
  define('WP_INSTALLING', true);
  $_SERVER['HTTP_HOST'] = parse_url(env('STORE_URL'), PHP_URL_HOST) ?: 'localhost';
  $_SERVER['REQUEST_URI'] = '/';
  // No e-mail from a Job (what wp core install --skip-email does).
  if (!function_exists('wp_new_blog_notification')) {
    function wp_new_blog_notification(...$args): void {}
  }
  require rtrim(env('WORDPRESS_PATH', getcwd() ?: '.'), '/') . '/wp-load.php';
  require_once ABSPATH . 'wp-admin/includes/upgrade.php';
}

function install_core(): void {
  $password = env('ADMIN_PASSWORD');
  $result = wp_install(env('STORE_TITLE'), env('ADMIN_USER'), env('ADMIN_EMAIL'), true, '', $password);
  update_option('home', env('STORE_URL'));
  update_option('siteurl', env('STORE_URL'));
  fwrite(STDOUT, "installed WordPress, admin user id {$result['user_id']}\n");
}

/** Finishes an install that stopped after the site URL: tables, roles, the admin user and its role. */
function repair_core(): void {
  make_db_current_silent();
  // populate_roles() writes the roles option once per capability, so a kill inside it leaves an
  // administrator role without most of its capabilities. It only adds, never removes: run it whole.
  populate_roles();
  $login = env('ADMIN_USER');
  $user_id = username_exists($login);
  if (!$user_id) {
    $user_id = wp_create_user($login, env('ADMIN_PASSWORD'), env('ADMIN_EMAIL'));
    if (is_wp_error($user_id)) fail('could not create the admin user: ' . $user_id->get_error_message());
  }
  if (administrator_count() === 0) (new WP_User((int) $user_id))->set_role('administrator');
  update_option('blogname', env('STORE_TITLE'));
  update_option('admin_email', env('ADMIN_EMAIL'));
  update_option('home', env('STORE_URL'));
  update_option('siteurl', env('STORE_URL'));
  fwrite(STDOUT, "repaired a WordPress install that had stopped half-way\n");
}

function converge_core(): void {
  $state = core_state();
  if ($state === 'installed') { fwrite(STDOUT, "WordPress already installed\n"); return; }
  if ($state === 'damaged') fail('the database holds WordPress content but no site URL: repair it by hand (nothing was changed)');
  if ($state === 'leftover') { drop_leftover(); $state = 'absent'; }
  load_wordpress();
  if ($state === 'absent') install_core(); else repair_core();
  $after = core_state();
  if ($after !== 'installed') fail("WordPress is still $after after the install");
}

function woocommerce_state(): string {
  $p = prefix();
  $active = option_data('active_plugins');
  $lock = option('_transient_wc_installing');
  $expires = option('_transient_timeout_wc_installing');
  // WooCommerce's install lock (10 minutes): while it holds, activation skips the install.
  if ($lock === 'yes' && ($expires === null || (int) $expires > time())) return 'locked';
  $ready = is_array($active) && in_array('woocommerce/woocommerce.php', $active, true)
    && option('woocommerce_version') !== null
    && option('woocommerce_db_version') !== null
    && table_exists($p . 'wc_product_meta_lookup')
    && table_exists($p . 'woocommerce_order_items')
    && table_exists($p . 'woocommerce_shipping_zones');
  return $ready ? 'installed' : 'absent';
}

function published_page(?string $id): bool {
  if ($id === null || !ctype_digit($id) || (int) $id <= 0) return false;
  return value('SELECT COUNT(*) FROM ' . prefix() . "posts WHERE ID = ? AND post_type = 'page' AND post_status = 'publish'",
    'i', [(int) $id]) === '1';
}

/** @return list<string> the GUIDs of the sample file's posts of the given types */
function sample_guids(string $file, array $types): array {
  $xml = @simplexml_load_file($file);
  if ($xml === false) fail("cannot read $file");
  $guids = [];
  foreach ($xml->channel->item as $item) {
    $wp = $item->children('http://wordpress.org/export/1.2/');
    if (in_array((string) $wp->post_type, $types, true)) $guids[] = trim((string) $item->guid);
  }
  return $guids;
}

/**
 * @return array<string, list<int>> the database's posts with these GUIDs, by GUID. WordPress stores
 * a GUID's "&" as "&amp;" (kses on save), the file as "&#038;" (decoded by SimpleXML): compare decoded.
 */
function posts_with_guids(array $guids): array {
  $found = [];
  $decode = fn (string $guid): string => html_entity_decode($guid, ENT_QUOTES | ENT_HTML5, 'UTF-8');
  $stored = fn (string $guid): array => array_unique([$guid, str_replace('&', '&amp;', $decode($guid))]);
  foreach (array_chunk(array_values(array_unique($guids)), 100) as $chunk) {
    $forms = array_merge(...array_map($stored, $chunk));
    $marks = implode(',', array_fill(0, count($forms), '?'));
    foreach (rows('SELECT ID, guid FROM ' . prefix() . "posts WHERE guid IN ($marks)", str_repeat('s', count($forms)), $forms) as $row) {
      $found[$decode((string) $row['guid'])][] = (int) $row['ID'];
    }
  }
  return $found;
}

function products_state(string $file): bool {
  $guids = array_unique(array_map(fn ($g) => html_entity_decode($g, ENT_QUOTES | ENT_HTML5, 'UTF-8'), sample_guids($file, ['product'])));
  return $guids !== [] && count(array_intersect($guids, array_keys(posts_with_guids($guids)))) === count($guids);
}

/** The importer re-adds meta to posts it skips on a second run: keep the first of each identical row. */
function dedupe_sample_meta(string $file): void {
  $ids = array_merge([], ...array_values(posts_with_guids(sample_guids($file, ['product', 'product_variation', 'attachment']))));
  $p = prefix();
  $removed = 0;
  foreach (array_chunk($ids, 200) as $chunk) {
    $marks = implode(',', array_fill(0, count($chunk), '?'));
    $statement = db()->prepare("DELETE later FROM {$p}postmeta later JOIN {$p}postmeta first
      ON first.post_id = later.post_id AND first.meta_key = later.meta_key
      AND first.meta_value <=> later.meta_value AND first.meta_id < later.meta_id
      WHERE later.post_id IN ($marks)");
    $statement->bind_param(str_repeat('i', count($chunk)), ...$chunk);
    $statement->execute();
    $removed += $statement->affected_rows;
  }
  fwrite(STDOUT, "removed $removed duplicated meta rows\n");
}

function lookup_state(): bool {
  $p = prefix();
  if (!table_exists($p . 'wc_product_meta_lookup')) return false;
  $missing = value("SELECT COUNT(*) FROM {$p}posts posts LEFT JOIN {$p}wc_product_meta_lookup lookup
    ON lookup.product_id = posts.ID WHERE posts.post_type IN ('product', 'product_variation')
    AND posts.post_status = 'publish' AND lookup.product_id IS NULL");
  // Rows whose prices were never filled (sorting by price reads min_price/max_price).
  $unpriced = value("SELECT COUNT(*) FROM {$p}wc_product_meta_lookup lookup JOIN {$p}postmeta price
    ON price.post_id = lookup.product_id AND price.meta_key = '_price' AND price.meta_value <> ''
    WHERE lookup.max_price IS NULL");
  $products = value("SELECT COUNT(*) FROM {$p}posts WHERE post_type = 'product' AND post_status = 'publish'");
  return $products !== '0' && $missing === '0' && $unpriced === '0';
}

function shipping_state(string $country): bool {
  $p = prefix();
  if (!table_exists($p . 'woocommerce_shipping_zone_locations')) return false;
  return value("SELECT COUNT(*) FROM {$p}woocommerce_shipping_zone_locations l JOIN {$p}woocommerce_shipping_zone_methods m
    ON m.zone_id = l.zone_id WHERE l.location_type = 'country' AND l.location_code = ? AND m.is_enabled = 1",
    's', [$country]) !== '0';
}

function cod_state(): bool {
  $settings = option_data('woocommerce_cod_settings');
  return is_array($settings) && ($settings['enabled'] ?? 'no') === 'yes';
}

function permalinks_state(): bool {
  $rules = option_data('rewrite_rules');
  if (option('permalink_structure') !== '/%postname%/' || !is_array($rules)) return false;
  // Rules built for this structure map a bare slug to a post name.
  return in_array('index.php?name=$matches[1]&page=$matches[2]', $rules, true);
}

function front_page_state(): bool {
  $shop = option('woocommerce_shop_page_id');
  return option('show_on_front') === 'page' && $shop !== null && option('page_on_front') === $shop && published_page($shop);
}

$command = $argv[1] ?? '';
$arg = $argv[2] ?? '';
try {
  switch ($command) {
    case 'wait-db': db()->query('SELECT 1'); exit(0);
    case 'core-state': fwrite(STDOUT, core_state() . "\n"); exit(0);
    case 'core': converge_core(); exit(0);
    case 'woocommerce-state': fwrite(STDOUT, woocommerce_state() . "\n"); exit(0);
    case 'pages-state':
      foreach (SHOP_PAGES as $page) if (!published_page(option($page))) exit(1);
      exit(0);
    case 'products-state': exit(products_state($arg) ? 0 : 1);
    case 'dedupe-sample-meta': dedupe_sample_meta($arg); exit(0);
    case 'lookup-state': exit(lookup_state() ? 0 : 1);
    case 'shipping-state': exit(shipping_state($arg) ? 0 : 1);
    case 'cod-state': exit(cod_state() ? 0 : 1);
    case 'front-page-state': exit(front_page_state() ? 0 : 1);
    case 'permalinks-state': exit(permalinks_state() ? 0 : 1);
    default: fail("unknown command: $command");
  }
} catch (mysqli_sql_exception $error) {
  fail('database: ' . $error->getMessage());
}
`;

/**
 * Creates the default shipping zone (the store's country, free shipping) with
 * WooCommerce's own API, run by `wp eval-file` with the country as argument.
 * A zone for the country that lost its method (a kill between the two saves)
 * gets the method; nothing is created twice.
 */
export const WOOCOMMERCE_SHIPPING_PHP = String.raw`<?php
$country = $args[0] ?? 'US';
$zone = null;
foreach (WC_Shipping_Zones::get_zones() as $id => $data) {
  foreach ($data['zone_locations'] as $location) {
    if ($location->type === 'country' && $location->code === $country) $zone = new WC_Shipping_Zone((int) $id);
  }
}
if ($zone === null) {
  $zone = new WC_Shipping_Zone();
  $zone->set_zone_name(WC()->countries->countries[$country] ?? $country);
  $zone->add_location($country, 'country');
  $zone->save();
}
if (count($zone->get_shipping_methods(true)) === 0) $zone->add_shipping_method('free_shipping');
WP_CLI::success('shipping zone ' . $zone->get_id() . ' for ' . $country);
`;
