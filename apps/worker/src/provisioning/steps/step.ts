import type { Logger } from '@nestjs/common';
import type { ProvisioningStep } from '@storefleet/contracts';
import type { CredentialsCipher, PrismaService, Store } from '@storefleet/db';
import type { Blueprint } from '@storefleet/engines';
import type { KubeClient } from '@storefleet/kube';

/** What every step gets: the store, its blueprint and the means to act. */
export interface StepContext {
  store: Store;
  attempt: number;
  blueprint: Blueprint;
  /** Epoch ms: the provisioning deadline. */
  deadline: number;
  /** Aborted when the run must stop (store deleted or retried, worker stopping). */
  signal: AbortSignal;
  kube: KubeClient;
  db: PrismaService;
  cipher: CredentialsCipher;
  random: (size: number) => Uint8Array;
  log: Logger;
}

export interface ProvisioningStepHandler {
  name: ProvisioningStep;
  /**
   * Changes the cluster: runs under the store's lock, after checking that the
   * run is still current. Steps that only observe (waiting) leave it false.
   */
  mutates: boolean;
  /** Converges the cluster toward the blueprint; safe to repeat. Returns a note for the timeline. */
  run(context: StepContext): Promise<string | void>;
}
