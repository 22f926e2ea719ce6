import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Roles } from '../auth/decorators.js';
import { AuditLogService } from './audit-log.service.js';
import { AuditPageDto } from './dto/audit-entry.dto.js';
import { AuditQueryDto } from './dto/audit-query.dto.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(@Inject(AuditLogService) private readonly log: AuditLogService) {}

  @Get()
  @Roles('operator', 'admin')
  @ApiOperation({ summary: 'The audit log, newest first, with filters and cursor pagination' })
  @ApiOkResponse({ type: AuditPageDto })
  list(@Query() query: AuditQueryDto) {
    return this.log.list(query);
  }
}
