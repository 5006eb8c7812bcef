import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import ts from 'typescript';
import { createTestApp, type TestApp } from '../helpers/app.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Tables that libraries keep for themselves. */
const LIBRARY_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

type Columns = Record<string, Record<string, 'null' | 'not null'>>;

/** The tables and columns `Schema` declares, and whether each column reads as possibly null. */
function declared(): Columns {
  const config = ts.getParsedCommandLineOfConfigFile(
    `${ROOT}tsconfig.json`,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => assert.fail(String(diagnostic.messageText)),
    },
  );
  const program = ts.createProgram([`${ROOT}src/db/schema.ts`], config!.options);
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(`${ROOT}src/db/schema.ts`)!;
  const alias = file.statements.find(
    (statement): statement is ts.TypeAliasDeclaration =>
      ts.isTypeAliasDeclaration(statement) && statement.name.text === 'Schema',
  )!;
  const schema = checker.getTypeAtLocation(alias.name);
  const typeOf = (symbol: ts.Symbol) => checker.getTypeOfSymbolAtLocation(symbol, alias);
  const tables: Columns = {};
  for (const table of schema.getProperties()) {
    tables[table.name] = {};
    for (const column of typeOf(table).getProperties()) {
      const type = typeOf(column);
      // Generated<T>, JSONColumnType<T> and the like: what a select reads is their `__select__`.
      const selected = type.getProperty('__select__');
      const read = selected ? typeOf(selected) : type;
      const nullable = read.isUnion() ? read.types.some((part) => part.flags & ts.TypeFlags.Null) : false;
      tables[table.name]![column.name] = nullable || read.flags & ts.TypeFlags.Null ? 'null' : 'not null';
    }
  }
  return tables;
}

describe('table types', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('every table the migrations make is declared with exactly its columns and their nullability', async () => {
    const { rows } = await sql<{ table: string; column: string; nullable: string }>`
      select table_name as table, column_name as column, is_nullable as nullable from information_schema.columns
      where table_schema = current_schema() order by table_name, column_name`.execute(t.ctx.db);
    const migrated: Columns = {};
    for (const row of rows) {
      if (LIBRARY_TABLES.has(row.table)) continue;
      migrated[row.table] ??= {};
      migrated[row.table]![row.column] = row.nullable === 'YES' ? 'null' : 'not null';
    }
    const types = declared();
    const differences = [...new Set([...Object.keys(types), ...Object.keys(migrated)])].flatMap((table) => {
      const columns = [...new Set([...Object.keys(types[table] ?? {}), ...Object.keys(migrated[table] ?? {})])];
      return columns
        .filter((column) => types[table]?.[column] !== migrated[table]?.[column])
        .map(
          (column) => `${table}.${column}: declared ${types[table]?.[column]}, migrated ${migrated[table]?.[column]}`,
        );
    });
    assert.deepEqual(differences, []);
  });
});
