/**
 * The Medusa store app (stores/medusa) running natively against the real
 * Postgres and Redis: set up with the setup Job's commands, then shopped in
 * as a shopper would, through the store API and through the storefront
 * pages in Chromium; every order is looked up in the admin API.
 */
import path from 'node:path';

import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { launchHeadlessChromium } from '@storefleet/testing';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Browser } from 'playwright-core';

import {
  createMedusaStore,
  freePort,
  http,
  medusa,
  MEDUSA_DIR,
  type MedusaStore,
  run,
  type RunningProcess,
  SERVER_DIR,
  startServer,
} from './medusa-store.js';

interface Price {
  calculated_amount: number;
  currency_code: string;
}
interface Variant {
  id: string;
  title: string;
  sku: string;
  calculated_price: Price;
}
interface Product {
  id: string;
  title: string;
  handle: string;
  variants: Variant[];
}
interface OrderItem {
  variant_id: string;
  quantity: number;
}
interface AdminOrder {
  id: string;
  display_id: number;
  email: string;
  total: number;
  shipping_total: number;
  currency_code: string;
  payment_status: string;
  items: OrderItem[];
  shipping_address: { city: string; country_code: string };
}

const SEEDED = ['Canvas Tote Bag', 'Ceramic Mug', 'Classic T-Shirt', 'Wool Beanie'];

/** Rows the setup creates: a second run must leave every count as it was. */
const COUNTS = `SELECT
  (SELECT count(*) FROM product WHERE deleted_at IS NULL) AS products,
  (SELECT count(*) FROM product_variant WHERE deleted_at IS NULL) AS variants,
  (SELECT count(*) FROM region WHERE deleted_at IS NULL) AS regions,
  (SELECT count(*) FROM tax_region WHERE deleted_at IS NULL) AS tax_regions,
  (SELECT count(*) FROM sales_channel WHERE deleted_at IS NULL) AS sales_channels,
  (SELECT count(*) FROM api_key WHERE deleted_at IS NULL) AS api_keys,
  (SELECT count(*) FROM stock_location WHERE deleted_at IS NULL) AS stock_locations,
  (SELECT count(*) FROM fulfillment_set WHERE deleted_at IS NULL) AS fulfillment_sets,
  (SELECT count(*) FROM service_zone WHERE deleted_at IS NULL) AS service_zones,
  (SELECT count(*) FROM shipping_option WHERE deleted_at IS NULL) AS shipping_options,
  (SELECT count(*) FROM inventory_level WHERE deleted_at IS NULL) AS inventory_levels,
  (SELECT count(*) FROM "user" WHERE deleted_at IS NULL) AS users,
  (SELECT count(*) FROM provider_identity WHERE deleted_at IS NULL) AS identities`;

async function countRows(databaseUrl: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<Record<string, string>>(COUNTS)).rows[0]!;
  } finally {
    await client.end();
  }
}

let store: MedusaStore;
let server: RunningProcess | undefined;
let storefront: RunningProcess | undefined;
let setupWaitedForSeed = false;
const stopWaiting = new AbortController();

beforeAll(async () => {
  store = await createMedusaStore();
  const redis = new Redis(store.env.REDIS_URL!);
  await redis.flushdb();
  await redis.quit();

  // The setup Job's init container: returns once Postgres answers.
  await run(process.execPath, [path.join(MEDUSA_DIR, 'bin/wait-for-setup.mjs'), '--database'], {
    cwd: SERVER_DIR,
    env: { ...store.env, WAIT_TIMEOUT_SECONDS: '60' },
    logFile: store.logFile('wait-for-database'),
  });
  // The Medusa pod's init container starts with the setup Job and must hold
  // Medusa back until the setup has finished, not just until the schema exists.
  let waiterDone = false;
  const waiter = run(process.execPath, [path.join(MEDUSA_DIR, 'bin/wait-for-setup.mjs')], {
    cwd: SERVER_DIR,
    env: { ...store.env, WAIT_TIMEOUT_SECONDS: '600' },
    logFile: store.logFile('wait-for-setup'),
    signal: stopWaiting.signal,
  }).finally(() => (waiterDone = true));
  waiter.catch(() => undefined); // awaited below; a failed setup must not leave it unhandled
  await medusa(store, ['db:migrate']);
  setupWaitedForSeed = !waiterDone;
  await medusa(store, ['exec', './src/scripts/setup.js'], 'setup');
  await waiter;

  const port = await freePort();
  server = await startServer('medusa start', [path.join(MEDUSA_DIR, 'node_modules/@medusajs/cli/cli.js'), 'start'], {
    cwd: SERVER_DIR,
    env: {
      ...store.env,
      STORE_CORS: `http://127.0.0.1:${port}`,
      ADMIN_CORS: `http://127.0.0.1:${port}`,
      AUTH_CORS: `http://127.0.0.1:${port}`,
    },
    port,
    healthPath: '/health',
    logFile: store.logFile('server'),
  });
  storefront = await startServer('storefront', [path.join(MEDUSA_DIR, 'storefront/server.mjs')], {
    cwd: SERVER_DIR,
    env: { PATH: process.env.PATH, MEDUSA_URL: server.url, STORE_NAME: 'Test shop' },
    port: await freePort(),
    healthPath: '/health',
    logFile: store.logFile('storefront'),
  });
}, 600_000);

