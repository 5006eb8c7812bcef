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

/** How deep a body may nest objects and arrays: far past any real one, far short of a stack. */
export const MAX_DEPTH = 64;

type Problem = { at: string; keyword: string; message: string };

/** A text no database text can store: a NUL, or half of a surrogate pair (stored as U+FFFD otherwise). */
function badText(text: string): string | undefined {
  if (text.includes(NUL)) return 'holds a NUL character (U+0000), which no text can store';
  if (!text.isWellFormed()) return 'holds a lone surrogate (half of a UTF-16 pair), which is not a character';
  return undefined;
}

/**
 * The first text or key of `value` that no text column can store, or the first place it nests
 * deeper than MAX_DEPTH, as a JSON pointer. Walked with a stack of its own, so a body of 100,000
 * nested arrays is refused rather than overflowing the call stack. `known` limits the top level
 * to the parameters a route reads.
 */
function problemIn(value: unknown, known?: Set<string>): Problem | undefined {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item.value === 'string') {
      const message = badText(item.value);
      if (message) return { at: item.path, keyword: 'text', message };
      continue;
    }
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= MAX_DEPTH)
      return { at: item.path, keyword: 'depth', message: `nests deeper than ${MAX_DEPTH} levels` };
    const entries = Object.entries(item.value);
    for (let index = entries.length - 1; index >= 0; index--) {
      const [key, child] = entries[index]!;
      if (item.depth === 0 && known && !known.has(key)) continue;
      const here = `${item.path}/${key.replaceAll(NUL, '\\u0000')}`;
      const message = badText(key);
      if (message) return { at: here, keyword: 'text', message };
      stack.push({ value: child, path: here, depth: item.depth + 1 });
    }
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
    const problem = problemIn(data, known);
    checked.errors = problem
      ? [{ keyword: problem.keyword, instancePath: problem.at, params: {}, message: problem.message }]
      : null;
    return problem === undefined;
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
