import { applyStep } from './apply-group.js';
import type { ProvisioningStepHandler } from './step.js';

/** Default-deny NetworkPolicies and the allowances the store needs. */
export const networkPoliciesStep: ProvisioningStepHandler = applyStep('network-policies');
