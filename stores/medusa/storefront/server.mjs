// The storefront shoppers see at the store's address: product list, product
// page, cart, checkout (system payment provider: pay on delivery) and order
// confirmation. A dependency-free Node server that renders HTML from Medusa's
// store API, reached inside the namespace at MEDUSA_URL. It runs from the
// same image as Medusa, as its own Deployment.
//
//   MEDUSA_URL=http://medusa:9000 PORT=8000 STORE_NAME="My shop" node storefront/server.mjs
//
// STOREFRONT_URL, when set, is the store's canonical origin (its first custom
// domain, else its platform host): every page names its address there
// (<link rel="canonical">), whichever host it was reached on. Links stay relative.
import http from 'node:http';

import { createStoreApi, StoreApiError } from './store-api.mjs';
import { cartPage, checkoutPage, layout, messagePage, orderPage, productList, productPage } from './views.mjs';

const CART_COOKIE = 'sf_cart';
const MAX_BODY = 16 * 1024;
const CHECKOUT_FIELDS = ['email', 'first_name', 'last_name', 'address_1', 'postal_code', 'city', 'country_code'];

export function createStorefront({ medusaUrl, storeName = 'Shop', secureCookies = false, baseUrl = '', log = console }) {
  const origin = baseUrl.replace(/\/+$/, '');
  const api = createStoreApi({ medusaUrl });

  function readCookie(req, name) {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [k, ...rest] = part.trim().split('=');
      if (k === name) return decodeURIComponent(rest.join('='));
    }
    return undefined;
  }

  function cartCookie(value, maxAge) {
    return `${CART_COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secureCookies ? '; Secure' : ''}`;
  }

  async function readForm(req) {
    let size = 0;
    const chunks = [];
    for await (const chunk of req) {
      size += chunk.length;
      if (size > MAX_BODY) throw new StoreApiError(413, 'Request too large');
      chunks.push(chunk);
    }
    return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
  }

  function send(res, status, html, headers = {}) {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
    res.end(html);
  }

  function redirect(res, location, headers = {}) {
    res.writeHead(303, { location, ...headers });
    res.end();
  }

  /** The shopper's open cart, or undefined (no cookie, unknown or already completed cart). */
  async function currentCart(req) {
    const id = readCookie(req, CART_COOKIE);
    if (!id) return undefined;
    try {
      const cart = await api.getCart(id);
      return cart.completed_at ? undefined : cart;
    } catch (error) {
      if (error instanceof StoreApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  const count = (cart) => (cart?.items ?? []).reduce((n, item) => n + Number(item.quantity), 0);
  const canonicalOf = (res) => (origin ? origin + new URL(res.req?.url ?? '/', 'http://storefront').pathname : undefined);
  const page = (res, status, title, body, cart, headers) =>
    send(res, status, layout({ title, storeName, cartCount: count(cart), body, canonical: canonicalOf(res) }), headers);

  async function renderCheckout(res, status, cart, values, error) {
    const [region, shippingOptions] = await Promise.all([api.getRegion(), api.listShippingOptions(cart.id)]);
    page(
      res,
      status,
      'Checkout',
      checkoutPage({ cart, countries: region.countries ?? [], shippingOptions, values, error }),
      cart,
    );
  }

  async function checkout(req, res) {
    const cart = await currentCart(req);
    if (!cart?.items?.length) return redirect(res, '/cart');
    const form = await readForm(req);
    const missing = CHECKOUT_FIELDS.filter((name) => !String(form[name] ?? '').trim());
    if (missing.length || !form.shipping_option_id) {
      return renderCheckout(
        res,
        422,
        cart,
        form,
        `Please fill in: ${[...missing, ...(form.shipping_option_id ? [] : ['delivery'])].join(', ')}`,
      );
    }
    const address = {
      first_name: form.first_name.trim(),
      last_name: form.last_name.trim(),
      address_1: form.address_1.trim(),
      postal_code: form.postal_code.trim(),
      city: form.city.trim(),
      country_code: form.country_code.trim().toLowerCase(),
    };
    try {
      await api.updateCart(cart.id, { email: form.email.trim(), shipping_address: address, billing_address: address });
      await api.addShippingMethod(cart.id, form.shipping_option_id);
      await api.payWithSystemProvider(await api.getCart(cart.id));
      const { order, error } = await api.completeCart(cart.id);
      if (!order) return renderCheckout(res, 422, await api.getCart(cart.id), form, error);
      log.info?.(`order ${order.id} placed`);
      return redirect(res, `/order/${encodeURIComponent(order.id)}`, { 'set-cookie': cartCookie('', 0) });
    } catch (error) {
      if (!(error instanceof StoreApiError) || error.status >= 500) throw error;
      return renderCheckout(res, 422, await api.getCart(cart.id), form, error.message);
    }
  }

  async function route(req, res) {
    const url = new URL(req.url ?? '/', 'http://storefront');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    let match;

    if (path === '/health') return send(res, 200, 'ok', { 'content-type': 'text/plain' });
    if (method === 'GET' && path === '/') {
      const [products, cart] = await Promise.all([api.listProducts(), currentCart(req)]);
      return page(res, 200, 'Products', productList(products), cart);
    }
    if (method === 'GET' && (match = path.match(/^\/products\/([^/]+)$/))) {
      const [product, cart] = await Promise.all([api.getProduct(decodeURIComponent(match[1])), currentCart(req)]);
      if (!product)
        return page(
          res,
          404,
          'Not found',
          messagePage('Product not found', 'This product does not exist or is no longer sold.'),
          cart,
        );
      return page(res, 200, product.title, productPage(product), cart);
    }
    if (method === 'POST' && path === '/cart/items') {
      const form = await readForm(req);
      const quantity = Math.max(1, Math.min(20, Number.parseInt(form.quantity ?? '1', 10) || 1));
      let cart = await currentCart(req);
      const headers = {};
      if (!cart) {
        cart = await api.createCart();
        headers['set-cookie'] = cartCookie(cart.id, 30 * 24 * 3600);
      }
      try {
        await api.addLineItem(cart.id, String(form.variant_id ?? ''), quantity);
      } catch (error) {
        if (!(error instanceof StoreApiError) || error.status >= 500 || !form.handle) throw error;
        const product = await api.getProduct(form.handle);
        if (!product) throw error;
        return page(res, 422, product.title, productPage(product, error.message), cart, headers);
      }
      return redirect(res, '/cart', headers);
    }
    if (method === 'POST' && (match = path.match(/^\/cart\/items\/([^/]+)\/delete$/))) {
      const cart = await currentCart(req);
      if (cart) await api.removeLineItem(cart.id, decodeURIComponent(match[1]));
      return redirect(res, '/cart');
    }
    if (method === 'GET' && path === '/cart') {
      const cart = await currentCart(req);
      return page(res, 200, 'Cart', cartPage(cart), cart);
    }
    if (method === 'GET' && path === '/checkout') {
      const cart = await currentCart(req);
      if (!cart?.items?.length) return redirect(res, '/cart');
      return renderCheckout(res, 200, cart, { email: cart.email ?? '' });
    }
    if (method === 'POST' && path === '/checkout') return checkout(req, res);
    if (method === 'GET' && (match = path.match(/^\/order\/([^/]+)$/))) {
      const order = await api.getOrder(decodeURIComponent(match[1])).catch((error) => {
        if (error instanceof StoreApiError && error.status === 404) return undefined;
        throw error;
      });
      if (!order) return page(res, 404, 'Not found', messagePage('Order not found', 'We could not find this order.'));
      return page(res, 200, `Order #${order.display_id}`, orderPage(order));
    }
    return page(res, 404, 'Not found', messagePage('Page not found', 'There is nothing at this address.'));
  }

  return http.createServer((req, res) => {
    route(req, res).catch((error) => {
      log.error?.(`${req.method} ${req.url} failed: ${error?.stack ?? error}`);
      if (res.headersSent) return res.end();
      const status = error instanceof StoreApiError && error.status === 413 ? 413 : 503;
      page(res, status, 'Unavailable', messagePage('The shop is not available right now', 'Please try again in a moment.'));
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.PORT ?? 8000);
  const server = createStorefront({
    medusaUrl: process.env.MEDUSA_URL ?? 'http://127.0.0.1:9000',
    storeName: process.env.STORE_NAME ?? 'Shop',
    secureCookies: process.env.COOKIE_SECURE === 'true',
    baseUrl: process.env.STOREFRONT_URL ?? '',
  });
  server.listen(port, process.env.HOST ?? '0.0.0.0', () => console.info(`storefront listening on :${port}`));
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
