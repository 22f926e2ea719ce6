import type { StoreEventView } from '@storefleet/contracts';
import type { StoreEvent } from '@storefleet/db';

export function toStoreEventView(event: StoreEvent): StoreEventView {
  return {
    id: event.id,
    attempt: event.attempt,
    step: event.step,
    outcome: event.outcome,
    message: event.message,
    startedAt: event.startedAt.toISOString(),
    finishedAt: event.finishedAt?.toISOString() ?? null,
    durationMs: event.durationMs,
  };
}
