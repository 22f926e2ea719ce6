// What a new store starts with. Amounts are in the currency's main unit
// (Medusa v2 stores prices as decimals: 25 means EUR 25.00).

export const CURRENCY = 'eur';
export const REGION_NAME = 'Europe';
export const COUNTRIES = ['de', 'fr', 'nl', 'be', 'at', 'es', 'it', 'ie', 'dk', 'se'] as const;
export const STOCK_LOCATION_NAME = 'Main warehouse';
export const FULFILLMENT_SET_NAME = 'Main warehouse delivery';
export const SERVICE_ZONE_NAME = 'Europe';
export const SHIPPING_OPTION_NAME = 'Standard Shipping';
export const SHIPPING_PRICE = 5;
export const INITIAL_STOCK = 100;
/** Title of the publishable API key the storefront uses (see src/api/storefleet). */
export const STOREFRONT_KEY_TITLE = 'Storefleet storefront';

export interface SeedProduct {
  title: string;
  handle: string;
  description: string;
  weight: number;
  option: { title: string };
  variants: { value: string; sku: string; price: number }[];
}

export const PRODUCTS: SeedProduct[] = [
  {
    title: 'Classic T-Shirt',
    handle: 'classic-t-shirt',
    description: 'A soft organic cotton T-shirt with a relaxed fit, made to be worn every day.',
    weight: 200,
    option: { title: 'Size' },
    variants: [
      { value: 'S', sku: 'TSHIRT-S', price: 25 },
      { value: 'M', sku: 'TSHIRT-M', price: 25 },
      { value: 'L', sku: 'TSHIRT-L', price: 25 },
    ],
  },
  {
    title: 'Canvas Tote Bag',
    handle: 'canvas-tote-bag',
    description: 'A sturdy canvas tote with long handles and an inside pocket.',
    weight: 300,
    option: { title: 'Colour' },
    variants: [
      { value: 'Natural', sku: 'TOTE-NATURAL', price: 18 },
      { value: 'Black', sku: 'TOTE-BLACK', price: 18 },
    ],
  },
  {
    title: 'Ceramic Mug',
    handle: 'ceramic-mug',
    description: 'A 350 ml stoneware mug, glazed by hand. Dishwasher safe.',
    weight: 400,
    option: { title: 'Size' },
    variants: [{ value: 'Standard', sku: 'MUG-STD', price: 12 }],
  },
  {
    title: 'Wool Beanie',
    handle: 'wool-beanie',
    description: 'A warm merino wool beanie, knitted in one piece.',
    weight: 100,
    option: { title: 'Colour' },
    variants: [
      { value: 'Grey', sku: 'BEANIE-GREY', price: 22 },
      { value: 'Navy', sku: 'BEANIE-NAVY', price: 22 },
    ],
  },
];
