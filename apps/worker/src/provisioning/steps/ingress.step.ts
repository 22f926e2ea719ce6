import { applyStep } from './apply-group.js';
import type { ProvisioningStepHandler } from './step.js';

/** The Ingress: host, class and TLS from configuration. */
export const ingressStep: ProvisioningStepHandler = applyStep('ingress');
