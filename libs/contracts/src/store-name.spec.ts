import { namespaceForStore, storeNameProblem } from './store-name.js';

describe('store names', () => {
  it.each(['abc', 'my-shop', 'shop42', 'a1b', 'x'.repeat(40)])('accepts %s', (name) => {
    expect(storeNameProblem(name)).toBeNull();
  });

  it.each([
    ['ab', 'characters long'],
    ['x'.repeat(41), 'characters long'],
    ['My-Shop', 'lowercase'],
    ['-shop', 'start and end'],
    ['shop-', 'start and end'],
    ['shop_1', 'lowercase letters, digits'],
    ['shop.one', 'lowercase letters, digits'],
    ['café', 'lowercase letters, digits'],
    ['admin', 'reserved'],
    ['www', 'reserved'],
  ])('refuses %s because it %s', (name, reason) => {
    expect(storeNameProblem(name)).toContain(reason);
  });

  it('puts each store in its own store-<name> namespace', () => {
    expect(namespaceForStore('my-shop')).toBe('store-my-shop');
  });
});
