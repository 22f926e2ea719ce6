import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  type CreateStoreRequest,
  type Page,
  STEP_OUTCOMES,
  type StepOutcome,
  STORE_ENGINES,
  STORE_NAME_MAX_LENGTH,
  STORE_NAME_MIN_LENGTH,
  STORE_PLANS,
  STORE_STATUSES,
  type StoreCredentialsView,
  type StoreEngine,
  type StoreEventView,
  type StoreListQuery,
  storeNameProblem,
  type StorePlan,
  type StoreStatus,
  type StoreView,
} from '@storefleet/contracts';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, registerDecorator, type ValidationArguments } from 'class-validator';

import { PageQuery } from '../../http/pagination.js';

/** A DNS-1123 label of 3–40 characters that is not reserved (the rule lives in libs/contracts). */
function IsStoreName() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isStoreName',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && storeNameProblem(value) === null,
        defaultMessage: (args?: ValidationArguments) =>
          `name ${typeof args?.value === 'string' ? (storeNameProblem(args.value) ?? 'is invalid') : 'must be a string'}`,
      },
    });
}

export class CreateStoreDto implements CreateStoreRequest {
  @ApiProperty({
    minLength: STORE_NAME_MIN_LENGTH,
    maxLength: STORE_NAME_MAX_LENGTH,
    pattern: '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$',
    example: 'my-shop',
    description: 'Becomes <name>.<base domain> and the namespace store-<name>; reserved words are refused',
  })
  @IsStoreName()
  name!: string;

  @ApiProperty({ enum: STORE_ENGINES })
  @IsIn(STORE_ENGINES)
  engine!: StoreEngine;

  @ApiPropertyOptional({ enum: STORE_PLANS, default: 'small' })
  @IsOptional()
  @IsIn(STORE_PLANS)
  plan?: StorePlan;
}

function IsStatusList() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isStatusList',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && value.split(',').every((s) => (STORE_STATUSES as readonly string[]).includes(s.trim())),
        defaultMessage: () => `status must be one or more (comma-separated) of: ${STORE_STATUSES.join(', ')}`,
      },
    });
}

export class StoreListQueryDto extends PageQuery implements StoreListQuery {
  @ApiPropertyOptional({
    description: `One or more (comma-separated) of ${STORE_STATUSES.join(', ')}. Default: every status but deleted`,
  })
  @IsOptional()
  @IsStatusList()
  status?: string;

  @ApiPropertyOptional({ enum: STORE_ENGINES })
  @IsOptional()
  @IsIn(STORE_ENGINES)
  engine?: StoreEngine;

  @ApiPropertyOptional({ format: 'uuid', description: 'Operators and admins: one owner. Owners only ever see their own stores.' })
  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @ApiPropertyOptional({ description: 'Part of the name' })
  @IsOptional()
  @IsString()
  @MaxLength(STORE_NAME_MAX_LENGTH)
  q?: string;
}

export function statusesOf(query: StoreListQueryDto): StoreStatus[] | null {
  return query.status ? [...new Set(query.status.split(',').map((s) => s.trim() as StoreStatus))] : null;
}

export class StoreViewDto implements StoreView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: STORE_ENGINES }) engine!: StoreEngine;
  @ApiProperty({ enum: STORE_PLANS }) plan!: StorePlan;
  @ApiProperty({ format: 'uuid' }) ownerId!: string;
  @ApiProperty({ enum: STORE_STATUSES }) status!: StoreStatus;
  @ApiProperty({ type: String, nullable: true }) statusReason!: string | null;
  @ApiProperty({ example: 'store-my-shop' }) namespace!: string;
  @ApiProperty({ type: String, nullable: true }) storefrontUrl!: string | null;
  @ApiProperty({ type: String, nullable: true }) adminUrl!: string | null;
  @ApiProperty() provisionAttempts!: number;
  @ApiProperty() retryCount!: number;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readyAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deletedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class StorePageDto implements Page<StoreView> {
  @ApiProperty({ type: [StoreViewDto] }) items!: StoreViewDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class StoreEventViewDto implements StoreEventView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() attempt!: number;
  @ApiProperty({ example: 'namespace' }) step!: string;
  @ApiProperty({ enum: STEP_OUTCOMES }) outcome!: StepOutcome;
  @ApiProperty({ type: String, nullable: true }) message!: string | null;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true }) durationMs!: number | null;
}

export class StoreCredentialsDto implements StoreCredentialsView {
  @ApiProperty() username!: string;
  @ApiProperty() password!: string;
  @ApiProperty({ type: String, nullable: true }) adminUrl!: string | null;
}
