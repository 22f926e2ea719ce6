import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER } from '@storefleet/contracts';
import type { Response } from 'express';

import { Audited } from '../audit/audited.js';
import { type Actor, signedIn } from '../auth/actor.js';
import { CurrentActor } from '../auth/decorators.js';
import { ApiProblems } from '../http/route-catalog.js';
import { UuidParam } from '../http/uuid-param.js';
import { problems } from '../problems/problem.js';
import {
  CreateStoreDto,
  StoreCredentialsDto,
  StoreEventViewDto,
  StoreListQueryDto,
  StorePageDto,
  StoreViewDto,
  UpgradeStoreDto,
} from './dto/store.dto.js';
import { SetStoreDomainsDto } from './dto/store-domains.dto.js';
import { StoresService } from './stores.service.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

@ApiTags('stores')
@ApiBearerAuth()
@Controller('stores')
export class StoresController {
  constructor(@Inject(StoresService) private readonly stores: StoresService) {}

  @Post()
  @HttpCode(202)
  @Audited('store.create', { targetType: 'store' })
  @ApiOperation({
    summary:
      'Request a new store (with fromBackup: a clone of a backup); provisioning continues in the background. ' +
      '404 when fromBackup names a store or backup the user cannot see',
  })
  @ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description: 'Repeating a request with the same key returns the first response',
    schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source },
  })
  @ApiProblems(404, 409, 422)
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
    const result = await this.stores.create(signedIn(actor), dto, idempotencyKey ?? null);
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
  @ApiOperation({
    summary: 'Provision a failed store again: it waits for a provisioning slot like a new store (409 for any other status)',
  })
  @ApiProblems(409)
  @ApiAcceptedResponse({ type: StoreViewDto })
  retry(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.stores.retry(signedIn(actor), id);
  }

  @Post(':id/suspend')
  @HttpCode(202)
  @Audited('store.suspend', { targetType: 'store' })
  @ApiOperation({
    summary:
      'Pause a ready or degraded store: every workload scaled to zero (data kept), its storefront showing "this shop is paused" (409 for any other status)',
  })
  @ApiProblems(409)
  @ApiAcceptedResponse({ type: StoreViewDto })
  suspend(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.stores.operate(signedIn(actor), id, 'suspend');
  }

  @Post(':id/resume')
  @HttpCode(202)
  @Audited('store.resume', { targetType: 'store' })
  @ApiOperation({ summary: 'Bring a suspended store back: ready again once every workload is (409 for any other status)' })
  @ApiProblems(409)
  @ApiAcceptedResponse({ type: StoreViewDto })
  resume(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.stores.operate(signedIn(actor), id, 'resume');
  }

  @Post(':id/upgrade')
  @HttpCode(202)
  @Audited('store.upgrade', { targetType: 'store' })
  @ApiOperation({
    summary:
      'Move a ready or degraded store to another engine version (the previous one rolls back): setup Job with the ' +
      "engine's migrations, then a rolling update (400 for a version not offered, 409 for any other status or the version it runs)",
  })
  @ApiProblems(400, 409)
  @ApiAcceptedResponse({ type: StoreViewDto })
  upgrade(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() body: UpgradeStoreDto) {
    return this.stores.upgrade(signedIn(actor), id, body.version);
  }

  @Put(':id/domains')
  @HttpCode(202)
  @Audited('store.domains', { targetType: 'store' })
  @ApiOperation({
    summary:
      "Replace the store's custom domains ([] removes them): served besides its platform host, with TLS, the first canonical. " +
      '400 for a bad hostname, the platform domain or too many; 409 when another store has one or the status does not allow it',
  })
  @ApiProblems(400, 409)
  @ApiAcceptedResponse({ type: StoreViewDto })
  setDomains(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() dto: SetStoreDomainsDto) {
    return this.stores.setDomains(signedIn(actor), id, dto.domains);
  }

  @Post(':id/credentials')
  @HttpCode(200)
  @Audited('store.reveal_credentials', { targetType: 'store' })
  @ApiOperation({ summary: "Reveal the store's admin login (owner only; 409 until provisioning has created it)" })
  @ApiProblems(403, 409)
  @ApiOkResponse({ type: StoreCredentialsDto })
  credentials(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Res({ passthrough: true }) res: Response) {
    res.setHeader('Cache-Control', 'no-store');
    return this.stores.revealCredentials(signedIn(actor), id);
  }
}
