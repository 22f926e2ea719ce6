import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Audited } from '../audit/audited.js';
import { UserViewDto } from '../users/dto/user.dto.js';
import { type Actor, signedIn } from './actor.js';
import { AuthService } from './auth.service.js';
import { CurrentActor, Public, SkipApiRateLimit } from './decorators.js';
import { LoginDto, RefreshDto, TokenResponseDto } from './dto/auth.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @SkipApiRateLimit()
  @HttpCode(200)
  @Audited('auth.login_failed')
  @ApiOperation({ summary: 'Sign in; rate limited per IP and per account' })
  @ApiOkResponse({ type: TokenResponseDto })
  login(@CurrentActor() actor: Actor, @Body() dto: LoginDto) {
    return this.auth.login(actor, dto);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @Audited('auth.refresh')
  @ApiOperation({ summary: 'Exchange a refresh token for new tokens (the old one stops working)' })
  @ApiOkResponse({ type: TokenResponseDto })
  refresh(@CurrentActor() actor: Actor, @Body() dto: RefreshDto) {
    return this.auth.refresh(actor, dto.refreshToken);
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @Audited('auth.logout')
  @ApiOperation({ summary: 'Sign out: the refresh token and every token rotated from it stop working' })
  @ApiNoContentResponse()
  async logout(@CurrentActor() actor: Actor, @Body() dto: RefreshDto): Promise<void> {
    await this.auth.logout(actor, dto.refreshToken);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserViewDto })
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(signedIn(actor).user);
  }
}
