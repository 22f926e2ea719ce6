import { applyStep } from './apply-group.js';
import type { ProvisioningStepHandler } from './step.js';

/** The application: Deployment, its claim and its Service. */
export const applicationStep: ProvisioningStepHandler = applyStep('application');
