import { WOOCOMMERCE_SETUP_PHP, WOOCOMMERCE_SHIPPING_PHP } from './setup-php.js';

/** Where the store's default country is; the default shipping zone covers it. */
export const DEFAULT_COUNTRY = { option: 'US:CA', zone: 'US' } as const;

/** Shell helpers of the setup script, apart so tests can run them alone. */
export const SETUP_SCRIPT_HELPERS = String.raw`log() { printf '[storefleet-setup] %s\n' "$*"; }
# Runs a command until it succeeds, at most $1 times, 5 seconds apart. When it
# gives up it prints what the last attempt said, so the reason is in the log.
retry() {
  tries="$1"; shift
  n=0
  until last_output="$("$@" 2>&1)"; do
    n=$((n + 1))
    if [ "$n" -ge "$tries" ]; then
      log "gave up after $n attempts of: $*"
      printf '%s\n' "$last_output" | tail -n 20 >&2
      return 1
    fi
    sleep "$(printenv RETRY_DELAY_SECONDS || echo 5)"
  done
}
`;

/**
 * The setup Job's shell script (run by the official WP-CLI image as
 * www-data). Each step starts with a guard that reads the real end state
 * (setup-php.ts: tables, the admin user and its role, WooCommerce's version
 * and install lock, pages, products, lookup rows, shipping, payment and
 * front-page settings), so the Job can be killed at any point and run again,
 * and converges; a store that is really installed is never reinstalled. Run
 * again for an engine upgrade, it moves the plugin to WOOCOMMERCE_VERSION and
 * runs `wp core update-db` and `wp wc update` (both no-ops when current).
 * Inputs come from the environment: STORE_URL, STORE_TITLE, ADMIN_USER,
 * ADMIN_EMAIL, ADMIN_PASSWORD (read by PHP from the environment, never passed
 * on a command line), WOOCOMMERCE_VERSION, STOREFRONT_VERSION and the
 * WORDPRESS_* variables wp-config.php reads.
 */
