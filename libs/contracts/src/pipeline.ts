/**
 * Step names of the worker's pipelines, as recorded in StoreEvent.step. The
 * dashboard draws the provisioning timeline in this order.
 */
export const PROVISIONING_STEPS = [
  'namespace',
  'quota',
  'network-policies',
  'secrets',
  'database',
  'application',
  'ingress',
  'setup-job',
  'wait-ready',
] as const;
export type ProvisioningStep = (typeof PROVISIONING_STEPS)[number];

/** Steps of a teardown run (recorded with the store's last provisioning attempt number). */
export const TEARDOWN_STEPS = ['cancel-provisioning', 'delete-namespace'] as const;
export type TeardownStep = (typeof TEARDOWN_STEPS)[number];

export type PipelineStep = ProvisioningStep | TeardownStep;
