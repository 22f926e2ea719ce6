import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Audited } from '../audit/audited.js';
import { type Actor, signedIn } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { ApiProblems } from '../http/route-catalog.js';
import { UuidParam } from '../http/uuid-param.js';
import { CreateUserDto, UpdateUserDto, UserListQueryDto, UserPageDto, UserViewDto } from './dto/user.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(@Inject(UsersService) private readonly users: UsersService) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @Audited('user.create', { targetType: 'user' })
  @ApiOperation({ summary: 'Create a user (admin)' })
  @ApiProblems(409)
  @ApiCreatedResponse({ type: UserViewDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Get()
  @Roles('operator', 'admin')
  @ApiOperation({ summary: 'List users, newest first (operator, admin)' })
  @ApiOkResponse({ type: UserPageDto })
  list(@Query() query: UserListQueryDto) {
    return this.users.list(query);
  }

  @Get(':id')
  @Roles('operator', 'admin')
  @ApiOperation({ summary: 'One user (operator, admin)' })
  @ApiOkResponse({ type: UserViewDto })
  get(@Param('id', UuidParam) id: string) {
    return this.users.get(id);
  }

  @Patch(':id')
  @Roles('operator', 'admin')
  @Audited('user.update', { targetType: 'user' })
  @ApiProblems(409)
  @ApiOperation({ summary: 'Change role or disable (admin), or set limits (operator, admin); null restores a default' })
  @ApiOkResponse({ type: UserViewDto })
  update(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(signedIn(actor), id, dto);
  }
}
