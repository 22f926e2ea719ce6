/**
 * Seeds a new Storefleet Medusa store: currency, region, tax regions, sales
 * channel, stock location with manual fulfilment, a shipping zone and option,
 * the storefront's publishable API key and sample products with prices and
 * stock.
 *
 * Run by the store's setup Job (and by the tests) after `medusa db:migrate`:
 *   medusa exec ./src/scripts/seed.js     (in the built .medusa/server)
 *
 * Idempotent: every step looks for what it would create (by name, handle or
 * title) and creates only what is missing, so a Job retried after a crash at
 * any point finishes the work and a second run creates nothing.
 */
import type { ExecArgs } from '@medusajs/framework/types';
import { ContainerRegistrationKeys, Modules, ProductStatus } from '@medusajs/framework/utils';
import {
  createApiKeysWorkflow,
  createInventoryLevelsWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createTaxRegionsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateStoresWorkflow,
} from '@medusajs/medusa/core-flows';

import {
  COUNTRIES,
  CURRENCY,
  FULFILLMENT_SET_NAME,
  INITIAL_STOCK,
  PRODUCTS,
  REGION_NAME,
  SERVICE_ZONE_NAME,
  SHIPPING_OPTION_NAME,
  SHIPPING_PRICE,
  STOCK_LOCATION_NAME,
  STOREFRONT_KEY_TITLE,
} from '../lib/seed-data';

type Query = {
  graph<T = Record<string, unknown>>(options: {
    entity: string;
    fields: string[];
    filters?: Record<string, unknown>;
  }): Promise<{ data: T[] }>;
};

interface Named {
  id: string;
  name: string;
}

