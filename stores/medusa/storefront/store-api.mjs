// A small client for Medusa's store API (/store/*), used by the storefront
// server. Every call carries the storefront's publishable API key, which it
// asks Medusa for (GET /storefleet/publishable-key) on first use and again if
// Medusa ever rejects it (for example after the owner rotated it in the admin).

export class StoreApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'StoreApiError';
    this.status = status;
  }
}

const REGION_TTL_MS = 60_000;

export function createStoreApi({ medusaUrl, timeoutMs = 15_000 }) {
  const base = medusaUrl.replace(/\/+$/, '');
  let keyPromise;
  let region;

  async function send(method, path, { body, key } = {}) {
    const headers = { accept: 'application/json' };
    if (key) headers['x-publishable-api-key'] = key;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let data;
    try {
      data = text ? JSON.parse(text) : {};
    } catch {
      data = { message: text };
    }
    if (!res.ok) throw new StoreApiError(res.status, data.message || `${method} ${path} answered ${res.status}`);
    return data;
  }

  function publishableKey() {
    keyPromise ??= send('GET', '/storefleet/publishable-key')
      .then((data) => data.publishable_key)
      .catch((error) => {
        keyPromise = undefined;
        throw error;
      });
    return keyPromise;
  }

  async function call(method, path, body) {
    try {
      return await send(method, path, { body, key: await publishableKey() });
    } catch (error) {
      const keyRejected =
        error instanceof StoreApiError && /publishable/i.test(error.message) && [400, 401, 403].includes(error.status);
      if (!keyRejected) throw error;
      keyPromise = undefined;
      return send(method, path, { body, key: await publishableKey() });
    }
  }

  const q = (params) => new URLSearchParams(params).toString();

  /** The store's region (the seed creates one); cached briefly. */
  async function getRegion() {
    if (region && region.expires > Date.now()) return region.value;
    const { regions } = await call('GET', `/store/regions?${q({ limit: '1', fields: 'id,name,currency_code,*countries' })}`);
    if (!regions?.length) throw new StoreApiError(503, 'The store has no region yet');
    region = { value: regions[0], expires: Date.now() + REGION_TTL_MS };
    return regions[0];
  }

  const productFields =
    'id,title,handle,description,*options,*options.values,*variants,*variants.options,*variants.calculated_price,+variants.inventory_quantity';

  return {
    getRegion,

    async listProducts() {
      const { id } = await getRegion();
      const { products } = await call(
        'GET',
        `/store/products?${q({ region_id: id, limit: '100', order: 'title', fields: productFields })}`,
      );
      return products;
    },

    async getProduct(handle) {
      const { id } = await getRegion();
      const { products } = await call('GET', `/store/products?${q({ region_id: id, handle, fields: productFields })}`);
      return products[0];
    },

    async createCart() {
      const { id } = await getRegion();
      const { cart } = await call('POST', '/store/carts', { region_id: id });
      return cart;
    },

    async getCart(cartId) {
      const fields =
        '+items.variant_title,+items.product_title,+items.product_handle,+shipping_methods.name,+payment_collection.id';
      const { cart } = await call('GET', `/store/carts/${encodeURIComponent(cartId)}?${q({ fields })}`);
      return cart;
    },

    async addLineItem(cartId, variantId, quantity) {
      const { cart } = await call('POST', `/store/carts/${encodeURIComponent(cartId)}/line-items`, {
        variant_id: variantId,
        quantity,
      });
      return cart;
    },

    async removeLineItem(cartId, lineId) {
      await call('DELETE', `/store/carts/${encodeURIComponent(cartId)}/line-items/${encodeURIComponent(lineId)}`);
    },

    async updateCart(cartId, update) {
      const { cart } = await call('POST', `/store/carts/${encodeURIComponent(cartId)}`, update);
      return cart;
    },

    async listShippingOptions(cartId) {
      const { shipping_options } = await call('GET', `/store/shipping-options?${q({ cart_id: cartId })}`);
      return shipping_options;
    },

    async addShippingMethod(cartId, optionId) {
      const { cart } = await call('POST', `/store/carts/${encodeURIComponent(cartId)}/shipping-methods`, { option_id: optionId });
      return cart;
    },

    /** Pays with the system provider: a payment collection for the cart and a session with pp_system_default. */
    async payWithSystemProvider(cart) {
      let collectionId = cart.payment_collection?.id;
      if (!collectionId) {
        const { payment_collection } = await call('POST', '/store/payment-collections', { cart_id: cart.id });
        collectionId = payment_collection.id;
      }
      await call('POST', `/store/payment-collections/${encodeURIComponent(collectionId)}/payment-sessions`, {
        provider_id: 'pp_system_default',
      });
    },

    /** Completes the cart: the order, or an error message when Medusa kept it as a cart. */
    async completeCart(cartId) {
      const result = await call('POST', `/store/carts/${encodeURIComponent(cartId)}/complete`);
      if (result.type === 'order') return { order: result.order };
      return { error: result.error?.message ?? 'The order could not be placed' };
    },

    async getOrder(orderId) {
      const fields =
        'id,display_id,email,currency_code,total,subtotal,shipping_total,tax_total,created_at,*items,*shipping_address,*shipping_methods';
      const { order } = await call('GET', `/store/orders/${encodeURIComponent(orderId)}?${q({ fields })}`);
      return order;
    },
  };
}
