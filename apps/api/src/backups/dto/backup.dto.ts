import { ApiProperty } from '@nestjs/swagger';
import {
  BACKUP_POLICY_RANGE,
  BACKUP_STATUSES,
  BACKUP_TRIGGERS,
  type BackupObjectView,
  type BackupPolicyView,
  type BackupStatus,
  type BackupTrigger,
  type BackupView,
  type Page,
  type RestoreStoreRequest,
  type UpdateBackupPolicyRequest,
} from '@storefleet/contracts';

import { IntegerField, SchemaRule, UuidField } from '../../http/fields.js';
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

export class BackupPolicyViewDto implements BackupPolicyView {
  @ApiProperty({ format: 'uuid' }) storeId!: string;
  @ApiProperty({ type: 'integer', description: 'Hours between scheduled backups; 0 = no scheduled backups' })
  intervalHours!: number;
  @ApiProperty({ type: 'integer', description: 'Completed backups kept; older ones are deleted after each completed backup' })
  keepLast!: number;
  @ApiProperty({ description: "True while the store has no policy of its own (the platform's defaults apply)" })
  isDefault!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt!: string | null;
}

/** Change one or both; the other keeps its current value. */
@SchemaRule({ minProperties: 1 })
export class UpdateBackupPolicyDto implements UpdateBackupPolicyRequest {
  @IntegerField({ optional: true, ...BACKUP_POLICY_RANGE.intervalHours, description: 'Hours between scheduled backups; 0 = off' })
  intervalHours?: number;

  @IntegerField({ optional: true, ...BACKUP_POLICY_RANGE.keepLast, description: 'Completed backups to keep' })
  keepLast?: number;
}
