import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';

import { HealthService } from './health.service.js';

@Controller()
export class HealthController {
  constructor(@Inject(HealthService) private readonly health: HealthService) {}

  /** Liveness: the process answers. */
  @Get('health')
  @HttpCode(200)
  live() {
    return { status: 'ok' };
  }

  /** Readiness: Postgres and Redis answer within a short timeout. */
  @Get('ready')
  async ready() {
    const checks = await this.health.check();
    if (!checks.postgres || !checks.redis) throw new ServiceUnavailableException({ status: 'unavailable', checks });
    return { status: 'ok', checks };
  }
}
