import type { BlueprintStore, Component, EngineConfig } from './types.js';

/** Label keys every Storefleet object carries. */
export const LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  partOf: 'app.kubernetes.io/part-of',
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  component: 'app.kubernetes.io/component',
  storeId: 'storefleet.dev/store-id',
  ownerId: 'storefleet.dev/owner-id',
  engine: 'storefleet.dev/engine',
  platformInstance: 'storefleet.dev/instance',
} as const;

export const MANAGED_BY = 'storefleet';

/** Selects the store namespaces of one platform installation. */
export function managedNamespaceSelector(platformInstance: string): string {
  return `${LABELS.managedBy}=${MANAGED_BY},${LABELS.platformInstance}=${platformInstance}`;
}

/** Labels identifying the platform, the store and its owner. */
export function storeLabels(store: BlueprintStore, config: EngineConfig): Record<string, string> {
  return {
    [LABELS.managedBy]: MANAGED_BY,
    [LABELS.partOf]: 'storefleet',
    [LABELS.instance]: store.name,
    [LABELS.storeId]: store.id,
    [LABELS.ownerId]: store.ownerId,
    [LABELS.engine]: store.engine,
    [LABELS.platformInstance]: config.platformInstance,
  };
}

/** Labels of one component's objects and pods. */
export function componentLabels(
  store: BlueprintStore,
  config: EngineConfig,
  component: Component,
  name: string,
): Record<string, string> {
  return { ...storeLabels(store, config), [LABELS.component]: component, [LABELS.name]: name };
}

/** The stable subset used in selectors (selectors of Deployments and StatefulSets are immutable). */
export function componentSelector(store: BlueprintStore, component: Component): Record<string, string> {
  return { [LABELS.instance]: store.name, [LABELS.component]: component };
}

export function podAnnotations(config: EngineConfig, component: Component): Record<string, string> | undefined {
  const merged = { ...config.podAnnotations?.all, ...config.podAnnotations?.[component] };
  return Object.keys(merged).length > 0 ? merged : undefined;
}
