import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { type EngineConfig, woocommerceBlueprint } from '@storefleet/engines';

import { explainNotReady } from './diagnosis.js';
import { staleReason } from './pipeline.js';

const config: EngineConfig = {
  baseDomain: 'example.com',
  ingressClassName: 'nginx',
  ingressNamespace: 'ingress-nginx',
  tls: { enabled: false, clusterIssuer: null },
  storageClassName: null,
  platformInstance: 'test',
  woocommerce: { images: { wordpress: 'w:1', mariadb: 'm:1', wpCli: 'c:1' }, woocommerceVersion: null, storefrontVersion: null },
};
const blueprint = woocommerceBlueprint({ id: 'id', name: 'shop', ownerId: 'o', engine: 'woocommerce', plan: 'small' }, config);
const all = new Set(['mariadb', 'wordpress', 'woocommerce-setup']);

function pod(component: string, status: V1Pod['status']): V1Pod {
  return { metadata: { name: `${component}-0`, labels: { 'app.kubernetes.io/component': component } }, status };
}
const ready = (component: string) => pod(component, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] });
const waiting = (component: string, reason: string) =>
  pod(component, {
    phase: 'Pending',
    containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason } } }],
  });

describe('explainNotReady', () => {
  it('names the component and the waiting reason of its pod', () => {
    const reason = explainNotReady(blueprint, {
      pods: [waiting('database', 'ImagePullBackOff'), ready('app')],
      warnings: [],
      present: all,
    });
    expect(reason).toBe('database pod not ready: ImagePullBackOff; setup job has no pod yet');
  });

  it('quotes the controller’s refusal when a pod could not be created', () => {
    const refusal: CoreV1Event = {
      metadata: {},
      involvedObject: { kind: 'ReplicaSet', name: 'wordpress-5d8f' },
      reason: 'FailedCreate',
      message: 'pods "wordpress-5d8f-x" is forbidden: exceeded quota: store-quota',
    };
    const reason = explainNotReady(blueprint, {
      pods: [ready('database'), pod('setup', { phase: 'Succeeded' })],
      warnings: [refusal],
      present: all,
    });
    expect(reason).toBe('app pod not created: pods "wordpress-5d8f-x" is forbidden: exceeded quota: store-quota');
  });

  it('says which parts were never created', () => {
    expect(explainNotReady(blueprint, { pods: [], warnings: [], present: new Set(['mariadb']) })).toBe(
      'database has no pod yet; app not created yet; setup job not created yet',
    );
  });

  it('falls back to the setup job when every pod is fine', () => {
    expect(
      explainNotReady(blueprint, { pods: [ready('database'), ready('app'), ready('setup')], warnings: [], present: all }),
    ).toBe('the setup job has not completed');
  });
});

describe('staleReason', () => {
  it('lets the current attempt of a provisioning store go on', () => {
    expect(staleReason({ status: 'provisioning', provisionAttempts: 2 }, 2)).toBeNull();
  });

  it.each([
    [{ status: 'deleting', provisionAttempts: 1 }, 1, 'the store is deleting'],
    [{ status: 'deleted', provisionAttempts: 1 }, 1, 'the store is deleted'],
    [{ status: 'provisioning', provisionAttempts: 3 }, 2, 'attempt 2 was superseded by attempt 3'],
    [{ status: 'failed', provisionAttempts: 1 }, 1, 'the store is failed'],
    [null, 1, 'the store no longer exists'],
  ] as const)('stops a run that found %j (attempt %i)', (store, attempt, reason) => {
    expect(staleReason(store, attempt)).toBe(reason);
  });
});
