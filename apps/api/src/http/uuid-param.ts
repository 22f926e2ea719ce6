import { type PipeTransform } from '@nestjs/common';
import { isUuid } from '@storefleet/contracts';

import { problems } from '../problems/problem.js';

/** An id that is not a UUID cannot name anything: 404, like any other unknown id. */
export class UuidParam implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUuid(value)) throw problems.notFound();
    return value.toLowerCase();
  }
}
