import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CSRF_HEADER, SESSION_COOKIE, type TokenResponse } from '@storefleet/contracts';
import type { Request, Response } from 'express';

import { Audited } from '../audit/audited.js';
import { ApiProblems } from '../http/route-catalog.js';
import { UserViewDto } from '../users/dto/user.dto.js';
import { type Actor, signedIn } from './actor.js';
import { AuthService } from './auth.service.js';
import { CsrfGuard } from './csrf.guard.js';
import { CurrentActor, Public, SkipApiRateLimit } from './decorators.js';
import { LoginDto, TokenResponseDto } from './dto/auth.dto.js';
import { clearSessionCookie, sessionCookieOf, setSessionCookie } from './session-cookie.js';

const csrfHeader = ApiHeader({
  name: CSRF_HEADER,
  required: true,
  description: 'CSRF protection for the routes that set or use the session cookie',
  schema: { type: 'string', enum: ['1'] },
});

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @SkipApiRateLimit()
  @HttpCode(200)
  @Audited('auth.login_failed')
  @ApiProblems(401, 429, 503)
  @ApiOperation({
    summary: 'Sign in; rate limited per IP and per account',
    description:
      `Returns the access token and sets the refresh token in the HttpOnly cookie \`${SESSION_COOKIE}\`. ` +
      'Needs no CSRF header: it only accepts application/json, which a cross-site form cannot send.',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  async login(
    @CurrentActor() actor: Actor,
    @Body() dto: LoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TokenResponse> {
    const session = await this.auth.login(actor, dto);
    setSessionCookie(req, res, session.refreshToken);
    return session.tokens;
  }

  @Post('refresh')
  @Public()
  @UseGuards(CsrfGuard)
  @HttpCode(200)
  @Audited('auth.refresh')
  @ApiProblems(401, 403)
  @csrfHeader
  @ApiCookieAuth('session')
  @ApiOperation({ summary: 'Exchange the session cookie for a new access token (the cookie is rotated)' })
  @ApiOkResponse({ type: TokenResponseDto })
  async refresh(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TokenResponse> {
    try {
      const session = await this.auth.refresh(actor, sessionCookieOf(req));
      setSessionCookie(req, res, session.refreshToken);
      return session.tokens;
    } catch (error) {
      clearSessionCookie(req, res);
      throw error;
    }
  }

  @Post('logout')
  @Public()
  @UseGuards(CsrfGuard)
  @HttpCode(204)
  @Audited('auth.logout')
  @ApiProblems(403)
  @csrfHeader
  @ApiCookieAuth('session')
  @ApiOperation({ summary: 'Sign out: the session cookie and every token rotated from it stop working' })
  @ApiNoContentResponse()
  async logout(@CurrentActor() actor: Actor, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(actor, sessionCookieOf(req));
    clearSessionCookie(req, res);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserViewDto })
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(signedIn(actor).user);
  }
}
