import { Global, Module } from '@nestjs/common';

import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';
import { AuditLogService } from './audit-log.service.js';
import { AuditFailuresInterceptor } from './audited.js';

@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditLogService, AuditFailuresInterceptor],
  exports: [AuditService, AuditFailuresInterceptor],
})
export class AuditModule {}
