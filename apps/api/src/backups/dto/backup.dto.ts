import { ApiProperty } from '@nestjs/swagger';
import {
  BACKUP_STATUSES,
  BACKUP_TRIGGERS,
  type BackupObjectView,
  type BackupStatus,
  type BackupTrigger,
  type BackupView,
  type Page,
  type RestoreStoreRequest,
} from '@storefleet/contracts';

import { UuidField } from '../../http/fields.js';
import { PageQuery } from '../../http/pagination.js';

export class BackupListQueryDto extends PageQuery {}

class BackupObjectDto implements BackupObjectView {
  @ApiProperty({ enum: ['database', 'files'] }) part!: 'database' | 'files';
  @ApiProperty() key!: string;
  @ApiProperty() size!: number;
  @ApiProperty({ description: 'Hex SHA-256 of the stored bytes' }) sha256!: string;
}

export class BackupViewDto implements BackupView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) storeId!: string;
  @ApiProperty({ enum: BACKUP_TRIGGERS }) trigger!: BackupTrigger;
  @ApiProperty({ enum: BACKUP_STATUSES }) status!: BackupStatus;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ enum: ['woocommerce', 'medusa'] }) engine!: 'woocommerce' | 'medusa';
  @ApiProperty({ type: String, nullable: true }) engineVersion!: string | null;
  @ApiProperty() manifestKey!: string;
  @ApiProperty({ type: Number, nullable: true }) sizeBytes!: number | null;
  @ApiProperty({ type: [BackupObjectDto], nullable: true }) objects!: BackupObjectView[] | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt!: string | null;
}

export class BackupPageDto implements Page<BackupView> {
  @ApiProperty({ type: [BackupViewDto] }) items!: BackupView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class RestoreStoreDto implements RestoreStoreRequest {
  @UuidField({ description: 'A completed backup of this store' })
  backupId!: string;
}
