import type { KubernetesObject, V1PodSpec } from '@kubernetes/client-node';

import { PLANS } from '../plans.js';
import { blueprintFor } from '../registry.js';
import { TEST_ENGINE_CONFIG } from '../testing/fixtures.js';
import { type Blueprint, blueprintObjects, type BlueprintStore } from '../types.js';
import { applyPodScheduling, REAL_NODE_SCHEDULING } from './scheduling.js';

const config = TEST_ENGINE_CONFIG;

const store = (engine: 'medusa' | 'woocommerce'): BlueprintStore => ({
  id: '5d1c8d9e-1f2a-4b5c-8d6e-0f1a2b3c4d5e',
  name: `acme-${engine}`,
  ownerId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  engine,
  plan: Object.keys(PLANS)[0] as BlueprintStore['plan'],
});

const podSpecs = (bp: Blueprint): { kind: string; spec: V1PodSpec }[] =>
  blueprintObjects(bp).flatMap((o: KubernetesObject & { spec?: { template?: { spec?: V1PodSpec } } }) =>
    o.spec?.template?.spec ? [{ kind: o.kind ?? '', spec: o.spec.template.spec }] : [],
  );

describe('store pod scheduling (EngineConfig.podScheduling)', () => {
  it.each(['medusa', 'woocommerce'] as const)('puts every %s pod on the real node when asked', (engine) => {
    const specs = podSpecs(blueprintFor(store(engine), { ...config, podScheduling: REAL_NODE_SCHEDULING }));
    expect(new Set(specs.map((s) => s.kind))).toEqual(new Set(['Deployment', 'StatefulSet', 'Job']));
    for (const { spec } of specs) {
      expect(spec.nodeSelector).toEqual({ 'storefleet.dev/real-node': 'true' });
      expect(spec.tolerations).toEqual([{ key: 'storefleet.dev/real-node', operator: 'Exists', effect: 'NoSchedule' }]);
    }
  });

  it('leaves the pods alone by default', () => {
    for (const { spec } of podSpecs(blueprintFor(store('medusa'), config))) {
      expect(spec.nodeSelector).toBeUndefined();
      expect(spec.tolerations).toBeUndefined();
    }
  });

  it('keeps what a pod already has and adds a toleration only once', () => {
    const bp = blueprintFor(store('medusa'), config);
    const deployment = blueprintObjects(bp).find((o) => o.kind === 'Deployment') as KubernetesObject & {
      spec: { template: { spec: V1PodSpec } };
    };
    deployment.spec.template.spec.nodeSelector = { 'kubernetes.io/os': 'linux' };
    const twice = applyPodScheduling(applyPodScheduling(bp, REAL_NODE_SCHEDULING), REAL_NODE_SCHEDULING);
    const spec = podSpecs(twice).find((s) => s.kind === 'Deployment')!.spec;
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'storefleet.dev/real-node': 'true' });
    expect(spec.tolerations).toHaveLength(1);
    expect(podSpecs(bp).find((s) => s.kind === 'Deployment')!.spec.tolerations).toBeUndefined();
  });
});
