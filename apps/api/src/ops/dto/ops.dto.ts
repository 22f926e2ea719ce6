import { ApiProperty } from '@nestjs/swagger';
import {
  JOB_STATES,
  type JobListQuery,
  type JobState,
  type JobView,
  QUEUE_NAMES,
  type QueueCountsView,
  type QueueName,
} from '@storefleet/contracts';

import { EnumField, IntegerField } from '../../http/fields.js';

export class JobListQueryDto implements JobListQuery {
  @EnumField(JOB_STATES, { optional: true, default: 'failed' })
  state?: JobState;

  @EnumField(QUEUE_NAMES, { optional: true, description: 'Default: every queue' })
  queue?: QueueName;

  @IntegerField({ optional: true, fromQuery: true, min: 1, max: 200, default: 50 })
  limit?: number;
}

export class RetryJobQueryDto {
  @EnumField(QUEUE_NAMES, { optional: true, description: 'The queue holding the job; default: look in every queue' })
  queue?: QueueName;
}

export class QueueCountsDto implements QueueCountsView {
  @ApiProperty({ enum: QUEUE_NAMES }) queue!: QueueName;
  @ApiProperty({ type: Object, example: { waiting: 3, active: 2, delayed: 0, failed: 1, completed: 40 } })
  counts!: Partial<Record<JobState, number>>;
}

export class JobViewDto implements JobView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: QUEUE_NAMES }) queue!: QueueName;
  @ApiProperty({ example: 'store.provision' }) name!: string;
  @ApiProperty({ type: Object }) data!: unknown;
  @ApiProperty({ enum: [...JOB_STATES, 'unknown'] }) state!: JobState | 'unknown';
  @ApiProperty({ type: 'integer' }) attemptsMade!: number;
  @ApiProperty({ type: String, nullable: true }) failedReason!: string | null;
  @ApiProperty({ format: 'date-time' }) timestamp!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedOn!: string | null;
}
