import { applyStep } from './apply-group.js';
import type { ProvisioningStepHandler } from './step.js';

/** The database: StatefulSet with its claim, and its headless Service. */
export const databaseStep: ProvisioningStepHandler = applyStep('database');
