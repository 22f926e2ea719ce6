import { Inject, Injectable } from '@nestjs/common';
import type { PipelineStep } from '@storefleet/contracts';
import { PrismaService } from '@storefleet/db';

/** The store's timeline: one StoreEvent per step run, opened as running and closed with its outcome. */
@Injectable()
export class StepEvents {
  constructor(@Inject(PrismaService) private readonly db: PrismaService) {}

  async start(storeId: string, attempt: number, step: PipelineStep): Promise<{ id: string; startedAt: Date }> {
    return this.db.storeEvent.create({
      data: { storeId, attempt, step, outcome: 'running' },
      select: { id: true, startedAt: true },
    });
  }

  async finish(event: { id: string; startedAt: Date }, outcome: 'succeeded' | 'failed', message: string | null): Promise<void> {
    const finishedAt = new Date();
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
