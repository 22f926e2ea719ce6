import { ApiProperty } from '@nestjs/swagger';
import {
  type BackupRef,
  type CreateStoreRequest,
  type Page,
  RESERVED_STORE_NAMES,
  STEP_OUTCOMES,
  type StepOutcome,
  STORE_ENGINES,
  STORE_NAME_MAX_LENGTH,
  STORE_NAME_MIN_LENGTH,
  STORE_NAME_PATTERN,
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
  type UpgradeStoreRequest,
} from '@storefleet/contracts';
import { registerDecorator, type ValidationArguments } from 'class-validator';

import { EnumField, NestedField, TextField, UuidField } from '../../http/fields.js';
import { PageQuery } from '../../http/pagination.js';
import { StoreDomainViewDto } from './store-domains.dto.js';

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

export class BackupRefDto implements BackupRef {
  @UuidField({ description: 'The store the backup belongs to (owners: one of their own stores)' })
  storeId!: string;

  @UuidField({ description: 'A completed backup of that store' })
  backupId!: string;
}

export class CreateStoreDto implements CreateStoreRequest {
  @ApiProperty({
    minLength: STORE_NAME_MIN_LENGTH,
    maxLength: STORE_NAME_MAX_LENGTH,
    pattern: STORE_NAME_PATTERN.source,
    not: { enum: [...RESERVED_STORE_NAMES] },
    example: 'my-shop',
    description: 'Becomes <name>.<base domain> and the namespace store-<name>; reserved words are refused',
  })
  @IsStoreName()
  name!: string;

  @EnumField(STORE_ENGINES)
  engine!: StoreEngine;

  @EnumField(STORE_PLANS, { optional: true, default: 'small' })
  plan?: StorePlan;

  @NestedField(() => BackupRefDto, {
    optional: true,
    description:
      "Clone: once provisioned, the new store takes this backup's database and files (with its own credentials and URL). " +
      "The engine must be the backup's.",
  })
  fromBackup?: BackupRefDto;
}

const ONE_STATUS = `\\s*(${STORE_STATUSES.join('|')})\\s*`;
/** One status or several, comma-separated (spaces around them allowed). */
const STATUS_LIST = new RegExp(`^${ONE_STATUS}(,${ONE_STATUS})*$`);

export class StoreListQueryDto extends PageQuery implements StoreListQuery {
  @TextField({
    optional: true,
    maxLength: 200,
    pattern: STATUS_LIST,
    patternMessage: `must be one or more (comma-separated) of: ${STORE_STATUSES.join(', ')}`,
    description: `One or more (comma-separated) of ${STORE_STATUSES.join(', ')}. Default: every status but deleted`,
  })
  status?: string;

  @EnumField(STORE_ENGINES, { optional: true })
  engine?: StoreEngine;

  @UuidField({ optional: true, description: 'Operators and admins: one owner. Owners only ever see their own stores.' })
  ownerId?: string;

  @TextField({ optional: true, maxLength: STORE_NAME_MAX_LENGTH, description: 'Part of the name' })
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
  @ApiProperty({ type: 'integer' }) provisionAttempts!: number;
  @ApiProperty({ type: 'integer' }) retryCount!: number;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readyAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deletedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '6.8.3-php8.3-apache/10.2.2',
    description: 'The engine version the store runs; null: created before versions were recorded (the configured images)',
  })
  engineVersion!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'While upgrading: the version the store is moving to' })
  targetEngineVersion!: string | null;
  @ApiProperty({ type: [StoreDomainViewDto] }) domains!: StoreDomainViewDto[];
}

export class UpgradeStoreDto implements UpgradeStoreRequest {
  @TextField({
    maxLength: 200,
    description:
      "An engine version this platform offers for the store's engine (GET /platform/engine-versions); " +
      "the store's previous version rolls back",
  })
  version!: string;
}

export class StorePageDto implements Page<StoreView> {
  @ApiProperty({ type: [StoreViewDto] }) items!: StoreViewDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class StoreEventViewDto implements StoreEventView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: 'integer' }) attempt!: number;
  @ApiProperty({ example: 'namespace' }) step!: string;
  @ApiProperty({ enum: STEP_OUTCOMES }) outcome!: StepOutcome;
  @ApiProperty({ type: String, nullable: true }) message!: string | null;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) durationMs!: number | null;
}

export class StoreCredentialsDto implements StoreCredentialsView {
  @ApiProperty() username!: string;
  @ApiProperty() password!: string;
  @ApiProperty({ type: String, nullable: true }) adminUrl!: string | null;
}
