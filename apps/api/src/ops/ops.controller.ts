import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Audited } from '../audit/audited.js';
import { type Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { ApiProblems } from '../http/route-catalog.js';
import { problems } from '../problems/problem.js';
import { JobListQueryDto, JobViewDto, QueueCountsDto, RetryJobQueryDto } from './dto/ops.dto.js';
import { OpsService } from './ops.service.js';

const JOB_ID = /^[A-Za-z0-9_.-]{1,200}$/;

@ApiTags('ops')
@ApiBearerAuth()
@Roles('operator', 'admin')
@Controller('ops')
export class OpsController {
  constructor(@Inject(OpsService) private readonly ops: OpsService) {}

  @Get('queues')
  @ApiOperation({ summary: 'Job counts per state for every queue' })
  @ApiOkResponse({ type: [QueueCountsDto] })
  queues() {
    return this.ops.counts();
  }

  @Get('jobs')
  @ApiOperation({ summary: 'Jobs in one state (default failed), newest first, with their errors' })
  @ApiOkResponse({ type: [JobViewDto] })
  jobs(@Query() query: JobListQueryDto) {
    return this.ops.jobs(query.state ?? 'failed', query.queue, query.limit ?? 50);
  }

  @Post('jobs/:id/retry')
  @HttpCode(200)
  @Audited('job.retry', { targetType: 'job' })
  @ApiOperation({ summary: 'Retry a failed job (409 if it is not failed)' })
  @ApiProblems(409)
  @ApiOkResponse({ type: JobViewDto })
  retry(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: RetryJobQueryDto) {
    if (!JOB_ID.test(id)) throw problems.notFound('Job');
    return this.ops.retry(actor, id, query.queue);
  }
}
