import { Type } from 'typebox';
import { DateTime, Nullable, StringEnum, Uuid } from '../lib/schema.ts';

const Issue = Type.Object({
  file: Nullable(Type.String()),
  line: Nullable(Type.Integer()),
  column: Nullable(Type.String()),
  message: Type.String({ description: 'The whole problem in one line: `users.csv line 12, column role: …`.' }),
  count: Type.Integer({ description: 'How many rows have this problem; `line` is the first.' }),
});

const Changes = Type.Object({ created: Type.Integer(), updated: Type.Integer(), deleted: Type.Integer() });

export const Import = Type.Object({
  id: Uuid,
  source_id: Uuid,
  state: StringEnum(['running', 'succeeded', 'failed']),
  mode: Nullable(StringEnum(['bulk', 'delta'])),
  version: Nullable(Type.String({ description: 'OneRoster version of the export: 1.1 or 1.2.' })),
  files: Type.Record(Type.String(), Type.Object({ mode: StringEnum(['bulk', 'delta']), rows: Type.Integer() }), {
    description: 'Rows read, per file.',
  }),
  changes: Type.Record(Type.String(), Changes, {
    description: 'Records created, updated and deleted, per kind (people, classes …).',
  }),
  warning_count: Type.Integer(),
  warnings: Type.Array(Issue, {
    description: 'Deviations tolerated; at most 100 kinds are kept, `warning_count` is exact.',
  }),
  error_count: Type.Integer(),
  errors: Type.Array(Issue, {
    description: 'Why the import was refused; at most 100 are kept, `error_count` is exact.',
  }),
  started_date: DateTime,
  finished_date: Nullable(DateTime),
  duration_ms: Nullable(Type.Integer()),
});

export const ImportParams = Type.Object({ source_id: Uuid, import_id: Uuid });

export const UploadQuery = Type.Object({
  allow_removals: Type.Optional(
    Type.Boolean({
      description:
        "Apply a bulk import even when it removes more of a kind's records than the source's `max_removal_percent` " +
        '(default 50). A multipart upload may send it as a field before the file instead.',
    }),
  ),
});

/** A refused import: each error names the import, recorded in the history with all its errors. */
export const ImportRefused = Type.Object({
  $errors: Type.Array(Type.Object({ code: Type.Literal('IMPORT_REFUSED'), message: Type.String(), import_id: Uuid })),
  $request: Type.String(),
});

/**
 * The multipart body, for the API document. It declares no type: the upload is streamed by the
 * route, not parsed into a body, so there is nothing for the validator to check.
 */
export const UploadBody = Type.Unsafe<unknown>({
  properties: {
    file: {
      type: 'string',
      format: 'binary',
      description: 'A .zip of the OneRoster CSV files, manifest.csv included.',
    },
  },
});
