import { Inject, Injectable } from '@nestjs/common';
import { PrismaService } from '@storefleet/db';

import { withStoreLock } from '../common/store-lock.js';
import { DeadlinePassedError, StaleRunError } from './errors.js';
import { StepEvents } from './step-events.js';
import type { ProvisioningStepHandler, StepContext } from './steps/index.js';

/** Why a run that found the store in this state must stop, or null if it may go on. */
export function staleReason(store: { status: string; provisionAttempts: number } | null, attempt: number): string | null {
  if (!store) return 'the store no longer exists';
  if (store.status === 'deleting' || store.status === 'deleted') return `the store is ${store.status}`;
  if (store.provisionAttempts !== attempt) return `attempt ${attempt} was superseded by attempt ${store.provisionAttempts}`;
  if (store.status !== 'provisioning') return `the store is ${store.status}`;
  return null;
}

/**
 * Runs one step: records it on the timeline (running, then succeeded or
 * failed with its duration), and runs steps that change the cluster under
 * the store's lock after checking the run is still current.
 */
@Injectable()
export class StepRunner {
  constructor(
    @Inject(PrismaService) private readonly db: PrismaService,
    @Inject(StepEvents) private readonly events: StepEvents,
  ) {}

  async run(step: ProvisioningStepHandler, context: StepContext): Promise<void> {
    if (context.signal.aborted) throw context.signal.reason;
    if (Date.now() >= context.deadline) throw new DeadlinePassedError();
    const event = await this.events.start(context.store.id, context.attempt, step.name);
    try {
      const note = step.mutates
        ? await withStoreLock(this.db, context.store.id, async (current) => {
            const stale = staleReason(current, context.attempt);
            if (stale) throw new StaleRunError(stale);
            return step.run(context);
          })
        : await step.run(context);
      await this.events.finish(event, 'succeeded', note || null);
    } catch (error) {
      await this.events.finish(event, 'failed', error instanceof Error ? error.message : String(error)).catch(() => undefined);
      throw error;
    }
  }
}
