import { Injectable } from '@nestjs/common';

/** Aborted when the worker begins to stop, so long waits end and their jobs go back to the queue. */
@Injectable()
export class ShutdownSignal {
  private readonly controller = new AbortController();

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get stopping(): boolean {
    return this.controller.signal.aborted;
  }

  trigger(): void {
    if (!this.stopping) this.controller.abort(new WorkerStoppingError());
  }
}

export class WorkerStoppingError extends Error {
  constructor() {
    super('The worker is stopping');
    this.name = 'WorkerStoppingError';
  }
}
