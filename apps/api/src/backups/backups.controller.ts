import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Audited } from '../audit/audited.js';
import { type Actor, signedIn } from '../auth/actor.js';
import { CurrentActor } from '../auth/decorators.js';
import { ApiProblems } from '../http/route-catalog.js';
import { UuidParam } from '../http/uuid-param.js';
import { StoreViewDto } from '../stores/dto/store.dto.js';
import { BackupsService } from './backups.service.js';
import {
  BackupListQueryDto,
  BackupPageDto,
  BackupPolicyViewDto,
  BackupViewDto,
  RestoreStoreDto,
  UpdateBackupPolicyDto,
} from './dto/backup.dto.js';

@ApiTags('backups')
@ApiBearerAuth()
@Controller('stores/:id/backups')
export class BackupsController {
  constructor(@Inject(BackupsService) private readonly backups: BackupsService) {}

  @Post()
  @HttpCode(202)
  @Audited('backup.create', { targetType: 'store' })
  @ApiOperation({ summary: 'Back the store up now: running, then completed (manifest verified in the bucket) or failed' })
  @ApiProblems(409, 429)
  @ApiAcceptedResponse({ type: BackupViewDto })
  create(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.backups.create(signedIn(actor), id);
  }

  @Get()
  @ApiOperation({ summary: "The store's backups, newest first" })
  @ApiProblems(400)
  @ApiOkResponse({ type: BackupPageDto })
  list(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Query() query: BackupListQueryDto) {
    return this.backups.list(signedIn(actor), id, query);
  }

  @Get(':backupId')
  @ApiOperation({ summary: 'One backup' })
  @ApiOkResponse({ type: BackupViewDto })
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Param('backupId', UuidParam) backupId: string) {
    return this.backups.get(signedIn(actor), id, backupId);
  }

  @Delete(':backupId')
  @HttpCode(204)
  @Audited('backup.delete', { targetType: 'store' })
  @ApiOperation({ summary: 'Delete a completed or failed backup; its objects are removed from the bucket in the background' })
  @ApiProblems(409)
  @ApiNoContentResponse()
  async delete(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Param('backupId', UuidParam) backupId: string) {
    await this.backups.delete(signedIn(actor), id, backupId);
  }
}

@ApiTags('backups')
@ApiBearerAuth()
@Controller('stores/:id/restore')
export class RestoreController {
  constructor(@Inject(BackupsService) private readonly backups: BackupsService) {}

  @Post()
  @HttpCode(202)
  @Audited('store.restore', { targetType: 'store' })
  @ApiOperation({
    summary:
      "Replace the store's database and files with a completed backup's: restoring (storefront in maintenance), then ready",
  })
  @ApiProblems(409)
  @ApiAcceptedResponse({ type: StoreViewDto })
  restore(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() dto: RestoreStoreDto) {
    return this.backups.restore(signedIn(actor), id, dto.backupId);
  }
}

@ApiTags('backups')
@ApiBearerAuth()
@Controller('stores/:id/backup-policy')
export class BackupPolicyController {
  constructor(@Inject(BackupsService) private readonly backups: BackupsService) {}

  @Get()
  @ApiOperation({ summary: "The store's backup schedule and retention (the platform's defaults until changed)" })
  @ApiOkResponse({ type: BackupPolicyViewDto })
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.backups.policy(signedIn(actor), id);
  }

  @Patch()
  @Audited('backup.policy_update', { targetType: 'store' })
  @ApiOperation({
    summary: 'Change how often the store is backed up on its own (0 = never) and how many completed backups it keeps',
  })
  @ApiProblems(400)
  @ApiOkResponse({ type: BackupPolicyViewDto })
  update(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() dto: UpdateBackupPolicyDto) {
    return this.backups.updatePolicy(signedIn(actor), id, dto);
  }
}
