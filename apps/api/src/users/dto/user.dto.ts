import { ApiProperty } from '@nestjs/swagger';
import {
  type CreateUserRequest,
  type Page,
  type Role,
  ROLES,
  type UpdateUserRequest,
  type UserLimits,
  type UserListQuery,
  type UserView,
} from '@storefleet/contracts';

import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, normaliseEmail } from '../../auth/passwords.js';
import { BooleanField, EmailField, EnumField, IntegerField, SchemaRule, TextField } from '../../http/fields.js';
import { PageQuery } from '../../http/pagination.js';

const MAX_LIMIT = 10_000;

export class CreateUserDto implements CreateUserRequest {
  @EmailField({ normalise: normaliseEmail })
  email!: string;

  @TextField({ minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH })
  password!: string;

  @EnumField(ROLES)
  role!: Role;
}

/** Role and disabled need an admin; limits an operator or admin. `null` restores a limit's default. */
@SchemaRule({ minProperties: 1 })
export class UpdateUserDto implements UpdateUserRequest {
  @EnumField(ROLES, { optional: true })
  role?: Role;

  @BooleanField({ optional: true })
  disabled?: boolean;

  @IntegerField({ optional: true, nullable: true, min: 0, max: MAX_LIMIT })
  maxLiveStores?: number | null;

  @IntegerField({ optional: true, nullable: true, min: 0, max: MAX_LIMIT })
  maxProvisioningStores?: number | null;

  @IntegerField({ optional: true, nullable: true, min: 0, max: MAX_LIMIT })
  maxCreatesPerHour?: number | null;
}

export class UserListQueryDto extends PageQuery implements UserListQuery {
  @EnumField(ROLES, { optional: true })
  role?: Role;

  @TextField({ optional: true, maxLength: 254, description: 'Case-insensitive part of the email' })
  q?: string;
}

class UserLimitsDto implements UserLimits {
  @ApiProperty({ type: 'integer' }) maxLiveStores!: number;
  @ApiProperty({ type: 'integer' }) maxProvisioningStores!: number;
  @ApiProperty({ type: 'integer' }) maxCreatesPerHour!: number;
}

class UserLimitOverridesDto {
  @ApiProperty({ type: 'integer', nullable: true }) maxLiveStores!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) maxProvisioningStores!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) maxCreatesPerHour!: number | null;
}

export class UserViewDto implements UserView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() disabled!: boolean;
  @ApiProperty({ type: UserLimitsDto, description: 'Effective limits' }) limits!: UserLimits;
  @ApiProperty({ type: UserLimitOverridesDto, description: 'Overrides set on this user (null: the default applies)' })
  limitOverrides!: UserLimitOverridesDto;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class UserPageDto implements Page<UserView> {
  @ApiProperty({ type: [UserViewDto] }) items!: UserViewDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
