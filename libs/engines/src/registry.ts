import type { StoreEngine } from '@storefleet/contracts';

import { configForVersion, withVersionedSetupJob } from './common/engine-version.js';
import { withPausedPage } from './common/paused-page.js';
import { applyPodScheduling } from './common/scheduling.js';
import { medusaBlueprint } from './medusa/blueprint.js';
import { MEDUSA_DEFAULT_IMAGES } from './medusa/names.js';
import type { Blueprint, BlueprintFn, BlueprintStore, EngineConfig } from './types.js';
import { woocommerceBlueprint } from './woocommerce/blueprint.js';

/** Blueprints by engine (every engine has one: the compiler checks); both reuse the engine-neutral parts in common/. */
export const BLUEPRINTS: Readonly<Record<StoreEngine, BlueprintFn>> = {
  woocommerce: woocommerceBlueprint,
  medusa: medusaBlueprint,
};

/**
 * The store's blueprint at its engine version, running or suspended, with its
 * paused page and the configured pod scheduling.
 */
export function blueprintFor(store: BlueprintStore, config: EngineConfig): Blueprint {
  const versioned = configForVersion(store, config, { images: MEDUSA_DEFAULT_IMAGES });
  const built = withVersionedSetupJob(BLUEPRINTS[store.engine](store, versioned), store);
  const blueprint = withPausedPage(built, store, versioned);
  return applyPodScheduling(blueprint, config.podScheduling);
}
