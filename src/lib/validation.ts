import { Ajv, type ErrorObject } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import type { FastifySchemaCompiler } from 'fastify';
import { isCalendarDay } from './dates.ts';

/**
 * Bodies are checked strictly (no coercion, unknown fields refused); query strings and path
 * parameters arrive as text and are coerced. Unknown query parameters are ignored, as Edlink
 * clients send some (`limit`).
 */
function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    coerceTypes: coerce ? 'array' : false,
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    strict: false,
  });
  (formatsPlugin as unknown as (instance: Ajv) => Ajv)(ajv);
  // RFC 3339 allows a leap second (23:59:60), which a JavaScript date cannot hold, and the year
  // 0000, which PostgreSQL has not.
  const rfc3339 = (fullFormats['date-time'] as { validate: (value: string) => boolean }).validate;
  ajv.addFormat(
    'date-time',
    (value: string) => rfc3339(value) && isCalendarDay(value) && !Number.isNaN(Date.parse(value)),
  );
  return ajv;
}

const strict = makeAjv(false);
const coercing = makeAjv(true);

const NUL = '\u0000';

/**
 * The JSON pointer of the first string (or key) of `value` holding a NUL character, which no
 * PostgreSQL text can store. `known` limits the top level to the parameters a route reads.
 */
function nulAt(value: unknown, path = '', known?: Set<string>): string | undefined {
  if (typeof value === 'string') return value.includes(NUL) ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (known && !known.has(key)) continue;
    const here = `${path}/${key.replaceAll(NUL, '\\u0000')}`;
    if (key.includes(NUL)) return here;
    const found = nulAt(item, here);
    if (found !== undefined) return found;
  }
  return undefined;
}

type Validate = ((data: unknown) => boolean) & { errors?: Partial<ErrorObject>[] | null };

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? strict : coercing;
  const validate = ajv.compile(schema as object);
  const properties = (schema as { properties?: object }).properties;
  // Unknown query parameters are ignored, so only the declared ones are checked.
  const known = httpPart !== 'body' && properties ? new Set(Object.keys(properties)) : undefined;
  const checked: Validate = (data) => {
    if (!validate(data)) {
      checked.errors = validate.errors;
      return false;
    }
    const at = nulAt(data, '', known);
    checked.errors =
      at === undefined
        ? null
        : [
            {
              keyword: 'nul',
              instancePath: at,
              params: {},
              message: 'holds a NUL character (U+0000), which no text can store',
            },
          ];
    return at === undefined;
  };
  return checked as ReturnType<FastifySchemaCompiler<unknown>>;
};

/** One sentence naming the field and what is wrong with it. */
export function describeValidation(part: string, errors: ErrorObject[]): string {
  const error = errors[0];
  if (!error) return `${part} is invalid`;
  const path = `${part}${error.instancePath.replaceAll('/', '.')}`;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${path} has an unknown field '${(error.params as { additionalProperty: string }).additionalProperty}'`;
    case 'required':
      return `${path} is missing the required field '${(error.params as { missingProperty: string }).missingProperty}'`;
    case 'enum':
      return `${path} must be one of: ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    default:
      return `${path} ${error.message ?? 'is invalid'}`;
  }
}
