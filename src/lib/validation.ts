import { Ajv, type ErrorObject } from 'ajv';
import formatsPlugin from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * Bodies are checked strictly (no coercion, unknown fields refused); query strings and path
 * parameters arrive as text and are coerced. Unknown query parameters are ignored, as Edlink
 * clients send some (`limit`).
 */
function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({ coerceTypes: coerce ? 'array' : false, useDefaults: true, removeAdditional: false, allErrors: false, strict: false });
  (formatsPlugin as unknown as (instance: Ajv) => Ajv)(ajv);
  return ajv;
}

const strict = makeAjv(false);
const coercing = makeAjv(true);

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? strict : coercing;
  return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;
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
