import type { PipelineStep } from '@storefleet/contracts';

import type { Db } from './stores.repository.js';

export interface OpenEvent {
  id: string;
  step: string;
  startedAt: Date;
}

/** Told about every finished step (the worker's metrics). */
export interface StepObserver {
  stepFinished(step: string, outcome: 'succeeded' | 'failed', seconds: number): void;
}

/** The store's timeline: one StoreEvent per step run, opened as running and closed with its outcome. */
export class StoreEvents {
  constructor(
    private readonly db: Db,
    private readonly observer?: StepObserver,
  ) {}

  start(storeId: string, attempt: number, step: PipelineStep): Promise<OpenEvent> {
    return this.db.storeEvent.create({
      data: { storeId, attempt, step, outcome: 'running' },
      select: { id: true, step: true, startedAt: true },
    });
  }

  async finish(event: OpenEvent, outcome: 'succeeded' | 'failed', message: string | null): Promise<void> {
    const finishedAt = new Date();
    this.observer?.stepFinished(event.step, outcome, (finishedAt.getTime() - event.startedAt.getTime()) / 1000);
    await this.db.storeEvent.update({
      where: { id: event.id },
      data: {
        outcome,
        message: message?.slice(0, 2_000) ?? null,
        finishedAt,
        durationMs: finishedAt.getTime() - event.startedAt.getTime(),
      },
    });
  }

  /** Says on a running step what it is waiting for (e.g. "app pod not ready: Unschedulable: 0/3 nodes are available"). */
  async note(event: OpenEvent, message: string): Promise<void> {
    await this.db.storeEvent.updateMany({
      where: { id: event.id, outcome: 'running' },
      data: { message: message.slice(0, 2_000) },
    });
  }

  /**
   * Runs `work` as one step on the timeline: running (with progress notes it
   * may write), then succeeded with its note or failed with its error.
   */
  async record(
    storeId: string,
    attempt: number,
    step: PipelineStep,
    work: (progress: (message: string) => Promise<void>) => Promise<string | void>,
  ): Promise<string | void> {
    const event = await this.start(storeId, attempt, step);
    try {
      const note = await work((message) => this.note(event, message));
      await this.finish(event, 'succeeded', note || null);
      return note;
    } catch (error) {
      await this.finish(event, 'failed', error instanceof Error ? error.message : String(error)).catch(() => undefined);
      throw error;
    }
  }

  /**
   * A wait on the timeline (e.g. for the cluster): one running event of `step`
   * per attempt, however often it is called; its message says what it waits for.
   */
  async waiting(storeId: string, attempt: number, step: PipelineStep, message: string): Promise<void> {
    const open = await this.db.storeEvent.findFirst({
      where: { storeId, attempt, step, outcome: 'running' },
      select: { id: true },
    });
    if (open) await this.db.storeEvent.update({ where: { id: open.id }, data: { message: message.slice(0, 2_000) } });
    else
      await this.db.storeEvent.create({ data: { storeId, attempt, step, outcome: 'running', message: message.slice(0, 2_000) } });
  }

  /** Ends a wait that waiting() opened, as succeeded (or `outcome`) with `message`; false when none was open. */
  async waited(
    storeId: string,
    attempt: number,
    step: PipelineStep,
    message: string,
    outcome: 'succeeded' | 'failed' = 'succeeded',
  ): Promise<boolean> {
    const open = await this.db.storeEvent.findFirst({
      where: { storeId, attempt, step, outcome: 'running' },
      select: { id: true, step: true, startedAt: true },
    });
    if (open) await this.finish(open, outcome, message);
    return open !== null;
  }

  /** Closes events a killed worker left running, so the timeline never shows a step running forever. */
  async closeInterrupted(storeId: string, attempt: number): Promise<number> {
    const { count } = await this.db.storeEvent.updateMany({
      where: { storeId, attempt, outcome: 'running' },
      data: {
        outcome: 'failed',
        message: 'interrupted: the worker running this step stopped; resumed by another run',
        finishedAt: new Date(),
      },
    });
    return count;
  }
}
