import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLUSTER_WAIT_REASON, CLUSTER_WAIT_STEP } from '@storefleet/contracts';
import { StoreEvents } from '@storefleet/db';
import { KubeClient } from '@storefleet/kube';

/** A cluster that answered is trusted this long before the next store asks it again. */
const TRUST_READY_MS = 5_000;

/**
 * Keeps requested stores waiting, on their timeline, while the cluster does
 * not answer — as during a first `npm start`, whose local cluster builds in
 * the background. The store stays `requested` (nothing was admitted, no
 * attempt used) and goes on by itself once the cluster answers.
 */
@Injectable()
export class ClusterGate {
  private readonly log = new Logger(ClusterGate.name);
  private readyUntil = 0;
  private lastReason: string | null = null;

  constructor(
    @Inject(KubeClient) private readonly kube: KubeClient,
    @Inject(StoreEvents) private readonly events: StoreEvents,
  ) {}

  /** True when the store must wait (its timeline says why); false once the cluster answers (the wait, if any, is closed). */
  async mustWait(storeId: string, attempt: number): Promise<boolean> {
    if (Date.now() >= this.readyUntil) {
      const answer = await this.kube.reachable();
      if (!answer.reachable) {
        if (answer.reason !== this.lastReason)
          this.log.warn(`the cluster does not answer (${answer.reason}); requested stores wait`);
        this.lastReason = answer.reason;
        await this.events.waiting(storeId, attempt, CLUSTER_WAIT_STEP, `${CLUSTER_WAIT_REASON} (${answer.reason})`);
        return true;
      }
      if (this.lastReason !== null) this.log.log('the cluster answers again; requested stores go on');
      this.lastReason = null;
      this.readyUntil = Date.now() + TRUST_READY_MS;
    }
    await this.events.waited(storeId, attempt, CLUSTER_WAIT_STEP, 'the cluster is ready');
    return false;
  }
}
