import type { StoreEngine } from '@storefleet/contracts';

import { medusaBlueprint } from './medusa/blueprint.js';
import type { Blueprint, BlueprintFn, BlueprintStore, EngineConfig } from './types.js';
import { woocommerceBlueprint } from './woocommerce/blueprint.js';

/** Blueprints by engine; both reuse the engine-neutral parts in common/. */
export const BLUEPRINTS: Readonly<Partial<Record<StoreEngine, BlueprintFn>>> = {
  woocommerce: woocommerceBlueprint,
  medusa: medusaBlueprint,
};

export class UnsupportedEngineError extends Error {
  constructor(readonly engine: StoreEngine) {
    super(`The ${engine} engine is not available on this platform yet`);
    this.name = 'UnsupportedEngineError';
  }
}

export function blueprintFor(store: BlueprintStore, config: EngineConfig): Blueprint {
  const build = BLUEPRINTS[store.engine];
  if (!build) throw new UnsupportedEngineError(store.engine);
  return build(store, config);
}
