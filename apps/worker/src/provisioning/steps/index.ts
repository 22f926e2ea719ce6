import { PROVISIONING_STEPS } from '@storefleet/contracts';

import { applicationStep } from './application.step.js';
import { databaseStep } from './database.step.js';
import { ingressStep } from './ingress.step.js';
import { namespaceStep } from './namespace.step.js';
import { networkPoliciesStep } from './network-policies.step.js';
import { quotaStep } from './quota.step.js';
import { secretsStep } from './secrets.step.js';
import { setupJobStep } from './setup-job.step.js';
import type { ProvisioningStepHandler } from './step.js';
import { waitReadyStep } from './wait-ready.step.js';

/** The provisioning pipeline, in the order of PROVISIONING_STEPS. */
export const PIPELINE: readonly ProvisioningStepHandler[] = [
  namespaceStep,
  quotaStep,
  networkPoliciesStep,
  secretsStep,
  databaseStep,
  applicationStep,
  ingressStep,
  setupJobStep,
  waitReadyStep,
];

if (PIPELINE.map((step) => step.name).join() !== PROVISIONING_STEPS.join()) {
  throw new Error('The pipeline and PROVISIONING_STEPS disagree');
}

export type { ProvisioningStepHandler, StepContext } from './step.js';
