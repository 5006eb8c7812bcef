import { type TSchema, Type } from 'typebox';

/** `{ $data, $request, $next?, $warnings? }`: the answer of every `/api` route. */
export type Warning = { code: string; message: string };

export type Envelope<T> = { $data: T; $request: string; $next?: string; $warnings?: Warning[] };

export function envelope<T>(
  request: { id: string },
  data: T,
  extra: { next?: string | undefined; warnings?: Warning[] } = {},
): Envelope<T> {
  const body: Envelope<T> = { $data: data, $request: request.id };
  if (extra.next) body.$next = extra.next;
  if (extra.warnings && extra.warnings.length > 0) body.$warnings = extra.warnings;
  return body;
}

const WarningSchema = Type.Object({ code: Type.String(), message: Type.String() });

/** The response schema of a route answering `data` in the envelope. */
export function Enveloped<T extends TSchema>(data: T) {
  return Type.Object({
    $data: data,
    $request: Type.String({ format: 'uuid' }),
    $next: Type.Optional(
      Type.String({ description: 'Absolute URL of the next page, present only when there is one.' }),
    ),
    $warnings: Type.Optional(Type.Array(WarningSchema)),
  });
}

export const ErrorEnvelope = Type.Object({
  $errors: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
  $request: Type.String(),
});
