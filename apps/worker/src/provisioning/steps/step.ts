import type { Logger } from '@nestjs/common';
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
  /**
   * Runs one change to the cluster under the store's lock, after checking the
   * run (or repair) may still change this store. Steps wrap each change in it
   * and wait OUTSIDE it: the lock is never held across a wait, so a teardown
   * never queues behind a watch.
   */
  underLock<T>(change: () => Promise<T>): Promise<T>;
  /** Writes what the running step is waiting for on the store's timeline (best effort). */
  progress(message: string): Promise<void>;
}

export interface StepHandler {
  /** Converges the cluster toward the blueprint; safe to repeat. Returns a note for the timeline. */
  run(context: StepContext): Promise<string | void>;
  /**
   * Drift repair of a ready or degraded store: brings back what is missing
   * (the same code as `run`, without its waits). Returns the objects it
   * created. Steps whose work is done once (the setup Job) or that only
   * observe (waiting) have none.
   */
  repair?(context: StepContext): Promise<string[]>;
}
