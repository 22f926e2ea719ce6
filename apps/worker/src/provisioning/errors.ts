/** This run no longer matters: the store is being deleted, was retried (newer attempt), or moved on. */
export class StaleRunError extends Error {
  constructor(reason: string) {
    super(`Run stopped: ${reason}`);
    this.name = 'StaleRunError';
  }
}

/** The store cannot be provisioned as things are: fail it with this reason (no retry). */
export class PermanentStepError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentStepError';
  }
}

/** The provisioning deadline passed. */
export class DeadlinePassedError extends Error {
  constructor() {
    super('The provisioning deadline passed');
    this.name = 'DeadlinePassedError';
  }
}

/** Worth trying again shortly (the job is retried with backoff); never fails the store by itself. */
export class TransientStepError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientStepError';
  }
}
