import type { LimitRefusal } from '@storefleet/contracts';

/** A create refused by the owner's live-store or hourly limit. */
export class LimitExceededError extends Error {
  constructor(readonly refusal: LimitRefusal) {
    super(`${refusal.limit} is ${refusal.max} and the owner is at ${refusal.current}`);
    this.name = 'LimitExceededError';
  }
}

/** Another live store has this name. */
export class StoreNameTakenError extends Error {
  constructor(readonly storeName: string) {
    super(`A live store is already called ${storeName}`);
    this.name = 'StoreNameTakenError';
  }
}

/** Another live store has this custom domain. */
export class DomainTakenError extends Error {
  constructor(readonly hostname: string) {
    super(`The domain ${hostname} is already used by another store`);
    this.name = 'DomainTakenError';
  }
}

/** The Idempotency-Key was used before with another request. */
export class IdempotencyMismatchError extends Error {
  constructor() {
    super('This Idempotency-Key was used with a different request');
    this.name = 'IdempotencyMismatchError';
  }
}

/** The owner does not exist (any more). */
export class OwnerNotFoundError extends Error {
  constructor(readonly ownerId: string) {
    super(`No user ${ownerId}`);
    this.name = 'OwnerNotFoundError';
  }
}
