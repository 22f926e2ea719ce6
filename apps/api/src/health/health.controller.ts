import { Controller, Get, HttpCode, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { type HealthView, ProblemType, type ReadinessView } from '@storefleet/contracts';

import { Public, SkipApiRateLimit } from '../auth/decorators.js';
import { ApiProblems } from '../http/route-catalog.js';
import { ProblemException } from '../problems/problem.js';
import { HealthService } from './health.service.js';

@ApiTags('health')
@Public()
@SkipApiRateLimit()
@Controller()
export class HealthController {
  constructor(@Inject(HealthService) private readonly health: HealthService) {}

  /** Liveness: the process answers. */
  @Get('health')
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): HealthView {
    return { status: 'ok' };
  }

  /** Readiness: Postgres and Redis answer within a short timeout. */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: Postgres and Redis answer within 2 s (503 problem otherwise)' })
  @ApiOkResponse({ schema: { example: { status: 'ok', checks: { postgres: true, redis: true } } } })
  @ApiServiceUnavailableResponse({ description: 'application/problem+json with `checks`' })
  @ApiProblems(503)
  async ready(): Promise<ReadinessView> {
    const checks = await this.health.check();
    if (!checks.postgres || !checks.redis) {
      const down = Object.entries(checks)
        .filter(([, ok]) => !ok)
        .map(([name]) => name);
      throw new ProblemException(
        {
          type: ProblemType.Unavailable,
          title: 'Service unavailable',
          status: 503,
          detail: `Not ready: ${down.join(' and ')} unavailable`,
          checks,
        },
        { 'Retry-After': '5' },
      );
    }
    return { status: 'ok', checks };
  }
}
