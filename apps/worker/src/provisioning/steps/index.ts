import { PROVISIONING_STEPS, type ProvisioningStep, type StoreStep } from '@storefleet/contracts';

import { applyStep } from './apply-manifests.js';
import { namespaceStep } from './namespace.step.js';
import { migrationsStep, pausedPageStep, scaleDownStep, scaleUpStep, storefrontStep } from './operation.steps.js';
import { secretsStep } from './secrets.step.js';
import { setupJobStep } from './setup-job.step.js';
import type { StepHandler } from './step.js';
import { waitReadyStep } from './wait-ready.step.js';

/**
 * The pipelines, defined once: a handler for every step of PROVISIONING_STEPS,
 * SUSPEND_STEPS, RESUME_STEPS and UPGRADE_STEPS (the compiler proves none is missing; a step
 * in two lists, such as wait-ready, has one handler). The order is the lists'.
 * Provisioning, suspend, resume and upgrade run each step's `run`; drift repair runs
 * each provisioning step's `repair`.
 */
export const STEP_HANDLERS: { readonly [S in StoreStep]: StepHandler } = {
  namespace: namespaceStep,
  quota: applyStep('quota'),
  'network-policies': applyStep('network-policies'),
  secrets: secretsStep,
  database: applyStep('database'),
  application: applyStep('application'),
  ingress: applyStep('ingress'),
  'setup-job': setupJobStep,
  'wait-ready': waitReadyStep,
  'paused-page': pausedPageStep,
  'scale-down': scaleDownStep,
  'scale-up': scaleUpStep,
  storefront: storefrontStep,
  migrations: migrationsStep,
};

export const PIPELINE: readonly { name: ProvisioningStep; handler: StepHandler }[] = PROVISIONING_STEPS.map((name) => ({
  name,
  handler: STEP_HANDLERS[name],
}));

export type { StepContext, StepHandler } from './step.js';