export default async function seed({ container }: ExecArgs): Promise<void> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER);
  const query = container.resolve(ContainerRegistrationKeys.QUERY) as unknown as Query;
  const link = container.resolve(ContainerRegistrationKeys.LINK);
  const fulfillment = container.resolve(Modules.FULFILLMENT);
  const created: string[] = [];

  // Store, default sales channel and currency. Medusa creates the store and
  // "Default Sales Channel" when it first boots (also inside `medusa exec`).
  const [store] = (
    await query.graph<{ id: string; default_sales_channel_id: string | null; supported_currencies: { currency_code: string }[] }>(
      {
        entity: 'store',
        fields: ['id', 'default_sales_channel_id', 'supported_currencies.currency_code'],
      },
    )
  ).data;
  if (!store?.default_sales_channel_id)
    throw new Error('Medusa has no default store or sales channel: run `medusa db:migrate` first');
  const salesChannelId = store.default_sales_channel_id;
  if (!store.supported_currencies.some((c) => c.currency_code === CURRENCY)) {
    await updateStoresWorkflow(container).run({
      input: {
        selector: { id: store.id },
        update: { supported_currencies: [{ currency_code: CURRENCY, is_default: true }] },
      },
    });
    created.push(`store currency ${CURRENCY}`);
  }

  // Region with its countries and the system payment provider.
  let region = (await query.graph<Named>({ entity: 'region', fields: ['id', 'name'], filters: { name: REGION_NAME } })).data[0];
  if (!region) {
    const { result } = await createRegionsWorkflow(container).run({
      input: {
        regions: [
          { name: REGION_NAME, currency_code: CURRENCY, countries: [...COUNTRIES], payment_providers: ['pp_system_default'] },
        ],
      },
    });
    region = result[0]!;
    created.push(`region ${REGION_NAME}`);
  }
  const storeDefaults = await query.graph<{ id: string; default_region_id: string | null }>({
    entity: 'store',
    fields: ['id', 'default_region_id'],
  });
  if (!storeDefaults.data[0]?.default_region_id) {
    await updateStoresWorkflow(container).run({
      input: { selector: { id: store.id }, update: { default_region_id: region.id } },
    });
  }

  // Tax regions: one per country with Medusa's system tax provider and no
  // rates yet; the owner sets rates in the admin.
  const taxRegions = await query.graph<{ country_code: string }>({ entity: 'tax_region', fields: ['country_code'] });
  const missingTax = COUNTRIES.filter((code) => !taxRegions.data.some((t) => t.country_code === code));
  if (missingTax.length) {
    await createTaxRegionsWorkflow(container).run({
      input: missingTax.map((country_code) => ({ country_code, provider_id: 'tp_system' })),
    });
    created.push(`tax regions ${missingTax.join(',')}`);
  }

  // Shipping profile (products and shipping options must share one).
  let profile = (await query.graph<Named>({ entity: 'shipping_profile', fields: ['id', 'name'], filters: { type: 'default' } }))
    .data[0];
  if (!profile) {
    const { result } = await createShippingProfilesWorkflow(container).run({
      input: { data: [{ name: 'Default Shipping Profile', type: 'default' }] },
    });
    profile = result[0]!;
    created.push('shipping profile');
  }

  // Stock location, linked to the sales channel, the manual fulfilment
  // provider and a fulfilment set whose service zone covers the region.
  let location = (
    await query.graph<Named>({ entity: 'stock_location', fields: ['id', 'name'], filters: { name: STOCK_LOCATION_NAME } })
  ).data[0];
  if (!location) {
    const { result } = await createStockLocationsWorkflow(container).run({
      input: {
        locations: [{ name: STOCK_LOCATION_NAME, address: { address_1: 'Warehouse 1', city: 'Berlin', country_code: 'DE' } }],
      },
    });
    location = result[0]!;
    created.push(`stock location ${STOCK_LOCATION_NAME}`);
  }
  const [locationLinks] = (
    await query.graph<{
      sales_channels: { id: string }[];
      fulfillment_providers: { id: string }[];
      fulfillment_sets: { id: string; name: string; service_zones: { id: string; name: string }[] }[];
    }>({
      entity: 'stock_location',
      fields: [
        'id',
        'sales_channels.id',
        'fulfillment_providers.id',
        'fulfillment_sets.id',
        'fulfillment_sets.name',
        'fulfillment_sets.service_zones.*',
      ],
      filters: { id: location.id },
    })
  ).data;
  if (!locationLinks?.sales_channels?.some((sc) => sc.id === salesChannelId)) {
    await linkSalesChannelsToStockLocationWorkflow(container).run({ input: { id: location.id, add: [salesChannelId] } });
  }
  if (!locationLinks?.fulfillment_providers?.some((p) => p.id === 'manual_manual')) {
    await link.create({
      [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
      [Modules.FULFILLMENT]: { fulfillment_provider_id: 'manual_manual' },
    });
  }
  let fulfillmentSet = locationLinks?.fulfillment_sets?.find((set) => set.name === FULFILLMENT_SET_NAME);
  if (!fulfillmentSet) {
    // A set that a crashed run created but did not link yet is reused.
    const [orphan] = await fulfillment.listFulfillmentSets({ name: FULFILLMENT_SET_NAME }, { relations: ['service_zones'] });
    const set =
      orphan ??
      (await fulfillment.createFulfillmentSets({
        name: FULFILLMENT_SET_NAME,
        type: 'shipping',
        service_zones: [
          { name: SERVICE_ZONE_NAME, geo_zones: COUNTRIES.map((country_code) => ({ type: 'country' as const, country_code })) },
        ],
      }));
    await link.create({
      [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
      [Modules.FULFILLMENT]: { fulfillment_set_id: set.id },
    });
    fulfillmentSet = { id: set.id, name: set.name, service_zones: set.service_zones.map((z) => ({ id: z.id, name: z.name })) };
    created.push(`fulfillment set ${FULFILLMENT_SET_NAME}`);
  }
  const serviceZone = fulfillmentSet.service_zones.find((z) => z.name === SERVICE_ZONE_NAME) ?? fulfillmentSet.service_zones[0];
  if (!serviceZone) throw new Error(`fulfillment set ${FULFILLMENT_SET_NAME} has no service zone`);

  // Shipping option: flat rate, shown in the store.
  const options = await query.graph<Named>({
    entity: 'shipping_option',
    fields: ['id', 'name'],
    filters: { name: SHIPPING_OPTION_NAME },
  });
  if (!options.data.length) {
    await createShippingOptionsWorkflow(container).run({
      input: [
        {
          name: SHIPPING_OPTION_NAME,
          price_type: 'flat',
          provider_id: 'manual_manual',
          service_zone_id: serviceZone.id,
          shipping_profile_id: profile.id,
          type: { label: 'Standard', description: 'Delivered in 2-3 days.', code: 'standard' },
          prices: [
            { currency_code: CURRENCY, amount: SHIPPING_PRICE },
            { region_id: region.id, amount: SHIPPING_PRICE },
          ],
          rules: [
            { attribute: 'enabled_in_store', value: 'true', operator: 'eq' },
            { attribute: 'is_return', value: 'false', operator: 'eq' },
          ],
        },
      ],
    });
    created.push(`shipping option ${SHIPPING_OPTION_NAME}`);
  }

  // The storefront's publishable API key, scoped to the sales channel. The
  // storefront server reads its token from GET /storefleet/publishable-key
  // (src/api/storefleet), so no copy of it has to be handed around.
  let apiKey = (
    await query.graph<{ id: string; revoked_at: string | null; sales_channels: { id: string }[] }>({
      entity: 'api_key',
      fields: ['id', 'revoked_at', 'sales_channels.id'],
      filters: { title: STOREFRONT_KEY_TITLE, type: 'publishable' },
    })
  ).data.find((key) => !key.revoked_at);
  if (!apiKey) {
    const { result } = await createApiKeysWorkflow(container).run({
      input: { api_keys: [{ title: STOREFRONT_KEY_TITLE, type: 'publishable', created_by: '' }] },
    });
    apiKey = { id: result[0]!.id, revoked_at: null, sales_channels: [] };
    created.push('publishable API key');
  }
  if (!apiKey.sales_channels?.some((sc) => sc.id === salesChannelId)) {
    await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: apiKey.id, add: [salesChannelId] } });
  }

  // Sample products, published in the sales channel, with managed inventory.
  const handles = PRODUCTS.map((p) => p.handle);
  const existing = await query.graph<{ handle: string }>({ entity: 'product', fields: ['handle'], filters: { handle: handles } });
  const missing = PRODUCTS.filter((p) => !existing.data.some((e) => e.handle === p.handle));
  if (missing.length) {
    await createProductsWorkflow(container).run({
      input: {
        products: missing.map((p) => ({
          title: p.title,
          handle: p.handle,
          description: p.description,
          status: ProductStatus.PUBLISHED,
          shipping_profile_id: profile.id,
          weight: p.weight,
          options: [{ title: p.option.title, values: p.variants.map((v) => v.value) }],
          variants: p.variants.map((v) => ({
            title: v.value,
            sku: v.sku,
            manage_inventory: true,
            options: { [p.option.title]: v.value },
            prices: [{ amount: v.price, currency_code: CURRENCY }],
          })),
          sales_channels: [{ id: salesChannelId }],
        })),
      },
    });
    created.push(`products ${missing.map((p) => p.handle).join(',')}`);
  }

  // Stock: a level at the location for every seeded variant's inventory item.
  const skus = PRODUCTS.flatMap((p) => p.variants.map((v) => v.sku));
  const items = await query.graph<{ id: string; sku: string; location_levels: { location_id: string }[] }>({
    entity: 'inventory_item',
    fields: ['id', 'sku', 'location_levels.location_id'],
    filters: { sku: skus },
  });
  const unstocked = items.data.filter((item) => !item.location_levels?.some((level) => level.location_id === location!.id));
  if (unstocked.length) {
    await createInventoryLevelsWorkflow(container).run({
      input: {
        inventory_levels: unstocked.map((item) => ({
          inventory_item_id: item.id,
          location_id: location!.id,
          stocked_quantity: INITIAL_STOCK,
        })),
      },
    });
    created.push(`stock for ${unstocked.length} variants`);
  }

  logger.info(
    created.length
      ? `Storefleet seed created: ${created.join('; ')}`
      : 'Storefleet seed: nothing to do, the store is already seeded',
  );
}
