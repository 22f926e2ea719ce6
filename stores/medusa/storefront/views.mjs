// HTML for the storefront's pages: plain server-rendered forms, no client
// JavaScript, so pages are small, fast and work in any browser.

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);

export function money(amount, currency) {
  if (amount == null || !currency) return '';
  return new Intl.NumberFormat('en-IE', { style: 'currency', currency: currency.toUpperCase() }).format(Number(amount));
}

const CSS = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;background:#fafafa}
header{background:#111827;color:#fff}header .bar{max-width:960px;margin:0 auto;padding:14px 20px;display:flex;justify-content:space-between;align-items:center}
header a{color:#fff;text-decoration:none;font-weight:600}main{max-width:960px;margin:0 auto;padding:24px 20px}
h1{font-size:1.6rem;margin:0 0 16px}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:16px;list-style:none;padding:0}
.card{background:#fff;border:1px solid #e5e7eb;border-radius:10px;padding:16px}.card a{color:inherit;text-decoration:none}
.tile{height:120px;border-radius:8px;background:linear-gradient(135deg,#6366f1,#06b6d4);display:flex;align-items:center;justify-content:center;color:#fff;font-size:2.2rem;font-weight:700;margin-bottom:10px}
.price{font-weight:600}.muted{color:#4b5563}button,.button{background:#111827;color:#fff;border:0;border-radius:8px;padding:10px 18px;font:inherit;cursor:pointer;text-decoration:none;display:inline-block}
button.link{background:none;color:#b91c1c;padding:0;text-decoration:underline}label{display:block;margin:10px 0 4px;font-weight:500}
input,select{font:inherit;padding:8px 10px;border:1px solid #9ca3af;border-radius:6px;width:100%;max-width:420px}fieldset{border:1px solid #e5e7eb;border-radius:8px;margin:16px 0;padding:8px 16px 16px}
table{width:100%;border-collapse:collapse;background:#fff}th,td{text-align:left;padding:10px;border-bottom:1px solid #e5e7eb}
.error{background:#fef2f2;color:#991b1b;border:1px solid #fecaca;border-radius:8px;padding:10px 14px}.ok{background:#f0fdf4;border:1px solid #bbf7d0;border-radius:8px;padding:14px}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
`;

export function layout({ title, storeName, cartCount = 0, body, canonical }) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
${canonical ? `<link rel="canonical" href="${esc(canonical)}">` : ''}<title>${esc(title)} · ${esc(storeName)}</title><style>${CSS}</style></head>
<body><header><div class="bar"><a href="/">${esc(storeName)}</a><a href="/cart" data-testid="cart-link">Cart (${Number(cartCount)})</a></div></header>
<main>${body}</main></body></html>`;
}

const tile = (title) => `<div class="tile" aria-hidden="true">${esc(title.charAt(0))}</div>`;

function lowestPrice(product) {
  const prices = (product.variants ?? []).map((v) => v.calculated_price).filter(Boolean);
  if (!prices.length) return '';
  const min = prices.reduce((a, b) => (Number(b.calculated_amount) < Number(a.calculated_amount) ? b : a));
  return money(min.calculated_amount, min.currency_code);
}

export function productList(products) {
  if (!products.length) return `<h1>Products</h1><p class="muted">No products yet. Add some in the admin.</p>`;
  const items = products
    .map(
      (p) => `<li class="card"><a href="/products/${encodeURIComponent(p.handle)}">${tile(p.title)}
<h2 style="font-size:1.1rem;margin:0">${esc(p.title)}</h2><p class="price">${esc(lowestPrice(p))}</p></a></li>`,
    )
    .join('');
  return `<h1>Products</h1><ul class="grid" aria-label="Products">${items}</ul>`;
}

export function productPage(product, error) {
  const variants = product.variants ?? [];
  const options = variants
    .map((v) => {
      const soldOut = v.manage_inventory && v.inventory_quantity != null && v.inventory_quantity <= 0;
      const price = v.calculated_price ? money(v.calculated_price.calculated_amount, v.calculated_price.currency_code) : '';
      return `<option value="${esc(v.id)}"${soldOut ? ' disabled' : ''}>${esc(v.title)} — ${esc(price)}${soldOut ? ' (sold out)' : ''}</option>`;
    })
    .join('');
  return `<p><a href="/">← All products</a></p><div class="card" style="max-width:560px">${tile(product.title)}
<h1>${esc(product.title)}</h1><p class="price">${esc(lowestPrice(product))}</p><p>${esc(product.description)}</p>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/cart/items">
<input type="hidden" name="handle" value="${esc(product.handle)}">
<label for="variant">${esc(product.options?.[0]?.title ?? 'Variant')}</label><select id="variant" name="variant_id" required>${options}</select>
<label for="quantity">Quantity</label><input id="quantity" name="quantity" type="number" min="1" max="20" value="1" required style="max-width:100px">
<p><button type="submit">Add to cart</button></p></form></div>`;
}

function cartTable(cart, { editable }) {
  const rows = (cart.items ?? [])
    .map(
      (
        item,
      ) => `<tr><td>${esc(item.product_title)} <span class="muted">${esc(item.variant_title)}</span></td><td>${Number(item.quantity)}</td>
<td>${esc(money(item.total ?? item.unit_price * item.quantity, cart.currency_code))}</td>
${editable ? `<td><form method="post" action="/cart/items/${encodeURIComponent(item.id)}/delete"><button class="link" type="submit" aria-label="Remove ${esc(item.product_title)}">Remove</button></form></td>` : ''}</tr>`,
    )
    .join('');
  return `<table><thead><tr><th scope="col">Product</th><th scope="col">Qty</th><th scope="col">Total</th>${editable ? '<th scope="col"><span class="muted">Action</span></th>' : ''}</tr></thead>
<tbody>${rows}</tbody></table>
<p>Subtotal: <span data-testid="cart-subtotal">${esc(money(cart.item_total, cart.currency_code))}</span>${
    cart.shipping_methods?.length ? ` · Shipping: ${esc(money(cart.shipping_total, cart.currency_code))}` : ''
  } · <strong>Total: <span data-testid="cart-total">${esc(money(cart.total, cart.currency_code))}</span></strong></p>`;
}

export function cartPage(cart) {
  if (!cart?.items?.length)
    return `<h1>Your cart</h1><p class="muted">Your cart is empty.</p><p><a class="button" href="/">Browse products</a></p>`;
  return `<h1>Your cart</h1>${cartTable(cart, { editable: true })}<p><a class="button" href="/checkout">Checkout</a></p>`;
}

export function checkoutPage({ cart, countries, shippingOptions, values = {}, error }) {
  const v = (name) => esc(values[name] ?? '');
  const countryOptions = countries
    .map(
      (c) =>
        `<option value="${esc(c.iso_2)}"${values.country_code === c.iso_2 ? ' selected' : ''}>${esc(c.display_name)}</option>`,
    )
    .join('');
  const shipping = shippingOptions
    .map(
      (o, i) =>
        `<label style="font-weight:400"><input type="radio" name="shipping_option_id" value="${esc(o.id)}" style="width:auto"${
          values.shipping_option_id === o.id || (!values.shipping_option_id && i === 0) ? ' checked' : ''
        } required> ${esc(o.name)} — ${esc(money(o.calculated_price?.calculated_amount ?? o.amount, cart.currency_code))}</label>`,
    )
    .join('');
  const field = (name, label, type = 'text', autocomplete = '') =>
    `<label for="${name}">${label}</label><input id="${name}" name="${name}" type="${type}" value="${v(name)}" required${autocomplete ? ` autocomplete="${autocomplete}"` : ''}>`;
  return `<h1>Checkout</h1>${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}${cartTable(cart, { editable: false })}
<form method="post" action="/checkout">
<fieldset><legend>Contact</legend>${field('email', 'Email', 'email', 'email')}</fieldset>
<fieldset><legend>Shipping address</legend>${field('first_name', 'First name', 'text', 'given-name')}${field('last_name', 'Last name', 'text', 'family-name')}
${field('address_1', 'Address', 'text', 'address-line1')}${field('postal_code', 'Postal code', 'text', 'postal-code')}${field('city', 'City', 'text', 'address-level2')}
<label for="country_code">Country</label><select id="country_code" name="country_code" required>${countryOptions}</select></fieldset>
<fieldset><legend>Delivery</legend>${shipping || '<p class="error">No delivery to this region yet.</p>'}</fieldset>
<fieldset><legend>Payment</legend><p>Pay on delivery: you pay when your order arrives.</p></fieldset>
<p><button type="submit">Place order</button></p></form>`;
}

export function orderPage(order) {
  const address = order.shipping_address ?? {};
  const items = (order.items ?? [])
    .map(
      (i) =>
        `<tr><td>${esc(i.product_title ?? i.title)} <span class="muted">${esc(i.variant_title)}</span></td><td>${Number(i.quantity)}</td><td>${esc(money(i.total, order.currency_code))}</td></tr>`,
    )
    .join('');
  return `<div class="ok" role="status"><h1>Thank you for your order!</h1>
<p>Order <strong data-testid="order-number">#${esc(order.display_id)}</strong> is confirmed. Confirmation for ${esc(order.email)}.</p></div>
<table><thead><tr><th scope="col">Product</th><th scope="col">Qty</th><th scope="col">Total</th></tr></thead><tbody>${items}</tbody></table>
<p>Shipping: ${esc(money(order.shipping_total, order.currency_code))} · <strong>Total: <span data-testid="order-total">${esc(money(order.total, order.currency_code))}</span></strong></p>
<p class="muted">Ships to ${esc(address.first_name)} ${esc(address.last_name)}, ${esc(address.address_1)}, ${esc(address.postal_code)} ${esc(address.city)}, ${esc((address.country_code ?? '').toUpperCase())}</p>
<p><a class="button" href="/">Continue shopping</a></p>`;
}

export function messagePage(title, message) {
  return `<h1>${esc(title)}</h1><p>${esc(message)}</p><p><a href="/">Back to the shop</a></p>`;
}
