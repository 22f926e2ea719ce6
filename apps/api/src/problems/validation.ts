import { ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';

import { problems } from './problem.js';

/** Flattens class-validator's tree into one message per field ("limits.maxLiveStores"). */
export function fieldErrors(errors: ValidationError[], prefix = ''): { field: string; message: string }[] {
  return errors.flatMap((error) => {
    const field = `${prefix}${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldErrors(error.children ?? [], `${field}.`)];
  });
}

/** Unknown fields are refused, types converted, and failures reported per field as a validation problem. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => problems.validation(fieldErrors(errors)),
  });
}
