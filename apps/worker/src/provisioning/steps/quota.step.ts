import { applyStep } from './apply-group.js';
import type { ProvisioningStepHandler } from './step.js';

/** ResourceQuota and LimitRange of the store's plan. */
export const quotaStep: ProvisioningStepHandler = applyStep('quota');
