import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  JOB_STATES,
  type JobListQuery,
  type JobState,
  type JobView,
  QUEUE_NAMES,
  type QueueCountsView,
  type QueueName,
} from '@storefleet/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export class JobListQueryDto implements JobListQuery {
  @ApiPropertyOptional({ enum: JOB_STATES, default: 'failed' })
  @IsOptional()
  @IsIn(JOB_STATES)
  state?: JobState;

  @ApiPropertyOptional({ enum: QUEUE_NAMES, description: 'Default: every queue' })
  @IsOptional()
  @IsIn(QUEUE_NAMES)
  queue?: QueueName;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class RetryJobQueryDto {
  @ApiPropertyOptional({ enum: QUEUE_NAMES, description: 'The queue holding the job; default: look in every queue' })
  @IsOptional()
  @IsIn(QUEUE_NAMES)
  queue?: QueueName;
}

export class QueueCountsDto implements QueueCountsView {
  @ApiProperty({ enum: QUEUE_NAMES }) queue!: string;
  @ApiProperty({ type: Object, example: { waiting: 3, active: 2, delayed: 0, failed: 1, completed: 40 } })
  counts!: Partial<Record<JobState, number>>;
}

export class JobViewDto implements JobView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: QUEUE_NAMES }) queue!: string;
  @ApiProperty({ example: 'store.provision' }) name!: string;
  @ApiProperty({ type: Object }) data!: unknown;
  @ApiProperty({ enum: [...JOB_STATES, 'unknown'] }) state!: JobState | 'unknown';
  @ApiProperty() attemptsMade!: number;
  @ApiProperty({ type: String, nullable: true }) failedReason!: string | null;
  @ApiProperty({ format: 'date-time' }) timestamp!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedOn!: string | null;
}
