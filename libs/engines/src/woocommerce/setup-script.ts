/**
 * The setup Job's shell script (run by the official WP-CLI image as
 * www-data). Every change is guarded by a check, so the Job can run any
 * number of times, or be killed at any point and run again, and converge.
 * Inputs come from the environment: STORE_URL, STORE_TITLE, ADMIN_USER,
 * ADMIN_EMAIL, ADMIN_PASSWORD, WOOCOMMERCE_VERSION, STOREFRONT_VERSION and
 * the WORDPRESS_* variables wp-config.php reads.
 */
export const WOOCOMMERCE_SETUP_SCRIPT = String.raw`set -eu
log() { printf '[storefleet-setup] %s\n' "$*"; }
# Runs a check until it succeeds, at most $1 times, 5 seconds apart.
retry() {
  tries="$1"; shift
  n=0
  until "$@" >/dev/null 2>&1; do
    n=$((n + 1))
    if [ "$n" -ge "$tries" ]; then return 1; fi
    sleep 5
  done
}
version_flag() { if [ -n "$1" ]; then printf -- '--version=%s' "$1"; fi; }
cd /var/www/html

log "waiting for the WordPress files (copied by the app's entrypoint)"
retry 120 test -f wp-config.php -a -f wp-includes/version.php || { log "WordPress files never appeared"; exit 1; }

log "waiting for the database"
retry 120 wp db query 'SELECT 1' || { log "the database never answered"; exit 1; }

if wp core is-installed >/dev/null 2>&1; then
  log "WordPress already installed"
else
  log "installing WordPress"
  wp core install --url="$STORE_URL" --title="$STORE_TITLE" --admin_user="$ADMIN_USER" \
    --admin_password="$ADMIN_PASSWORD" --admin_email="$ADMIN_EMAIL" --skip-email
fi

if wp plugin is-active woocommerce >/dev/null 2>&1; then
  log "WooCommerce already active"
else
  log "installing WooCommerce"
  wp plugin is-installed woocommerce || wp plugin install woocommerce $(version_flag "$WOOCOMMERCE_VERSION")
  wp plugin activate woocommerce
fi

if wp theme is-active storefront >/dev/null 2>&1; then
  log "Storefront already active"
else
  log "installing the Storefront theme"
  wp theme is-installed storefront || wp theme install storefront $(version_flag "$STOREFRONT_VERSION")
  wp theme activate storefront
fi

# Store basics. "wp option update" with an unchanged value changes nothing.
wp option update woocommerce_default_country 'US:CA' >/dev/null
wp option update woocommerce_currency USD >/dev/null
# Open for business: no "coming soon" page and no onboarding wizard in the way.
wp option update woocommerce_coming_soon no >/dev/null
wp option update woocommerce_onboarding_profile '{"skipped":true}' --format=json >/dev/null

shop_page="$(wp option get woocommerce_shop_page_id 2>/dev/null || true)"
if [ -n "$shop_page" ] && [ "$shop_page" -gt 0 ] && wp post exists "$shop_page" >/dev/null 2>&1; then
  log "shop pages present"
else
  log "creating the shop pages"
  wp wc tool run install_pages --user="$ADMIN_USER"
fi

if [ "$(wp option get storefleet_sample_products 2>/dev/null || true)" = "imported" ]; then
  log "sample products present"
else
  log "importing WooCommerce's sample products"
  wp plugin is-installed wordpress-importer || wp plugin install wordpress-importer
  wp plugin activate wordpress-importer
  # The importer skips posts that already exist, so an interrupted import resumes.
  wp import wp-content/plugins/woocommerce/sample-data/sample_products.xml --authors=skip
  wp plugin deactivate wordpress-importer
  wp option update storefleet_sample_products imported >/dev/null
fi

if [ "$(wp wc payment_gateway get cod --field=enabled --user="$ADMIN_USER" 2>/dev/null || true)" = "true" ]; then
  log "Cash on Delivery already enabled"
else
  log "enabling Cash on Delivery"
  wp wc payment_gateway update cod --enabled=true --user="$ADMIN_USER" >/dev/null
fi

if [ "$(wp option get permalink_structure)" = "/%postname%/" ]; then
  log "permalinks already set"
else
  log "setting permalinks"
  wp rewrite structure '/%postname%/'
  wp rewrite flush
fi

log "store is set up"
`;
