import { ApiProperty } from '@nestjs/swagger';
import {
  CLUSTER_STATES,
  type ClusterState,
  type ClusterStatusView,
  type EngineVersionsView,
  type PlatformStatusView,
} from '@storefleet/contracts';

export class ClusterStatusDto implements ClusterStatusView {
  @ApiProperty({ enum: CLUSTER_STATES }) state!: ClusterState;
  @ApiProperty({ type: String, nullable: true, example: 'Kubernetes' }) component!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 12 }) minutesLeft!: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) message!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Operators and admins only (null for owners)' })
  logPath!: string | null;
}

export class PlatformStatusDto implements PlatformStatusView {
  @ApiProperty({ type: ClusterStatusDto }) cluster!: ClusterStatusDto;
}

export class EngineVersionsDto implements EngineVersionsView {
  @ApiProperty({ type: [String], example: ['6.8.3-php8.3-apache/10.2.2'] }) woocommerce!: string[];
  @ApiProperty({ type: [String], example: ['0.2.0'] }) medusa!: string[];
}