export const WOOCOMMERCE_SETUP_SCRIPT = String.raw`set -eu
${SETUP_SCRIPT_HELPERS}
version_flag() { if [ -n "$1" ]; then printf -- '--version=%s' "$1"; fi; }
cd /var/www/html

mkdir -p /tmp/storefleet
cat > /tmp/storefleet/setup.php <<'STOREFLEET_PHP'
${WOOCOMMERCE_SETUP_PHP}
STOREFLEET_PHP
cat > /tmp/storefleet/shipping.php <<'STOREFLEET_PHP'
${WOOCOMMERCE_SHIPPING_PHP}
STOREFLEET_PHP
state() { php /tmp/storefleet/setup.php "$@"; }
# Checks a state after the step that should have made it.
ensure() { state "$@" >/dev/null || { log "still not done after the step: $*"; exit 1; }; }
sample=wp-content/plugins/woocommerce/sample-data/sample_products.xml

log "waiting for the WordPress files (copied by the app's entrypoint)"
retry 120 test -f wp-config.php -a -f wp-includes/version.php || { log "WordPress files never appeared"; exit 1; }

log "waiting for the database"
retry 120 state wait-db || { log "the database never answered"; exit 1; }

log "WordPress core is $(state core-state)"
state core

if [ "$(state woocommerce-state)" = installed ]; then
  log "WooCommerce already installed"
else
  # A kill during the download leaves a partial copy: fetch it again unless
  # its files match wordpress.org's checksums.
  if ! wp plugin is-installed woocommerce || ! wp plugin verify-checksums woocommerce >/dev/null 2>&1; then
    log "installing WooCommerce"
    wp plugin install woocommerce --force $(version_flag "$WOOCOMMERCE_VERSION")
  fi
  wp plugin is-active woocommerce || wp plugin activate woocommerce
  # WooCommerce's install lock (10 minutes) is held by an install in progress
  # (the app's first request runs one too) or was left by a killed one: wait
  # until it is released or expires rather than fail inside it.
  waited=0
  while [ "$(state woocommerce-state)" = locked ]; do
    if [ "$waited" -eq 0 ]; then log "WooCommerce's install lock is held: waiting until it is released or expires"; fi
    waited=$((waited + 1))
    if [ "$waited" -gt 130 ]; then log "WooCommerce's install lock was never released"; exit 1; fi
    sleep 5
  done
  if [ "$(state woocommerce-state)" != installed ]; then
    log "running WooCommerce's installer"
    wp eval 'WC_Install::install();'
  fi
  [ "$(state woocommerce-state)" = installed ] || { log "WooCommerce is not installed"; exit 1; }
fi

# The store's version: its plugin (an upgrade or a rollback moves it), then the
# databases of WordPress core (its files came from the image: sync-core) and of
# WooCommerce. Both updates do nothing when the database is already current.
if [ -n "$WOOCOMMERCE_VERSION" ] && { [ "$(wp plugin get woocommerce --field=version)" != "$WOOCOMMERCE_VERSION" ] ||
  ! wp plugin verify-checksums woocommerce >/dev/null 2>&1; }; then
  log "moving WooCommerce to $WOOCOMMERCE_VERSION"
  wp plugin install woocommerce --force --version="$WOOCOMMERCE_VERSION"
fi
wp plugin is-active woocommerce || wp plugin activate woocommerce
log "updating the WordPress database (core $(wp core version))"
wp core update-db
log "running WooCommerce's database updates"
wp wc update

if wp theme is-active storefront >/dev/null 2>&1; then
  log "Storefront already active"
else
  log "installing the Storefront theme"
  # Not active yet, so nothing depends on its files: a fresh copy replaces a partial one.
  wp theme install storefront --force $(version_flag "$STOREFRONT_VERSION")
  wp theme activate storefront
fi

# Store basics. "wp option update" with an unchanged value changes nothing.
wp option update woocommerce_default_country '${DEFAULT_COUNTRY.option}' >/dev/null
wp option update woocommerce_currency USD >/dev/null
# Open for business: no "coming soon" page and no onboarding wizard in the way.
wp option update woocommerce_coming_soon no >/dev/null
wp option update woocommerce_onboarding_profile '{"skipped":true}' --format=json >/dev/null

if state pages-state; then
  log "shop pages present"
else
  log "creating the shop pages"
  wp wc tool run install_pages --user="$ADMIN_USER"
  ensure pages-state
fi

if state front-page-state; then
  log "the shop is the front page"
else
  log "making the shop the front page"
  wp option update page_on_front "$(wp option get woocommerce_shop_page_id)" >/dev/null
  wp option update show_on_front page >/dev/null
  ensure front-page-state
fi

if state products-state "$sample"; then
  log "sample products present"
else
  log "importing WooCommerce's sample products"
  wp plugin install wordpress-importer --force --activate
  # The importer skips posts that already exist, so an interrupted import resumes.
  wp import "$sample" --authors=skip
  wp plugin deactivate wordpress-importer
fi
# A resumed import re-adds meta to the posts it skips: remove the copies
# (every run, since a kill may fall between the import and this line).
state dedupe-sample-meta "$sample"
ensure products-state "$sample"

if state lookup-state; then
  log "product lookup tables filled"
else
  log "regenerating the product lookup tables (price sorting and filters read them)"
  wp eval 'wc_update_product_lookup_tables();' --user="$ADMIN_USER"
  ensure lookup-state
fi

if state shipping-state '${DEFAULT_COUNTRY.zone}'; then
  log "shipping zone present"
else
  log "adding the default shipping zone (${DEFAULT_COUNTRY.zone}, free shipping)"
  wp eval-file /tmp/storefleet/shipping.php '${DEFAULT_COUNTRY.zone}' --user="$ADMIN_USER"
  ensure shipping-state '${DEFAULT_COUNTRY.zone}'
fi

if state cod-state; then
  log "Cash on Delivery already enabled"
else
  log "enabling Cash on Delivery"
  wp wc payment_gateway update cod --enabled=true --user="$ADMIN_USER" >/dev/null
  ensure cod-state
fi

if state permalinks-state; then
  log "permalinks already set"
else
  log "setting permalinks"
  # Updates the structure and rebuilds the rewrite rules in one command.
  wp rewrite structure '/%postname%/'
  ensure permalinks-state
fi

log "store is set up"
`;
