import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EngineVersionsView, PlatformStatusView } from '@storefleet/contracts';

import { type Actor, signedIn } from '../auth/actor.js';
import { CurrentActor } from '../auth/decorators.js';
import { EngineVersionsDto, PlatformStatusDto } from './dto/platform-status.dto.js';
import { PlatformService } from './platform.service.js';

@ApiTags('platform')
@ApiBearerAuth()
@Controller('platform')
export class PlatformController {
  constructor(@Inject(PlatformService) private readonly platform: PlatformService) {}

  @Get('status')
  @ApiOperation({
    summary:
      "The platform's own state: the local cluster's build or start while `npm start` brings it up (the dashboard's banner)",
  })
  @ApiOkResponse({ type: PlatformStatusDto })
  status(@CurrentActor() actor: Actor): Promise<PlatformStatusView> {
    return this.platform.status(signedIn(actor).user.role);
  }

  @Get('engine-versions')
  @ApiOperation({
    summary:
      'The engine versions stores may run, per engine (the first: the version new stores get); POST /stores/{id}/upgrade takes one',
  })
  @ApiOkResponse({ type: EngineVersionsDto })
  engineVersions(): EngineVersionsView {
    return this.platform.engineVersions();
  }
}
