/**
 * One definition per DTO field: each decorator below applies the
 * class-validator rules that the ValidationPipe enforces AND the matching
 * OpenAPI schema (@nestjs/swagger), from the same numbers and patterns, so the
 * document cannot drift from what the server accepts.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';

interface FieldOptions {
  description?: string;
  example?: unknown;
  /** The field may be left out. */
  optional?: boolean;
  /** The field may be null (which the service reads as "restore the default"). */
  nullable?: boolean;
  default?: unknown;
}

type Schema = ApiPropertyOptions & Record<string, unknown>;

function field(options: FieldOptions, schema: Schema, validators: PropertyDecorator[]): PropertyDecorator {
  const { description, example, optional, nullable, default: defaultValue } = options;
  const full = {
    ...schema,
    ...(description === undefined ? {} : { description }),
    ...(example === undefined ? {} : { example }),
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
    ...(nullable ? { nullable: true } : {}),
  };
  // Not IsOptional(): it would let null through to a field the document says is never null.
  const presence = nullable
    ? [ValidateIf((_: object, value: unknown) => value !== null && value !== undefined)]
    : optional
      ? [ValidateIf((_: object, value: unknown) => value !== undefined)]
      : [];
  return applyDecorators(optional ? ApiPropertyOptional(full) : ApiProperty(full), ...presence, ...validators);
}

const schemaRules = new Map<string, Record<string, unknown>>();

/**
 * A rule about a whole request body that its fields cannot state (e.g.
 * `minProperties: 1` for "change at least one thing"), added to the class's
 * schema in the OpenAPI document. The service enforces it, naming the problem.
 */
export function SchemaRule(rule: Record<string, unknown>): ClassDecorator {
  return (target) => {
    schemaRules.set(target.name, { ...schemaRules.get(target.name), ...rule });
  };
}

export function schemaRuleOf(schemaName: string): Record<string, unknown> | undefined {
  return schemaRules.get(schemaName);
}

/** An integer; `fromQuery` converts the query string's text first (and only digits convert). */
export function IntegerField(options: FieldOptions & { min?: number; max?: number; fromQuery?: boolean }): PropertyDecorator {
  const { min, max, fromQuery } = options;
  return field(
    options,
    { type: 'integer', ...(min === undefined ? {} : { minimum: min }), ...(max === undefined ? {} : { maximum: max }) },
    [
      ...(fromQuery ? [Type(() => Number)] : []),
      IsInt(),
      ...(min === undefined ? [] : [Min(min)]),
      ...(max === undefined ? [] : [Max(max)]),
    ],
  );
}

/** Postgres text cannot hold U+0000, so no text field accepts it. */
// eslint-disable-next-line no-control-regex -- the control character is the point
const NO_NUL = /^[^\x00]*$/;

export function TextField(
  options: FieldOptions & { minLength?: number; maxLength: number; pattern?: RegExp; patternMessage?: string },
): PropertyDecorator {
  const { minLength, maxLength, pattern = NO_NUL } = options;
  const patternMessage = options.patternMessage ?? (pattern === NO_NUL ? 'must not contain the character U+0000' : undefined);
  return field(
    options,
    {
      type: 'string',
      ...(minLength === undefined ? {} : { minLength }),
      maxLength,
      pattern: pattern.source,
    },
    [
      IsString(),
      ...(minLength === undefined ? [] : [MinLength(minLength)]),
      MaxLength(maxLength),
      Matches(pattern, patternMessage ? { message: `$property ${patternMessage}` } : {}),
    ],
  );
}

/**
 * An array of at most `maxItems` strings, each at most `maxLength` characters.
 * `itemPattern` is stated in the document only: the service checks it with a
 * message naming each entry that fails it (so it must refuse exactly what the pattern does).
 */
export function TextListField(
  options: FieldOptions & { maxItems: number; maxLength: number; itemPattern?: RegExp },
): PropertyDecorator {
  const { maxItems, maxLength, itemPattern } = options;
  const items = { type: 'string', maxLength, ...(itemPattern ? { pattern: itemPattern.source } : {}) };
  return field(options, { type: 'array', items, maxItems }, [
    IsArray(),
    ArrayMaxSize(maxItems),
    IsString({ each: true }),
    MaxLength(maxLength, { each: true }),
  ]);
}

export function EnumField<T extends string>(values: readonly T[], options: FieldOptions = {}): PropertyDecorator {
  return field(options, { type: 'string', enum: [...values] }, [IsIn(values)]);
}

export function BooleanField(options: FieldOptions = {}): PropertyDecorator {
  return field(options, { type: 'boolean' }, [IsBoolean()]);
}

export function UuidField(options: FieldOptions = {}): PropertyDecorator {
  return field(options, { type: 'string', format: 'uuid' }, [IsUUID()]);
}

/**
 * An object of the DTO class `type`, validated field by field with that
 * class's own decorators (unknown fields inside it are refused too).
 */
export function NestedField(type: () => new () => object, options: FieldOptions = {}): PropertyDecorator {
  // A property named `type` holding an arrow is how @nestjs/swagger recognises a lazy type (it checks the function's name).
  return field(options, { type: () => type() }, [IsObject(), ValidateNested(), Type(type)]);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/;

/**
 * An RFC 3339 date-time (OpenAPI's `format: date-time`) as an instant, or null
 * if it is not one: a real calendar date, hours to 23, minutes to 59, a leap
 * second (:60) read as the last moment of its minute.
 */
export function parseDateTime(value: string): Date | null {
  const m = RFC3339.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeapYear(year) ? 1 : 0);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 60) return null;
  if (m[10] !== undefined && (Number(m[10]) > 23 || Number(m[11]) > 59)) return null;
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, Math.min(second, 59), second === 60 ? 999 : Math.floor(Number(m[7] ?? 0) * 1000));
  const offsetMinutes = m[9] ? (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11])) : 0;
  return new Date(utc.getTime() - offsetMinutes * 60_000);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The instants Postgres and Prisma both handle: years 0000 to 9999. */
const MIN_INSTANT = new Date('0000-01-01T00:00:00.000Z').getTime();
const MAX_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * A validated date-time field's value as an instant for a range query; one
 * beyond years 0000–9999 (possible with an offset) is moved to that edge,
 * which selects the same rows.
 */
export function instantOf(value: string): Date {
  const time = parseDateTime(value)?.getTime() ?? Number.NaN;
  if (Number.isNaN(time)) throw new Error(`not a validated date-time: ${value}`);
  return new Date(Math.min(Math.max(time, MIN_INSTANT), MAX_INSTANT));
}

/** An RFC 3339 timestamp, exactly as OpenAPI's `format: date-time` defines it; read it with instantOf(). */
export function DateTimeField(options: FieldOptions = {}): PropertyDecorator {
  return field(options, { type: 'string', format: 'date-time' }, [
    ValidateBy({
      name: 'isRfc3339DateTime',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseDateTime(value) !== null,
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'value'} must be an RFC 3339 date-time`,
      },
    }),
  ]);
}

/** An email address, compared case-insensitively (trimmed and lowercased before validation). */
export function EmailField(options: FieldOptions & { normalise: (value: string) => string }): PropertyDecorator {
  return field(options, { type: 'string', format: 'email', maxLength: 254 }, [
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? options.normalise(value) : value)),
    IsEmail(),
    MaxLength(254),
  ]);
}