afterAll(async () => {
  stopWaiting.abort();
  await storefront?.stop();
  await server?.stop();
  await store?.drop();
}, 60_000);

async function storeApi<T>(pathAndQuery: string, body?: unknown): Promise<T> {
  const { publishable_key } = await http<{ publishable_key: string }>(`${server!.url}/storefleet/publishable-key`);
  return http<T>(server!.url + pathAndQuery, { body, headers: { 'x-publishable-api-key': publishable_key } });
}

async function adminToken(): Promise<string> {
  const { token } = await http<{ token: string }>(`${server!.url}/auth/user/emailpass`, { body: store.admin });
  return token;
}

async function adminOrder(orderId: string): Promise<AdminOrder> {
  const fields = 'id,display_id,email,total,shipping_total,currency_code,payment_status,*items,*shipping_address';
  const { order } = await http<{ order: AdminOrder }>(
    `${server!.url}/admin/orders/${orderId}?fields=${encodeURIComponent(fields)}`,
    {
      headers: { authorization: `Bearer ${await adminToken()}` },
    },
  );
  return order;
}

describe('setting up a Medusa store', () => {
  it('starts Medusa only once migrations, the admin login and the seed are done', () => {
    expect(setupWaitedForSeed).toBe(true);
  });

  it('creates nothing new when the setup runs again', async () => {
    const before = await countRows(store.databaseUrl);
    expect(before).toMatchObject({
      products: '4',
      regions: '1',
      shipping_options: '1',
      stock_locations: '1',
      users: '1',
      identities: '1',
    });
    const output = await medusa(store, ['exec', './src/scripts/setup.js'], 'setup-again');
    expect(output).toContain('already seeded');
    expect(output).toContain('already exists');
    expect(await countRows(store.databaseUrl)).toEqual(before);
  }, 180_000);

  it('serves the admin UI at /app and lets the owner sign in with the generated password', async () => {
    const res = await fetch(`${server!.url}/app`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="medusa"');
    await expect(
      http(`${server!.url}/auth/user/emailpass`, { body: { ...store.admin, password: 'wrong-password' } }),
    ).rejects.toThrow('401');
    expect(await adminToken()).toMatch(/^ey/);
  }, 30_000);
});

describe('the store API', () => {
  it('refuses store requests without the publishable API key', async () => {
    const res = await fetch(`${server!.url}/store/products`);
    expect(res.status).toBe(400);
  });

  it('lists the seeded products with prices in the region currency', async () => {
    const { regions } = await storeApi<{ regions: { id: string; currency_code: string }[] }>('/store/regions');
    expect(regions).toHaveLength(1);
    const { products } = await storeApi<{ products: Product[] }>(
      `/store/products?region_id=${regions[0]!.id}&fields=${encodeURIComponent('title,handle,*variants.calculated_price')}`,
    );
    expect(products.map((p) => p.title).sort()).toEqual(SEEDED);
    for (const variant of products.flatMap((p) => p.variants)) {
      expect(variant.calculated_price).toMatchObject({ currency_code: 'eur', calculated_amount: expect.any(Number) });
    }
  });

  it('turns a cart into an order with the system payment provider, and the admin sees it', async () => {
    const { regions } = await storeApi<{ regions: { id: string }[] }>('/store/regions');
    const regionId = regions[0]!.id;
    const { products } = await storeApi<{ products: Product[] }>(
      `/store/products?handle=classic-t-shirt&region_id=${regionId}&fields=${encodeURIComponent('title,*variants,*variants.calculated_price')}`,
    );
    const variant = products[0]!.variants.find((v) => v.sku === 'TSHIRT-M')!;

    let { cart } = await storeApi<{ cart: { id: string } }>('/store/carts', { region_id: regionId });
    await storeApi(`/store/carts/${cart.id}/line-items`, { variant_id: variant.id, quantity: 2 });
    const address = {
      first_name: 'Ada',
      last_name: 'Lovelace',
      address_1: 'Unter den Linden 1',
      postal_code: '10117',
      city: 'Berlin',
      country_code: 'de',
    };
    await storeApi(`/store/carts/${cart.id}`, { email: 'ada@example.com', shipping_address: address, billing_address: address });
    const { shipping_options } = await storeApi<{ shipping_options: { id: string; name: string; amount: number }[] }>(
      `/store/shipping-options?cart_id=${cart.id}`,
    );
    expect(shipping_options.map((o) => o.name)).toEqual(['Standard Shipping']);
    ({ cart } = await storeApi<{ cart: { id: string; total: number } }>(`/store/carts/${cart.id}/shipping-methods`, {
      option_id: shipping_options[0]!.id,
    }));

    const { payment_collection } = await storeApi<{ payment_collection: { id: string; amount: number } }>(
      '/store/payment-collections',
      {
        cart_id: cart.id,
      },
    );
    expect(payment_collection.amount).toBe(2 * variant.calculated_price.calculated_amount + shipping_options[0]!.amount);
    await storeApi(`/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: 'pp_system_default' });
    const completed = await storeApi<{ type: string; order: { id: string } }>(`/store/carts/${cart.id}/complete`, {});
    expect(completed.type).toBe('order');

    const order = await adminOrder(completed.order.id);
    expect(order).toMatchObject({
      email: 'ada@example.com',
      currency_code: 'eur',
      total: payment_collection.amount,
      payment_status: 'authorized',
      shipping_address: { city: 'Berlin', country_code: 'de' },
    });
    expect(order.items).toEqual([expect.objectContaining({ variant_id: variant.id, quantity: 2 })]);

    // The order reserved stock at the seeded location.
    const { inventory_items } = await http<{ inventory_items: { reserved_quantity: number; stocked_quantity: number }[] }>(
      `${server!.url}/admin/inventory-items?sku=TSHIRT-M`,
      { headers: { authorization: `Bearer ${await adminToken()}` } },
    );
    expect(inventory_items[0]).toMatchObject({ stocked_quantity: 100, reserved_quantity: 2 });
  }, 60_000);
});

describe('the storefront in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchHeadlessChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('lets a shopper pick a product, fill the cart, check out and see the order confirmed; the admin sees the order', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(storefront!.url);
    const listed = await page.getByRole('list', { name: 'Products' }).getByRole('heading').allTextContents();
    expect(listed.sort()).toEqual(SEEDED);
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

    await page.getByRole('link', { name: /Wool Beanie/ }).click();
    await page.getByRole('heading', { name: 'Wool Beanie' }).waitFor();
    await page.getByLabel('Colour').selectOption({ label: 'Navy — €22.00' });
    await page.getByLabel('Quantity').fill('3');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('heading', { name: 'Your cart' }).waitFor();
    expect(await page.getByTestId('cart-link').textContent()).toBe('Cart (3)');
    expect(await page.getByTestId('cart-subtotal').textContent()).toBe('€66.00');

    await page.getByRole('link', { name: 'Checkout' }).click();
    await page.getByRole('heading', { name: 'Checkout' }).waitFor();
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    await page.getByLabel('Email').fill('grace@example.com');
    await page.getByLabel('First name').fill('Grace');
    await page.getByLabel('Last name').fill('Hopper');
    await page.getByLabel('Address').fill('Rue de Rivoli 1');
    await page.getByLabel('Postal code').fill('75001');
    await page.getByLabel('City').fill('Paris');
    await page.getByLabel('Country').selectOption('fr');
    await page.getByLabel(/Standard Shipping/).check();
    await page.getByRole('button', { name: 'Place order' }).click();

    await page.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
    expect(await page.getByTestId('order-total').textContent()).toBe('€71.00');
    const orderId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const displayId = (await page.getByTestId('order-number').textContent())!.replace('#', '');

    const order = await adminOrder(orderId);
    expect(order).toMatchObject({
      display_id: Number(displayId),
      email: 'grace@example.com',
      total: 71,
      shipping_total: 5,
      shipping_address: { city: 'Paris', country_code: 'fr' },
    });
    expect(order.items.map((i) => i.quantity)).toEqual([3]);

    // The cart is gone: a new visit starts with an empty one.
    await page.goto(`${storefront!.url}/cart`);
    expect(await page.getByTestId('cart-link').textContent()).toBe('Cart (0)');
    await context.close();
  }, 120_000);
});
