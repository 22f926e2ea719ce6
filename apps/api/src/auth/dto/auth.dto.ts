import { ApiProperty } from '@nestjs/swagger';
import type { LoginRequest, TokenResponse } from '@storefleet/contracts';

import { EmailField, TextField } from '../../http/fields.js';
import { UserViewDto } from '../../users/dto/user.dto.js';
import { MAX_PASSWORD_LENGTH, normaliseEmail } from '../passwords.js';

export class LoginDto implements LoginRequest {
  @EmailField({ normalise: normaliseEmail, example: 'admin@storefleet.local' })
  email!: string;

  @TextField({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH })
  password!: string;
}

export class TokenResponseDto implements TokenResponse {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ type: 'integer', description: 'Seconds until the access token expires' }) expiresIn!: number;
  @ApiProperty({ type: UserViewDto }) user!: UserViewDto;
}
