import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER } from '@storefleet/contracts';
import type { Response } from 'express';

import { Audited } from '../audit/audited.js';
import { type Actor, signedIn } from '../auth/actor.js';
import { CurrentActor } from '../auth/decorators.js';
import { UuidParam } from '../http/uuid-param.js';
import { problems } from '../problems/problem.js';
import {
  CreateStoreDto,
  StoreCredentialsDto,
  StoreEventViewDto,
  StoreListQueryDto,
  StorePageDto,
  StoreViewDto,
} from './dto/store.dto.js';
import { StoreCreation } from './store-creation.service.js';
import { StoresService } from './stores.service.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

@ApiTags('stores')
@ApiBearerAuth()
@Controller('stores')
export class StoresController {
  constructor(
    @Inject(StoresService) private readonly stores: StoresService,
    @Inject(StoreCreation) private readonly creation: StoreCreation,
  ) {}

  @Post()
  @HttpCode(202)
  @Audited('store.create', { targetType: 'store' })
  @ApiOperation({ summary: 'Request a new store; provisioning continues in the background' })
  @ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description: 'Repeating a request with the same key returns the first response',
  })
  @ApiAcceptedResponse({ type: StoreViewDto })
  async create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateStoreDto,
    @Headers(IDEMPOTENCY_KEY_HEADER.toLowerCase()) idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw problems.validation([{ field: IDEMPOTENCY_KEY_HEADER, message: 'must be 1–255 visible ASCII characters' }]);
    }
    const result = await this.creation.create(signedIn(actor), dto, idempotencyKey ?? null);
    res.status(result.status);
    if (result.replayed) res.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
    return result.body;
  }

  @Get()
  @ApiOperation({ summary: 'Stores, newest first: owners see their own, operators and admins all' })
  @ApiOkResponse({ type: StorePageDto })
  list(@CurrentActor() actor: Actor, @Query() query: StoreListQueryDto) {
    return this.stores.list(signedIn(actor), query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One store' })
  @ApiOkResponse({ type: StoreViewDto })
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.stores.get(signedIn(actor), id);
  }

  @Get(':id/events')
  @ApiOperation({ summary: "The store's provisioning timeline, oldest first" })
  @ApiOkResponse({ type: [StoreEventViewDto] })
  events(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.stores.events(signedIn(actor), id);
  }

  @Delete(':id')
  @HttpCode(202)
  @Audited('store.delete', { targetType: 'store' })
  @ApiOperation({ summary: 'Delete the store; idempotent (a deleting or deleted store is returned as it is)' })
  @ApiAcceptedResponse({ type: StoreViewDto })
  delete(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.stores.delete(signedIn(actor), id);
  }

  @Post(':id/retry')
  @HttpCode(202)
  @Audited('store.retry', { targetType: 'store' })
  @ApiOperation({ summary: 'Provision a failed store again (409 for any other status)' })
  @ApiAcceptedResponse({ type: StoreViewDto })
  retry(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.stores.retry(signedIn(actor), id);
  }

  @Post(':id/credentials')
  @HttpCode(200)
  @Audited('store.reveal_credentials', { targetType: 'store' })
  @ApiOperation({ summary: "Reveal the store's admin login (owner only; 409 until provisioning has created it)" })
  @ApiOkResponse({ type: StoreCredentialsDto })
  credentials(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Res({ passthrough: true }) res: Response) {
    res.setHeader('Cache-Control', 'no-store');
    return this.stores.revealCredentials(signedIn(actor), id);
  }
}
