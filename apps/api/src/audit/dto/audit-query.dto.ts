import type { AuditQuery } from '@storefleet/contracts';

import { DateTimeField, TextField, UuidField } from '../../http/fields.js';
import { PageQuery } from '../../http/pagination.js';

export class AuditQueryDto extends PageQuery implements AuditQuery {
  @UuidField({ optional: true })
  actorId?: string;

  @TextField({ optional: true, maxLength: 64, example: 'store.create' })
  action?: string;

  @TextField({ optional: true, maxLength: 200, description: 'A store id, user id or job id' })
  targetId?: string;

  @DateTimeField({ optional: true, description: 'Inclusive' })
  from?: string;

  @DateTimeField({ optional: true, description: 'Exclusive' })
  to?: string;
}
