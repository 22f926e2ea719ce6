import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, normaliseEmail } from '../../auth/passwords.js';
import { PageQuery } from '../../http/pagination.js';

const MAX_LIMIT = 10_000;

export class CreateUserDto implements CreateUserRequest {
  @ApiProperty({ format: 'email' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normaliseEmail(value) : value))
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;
}

/** Role and disabled need an admin; limits an operator or admin. `null` restores a limit's default. */
export class UpdateUserDto implements UpdateUserRequest {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0 })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsInt()
  @Min(0)
  @Max(MAX_LIMIT)
  maxLiveStores?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0 })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsInt()
  @Min(0)
  @Max(MAX_LIMIT)
  maxProvisioningStores?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0 })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsInt()
  @Min(0)
  @Max(MAX_LIMIT)
  maxCreatesPerHour?: number | null;
}

export class UserListQueryDto extends PageQuery implements UserListQuery {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'Case-insensitive part of the email' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  q?: string;
}

class UserLimitsDto implements UserLimits {
  @ApiProperty() maxLiveStores!: number;
  @ApiProperty() maxProvisioningStores!: number;
  @ApiProperty() maxCreatesPerHour!: number;
}

class UserLimitOverridesDto {
  @ApiProperty({ type: Number, nullable: true }) maxLiveStores!: number | null;
  @ApiProperty({ type: Number, nullable: true }) maxProvisioningStores!: number | null;
  @ApiProperty({ type: Number, nullable: true }) maxCreatesPerHour!: number | null;
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
