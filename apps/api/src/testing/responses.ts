import type { Page, ProblemDetails } from '@storefleet/contracts';

/** The fields a validation problem names, sorted. */
export function fieldsOf(res: { body: unknown }): string[] {
  return ((res.body as ProblemDetails).errors ?? []).map((e) => e.field).sort();
}

/** The names of the items of a page of stores (or anything with a name). */
export function namesOf(res: { body: unknown }): string[] {
  return (res.body as Page<{ name: string }>).items.map((item) => item.name);
}
