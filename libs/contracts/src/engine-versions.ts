/**
 * Engine versions: what a store's engine runs, and the rules for moving it.
 * The versions a store may run are configuration (WOOCOMMERCE_VERSIONS,
 * MEDUSA_VERSIONS: an allow-list per engine, the first entry the version new
 * stores get); the API refuses others and the dashboard offers only these.
 * A store without a version (none configured when it was created) runs the
 * worker's configured images as they are.
 *
 *   WooCommerce: `<WordPress image tag>/<WooCommerce plugin version>`, e.g. `6.8.3-php8.3-apache/10.2.2`
 *   Medusa:      `<store image tag>`, e.g. `0.2.0`
 */
import type { StoreEngine } from './domain.js';
import type { StoreStatus } from './store-status.js';

/** What one version sets in the store's manifests. */
export interface EngineVersionParts {
  /** The tag of the engine's image (WordPress for WooCommerce, the store image for Medusa). */
  imageTag: string;
  /** WooCommerce's plugin version (installed and migrated by the setup Job); null for Medusa. */
  pluginVersion: string | null;
}

/** The allow-list per engine; the first entry of each is the version new stores are created with. */
export type EngineVersions = Readonly<Record<StoreEngine, readonly string[]>>;

// An OCI tag (never "latest": it would not pin anything) and a plugin's dotted version.
const IMAGE_TAG = /^(?!latest$)\w[\w.-]{0,127}$/;
const PLUGIN_VERSION = /^\d+(\.\d+){1,3}$/;

/** The parts of a version of `engine`, or null when it is not written as that engine's versions are. */
export function parseEngineVersion(engine: StoreEngine, version: string): EngineVersionParts | null {
  if (engine === 'medusa') return IMAGE_TAG.test(version) ? { imageTag: version, pluginVersion: null } : null;
  const [imageTag, pluginVersion, ...rest] = version.split('/');
  if (rest.length > 0 || !imageTag || !pluginVersion) return null;
  return IMAGE_TAG.test(imageTag) && PLUGIN_VERSION.test(pluginVersion) ? { imageTag, pluginVersion } : null;
}

/** How each engine's versions are written, for error messages. */
export const ENGINE_VERSION_FORMAT: Readonly<Record<StoreEngine, string>> = {
  woocommerce: '<WordPress image tag>/<WooCommerce plugin version>, e.g. 6.8.3-php8.3-apache/10.2.2',
  medusa: '<store image tag>, e.g. 0.2.0',
};

/** A configured allow-list ("v1,v2"; empty: no versions, stores run the configured images), or the first problem with it. */
export function parseVersionList(engine: StoreEngine, raw: string): { versions: string[] } | { error: string } {
  const versions = raw
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  const bad = versions.find((v) => !parseEngineVersion(engine, v));
  if (bad !== undefined) return { error: `"${bad}" is not a ${engine} version (${ENGINE_VERSION_FORMAT[engine]})` };
  if (new Set(versions).size !== versions.length) return { error: 'lists a version twice' };
  return { versions };
}

/** Human words for a version (the dashboard's label). */
export function describeEngineVersion(engine: StoreEngine, version: string): string {
  const parts = parseEngineVersion(engine, version);
  if (!parts) return version;
  return engine === 'woocommerce'
    ? `WordPress ${parts.imageTag} · WooCommerce ${parts.pluginVersion}`
    : `Medusa ${parts.imageTag}`;
}

export type UpgradeRefusal =
  | { kind: 'unknown-version'; message: string }
  | { kind: 'other-engine'; message: string }
  | { kind: 'same-version'; message: string };

/**
 * Why a store may not be asked to move to `version`, or null if it may (its
 * status is the status machine's to judge). A version no engine offers is
 * refused as invalid (400: the API's document lists the offered ones); one
 * offered for the other engine conflicts with the store's engine (409); asking a ready store for the version it already runs is refused
 * (409), while a degraded store may ask for it again: that is how a failed
 * upgrade is rolled back (its old version is still the store's).
 */
export function upgradeRefusal(
  store: { engine: StoreEngine; status: StoreStatus; engineVersion: string | null },
  version: string,
  allowed: EngineVersions,
): UpgradeRefusal | null {
  const offered = allowed[store.engine];
  if (!offered.includes(version)) {
    const choice = offered.length > 0 ? `one of ${offered.join(', ')}` : 'configured first (this platform offers none)';
    const message = `must be a ${store.engine} version this platform offers: ${choice}`;
    const otherEngine = Object.entries(allowed).some(([engine, list]) => engine !== store.engine && list.includes(version));
    return otherEngine
      ? {
          kind: 'other-engine',
          message: `The store runs ${store.engine}; ${version} is not a ${store.engine} version (${message})`,
        }
      : { kind: 'unknown-version', message };
  }
  if (version === store.engineVersion && store.status !== 'degraded') {
    return { kind: 'same-version', message: `The store already runs ${store.engine} ${version}` };
  }
  return null;
}
