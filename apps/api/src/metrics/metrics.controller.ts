import { timingSafeEqual } from 'node:crypto';

import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { Public, SkipApiRateLimit } from '../auth/decorators.js';
import { API_CONFIG, type ApiEnv } from '../config/api-config.js';
import { ApiProblems } from '../http/route-catalog.js';
import { problems } from '../problems/problem.js';
import { Metrics } from './metrics.js';

@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(API_CONFIG) private readonly config: ApiEnv,
  ) {}

  @Get()
  @Public()
  @SkipApiRateLimit()
  @ApiOperation({ summary: 'Prometheus metrics (Bearer METRICS_TOKEN when that is configured)' })
  @ApiProduces('text/plain')
  @ApiProblems(401, 503)
  async scrape(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (this.config.METRICS_TOKEN && !this.authorised(req.headers.authorization, this.config.METRICS_TOKEN)) {
      throw problems.unauthorized('A metrics token is required');
    }
    const body = await this.metrics.registry.metrics();
    res.setHeader('Content-Type', this.metrics.registry.contentType);
    res.send(body);
  }

  private authorised(header: string | undefined, token: string): boolean {
    const given = Buffer.from(header?.replace(/^Bearer\s+/i, '') ?? '');
    const expected = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
