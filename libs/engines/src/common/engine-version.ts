import type { KubernetesObject } from '@kubernetes/client-node';
import { parseEngineVersion } from '@storefleet/contracts';

import type { Blueprint, BlueprintStore, EngineConfig } from '../types.js';

/** The annotation on the setup Job naming the engine version it set up (absent: a store without a version). */
export const ENGINE_VERSION_ANNOTATION = 'storefleet.dev/engine-version';

/** `image` with its tag (or digest) replaced by `tag`: the repository stays the configured one. */
export function imageWithTag(image: string, tag: string): string {
  const withoutDigest = image.split('@')[0] ?? image;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return `${colon > slash ? withoutDigest.slice(0, colon) : withoutDigest}:${tag}`;
}

/**
 * The engine configuration a store of this version is built with: the
 * engine's image at the version's tag (WordPress for WooCommerce, with the
 * version's WooCommerce plugin; the store image for Medusa). A store without
 * a version runs the configured images as they are.
 */
export function configForVersion(
  store: BlueprintStore,
  config: EngineConfig,
  defaultMedusa: EngineConfig['medusa'],
): EngineConfig {
  if (!store.engineVersion) return config;
  const parts = parseEngineVersion(store.engine, store.engineVersion);
  if (!parts) throw new Error(`"${store.engineVersion}" is not a ${store.engine} version`);
  if (store.engine === 'woocommerce') {
    const woo = config.woocommerce;
    return {
      ...config,
      woocommerce: {
        ...woo,
        images: { ...woo.images, wordpress: imageWithTag(woo.images.wordpress, parts.imageTag) },
        woocommerceVersion: parts.pluginVersion,
      },
    };
  }
  const medusa = config.medusa ?? defaultMedusa;
  if (!medusa) return config;
  return {
    ...config,
    medusa: { ...medusa, images: { ...medusa.images, medusa: imageWithTag(medusa.images.medusa, parts.imageTag) } },
  };
}

/** The version a setup Job was made for ('' for a store without one). */
export function setupJobVersion(job: KubernetesObject | null | undefined): string {
  return job?.metadata?.annotations?.[ENGINE_VERSION_ANNOTATION] ?? '';
}

/** Marks the blueprint's setup Job with the store's version, so a Job of another version is known to be stale. */
export function withVersionedSetupJob(blueprint: Blueprint, store: BlueprintStore): Blueprint {
  if (!store.engineVersion) return blueprint;
  const version = store.engineVersion;
  const setup = blueprint.manifests['setup-job'];
  const objects = setup.objects.map((object) =>
    object.kind === 'Job'
      ? {
          ...object,
          metadata: {
            ...object.metadata,
            annotations: { ...object.metadata?.annotations, [ENGINE_VERSION_ANNOTATION]: version },
          },
        }
      : object,
  );
  return { ...blueprint, manifests: { ...blueprint.manifests, 'setup-job': { ...setup, objects } } };
}
