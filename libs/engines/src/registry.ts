import type { StoreEngine } from '@storefleet/contracts';

import type { Blueprint, BlueprintFn, BlueprintStore, EngineConfig } from './types.js';
import { woocommerceBlueprint } from './woocommerce/blueprint.js';

/**
 * Blueprints by engine. Medusa's joins here when it exists (Postgres + Redis
 * StatefulSets, the Medusa server, a migration-and-seed Job), reusing the
 * engine-neutral parts in common/.
 */
export const BLUEPRINTS: Readonly<Partial<Record<StoreEngine, BlueprintFn>>> = {
  woocommerce: woocommerceBlueprint,
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
