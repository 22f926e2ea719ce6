import { ApiProperty } from '@nestjs/swagger';
import type { LoginRequest, LogoutRequest, RefreshRequest, TokenResponse } from '@storefleet/contracts';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

import { UserViewDto } from '../../users/dto/user.dto.js';
import { MAX_PASSWORD_LENGTH, normaliseEmail } from '../passwords.js';

export class LoginDto implements LoginRequest {
  @ApiProperty({ format: 'email', example: 'admin@storefleet.local' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normaliseEmail(value) : value))
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;
}

export class RefreshDto implements RefreshRequest, LogoutRequest {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  refreshToken!: string;
}

export class TokenResponseDto implements TokenResponse {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn!: number;
  @ApiProperty({ description: 'Opaque; exchange at POST /auth/refresh (each use rotates it)' }) refreshToken!: string;
  @ApiProperty({ type: UserViewDto }) user!: UserViewDto;
}
