import { ApiPropertyOptional } from '@nestjs/swagger';
import type { AuditQuery } from '@storefleet/contracts';
import { IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

import { PageQuery } from '../../http/pagination.js';

export class AuditQueryDto extends PageQuery implements AuditQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ example: 'store.create' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  action?: string;

  @ApiPropertyOptional({ description: 'A store id, user id or job id' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  targetId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Inclusive' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Exclusive' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
