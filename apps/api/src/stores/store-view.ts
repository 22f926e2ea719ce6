import type { StoreEventView, StoreView } from '@storefleet/contracts';
import type { Store, StoreEvent } from '@storefleet/db';

export function toStoreView(store: Store): StoreView {
  return {
    id: store.id,
    name: store.name,
    engine: store.engine,
    plan: store.plan,
    ownerId: store.ownerId,
    status: store.status,
    statusReason: store.statusReason,
    namespace: store.namespace,
    storefrontUrl: store.storefrontUrl,
    adminUrl: store.adminUrl,
    provisionAttempts: store.provisionAttempts,
    retryCount: store.retryCount,
    requestedAt: store.requestedAt.toISOString(),
    readyAt: store.readyAt?.toISOString() ?? null,
    deletedAt: store.deletedAt?.toISOString() ?? null,
    updatedAt: store.updatedAt.toISOString(),
  };
}

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
