import assert from 'node:assert/strict';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { describe, test } from 'node:test';
import yazl from 'yazl';
import { MAX_RECORD, readCsv } from '../../src/roster-import/csv.ts';
import { checkHeader } from '../../src/roster-import/headers.ts';
import { Issues, STORED_ISSUES } from '../../src/roster-import/issues.ts';
import { Header, Row } from '../../src/roster-import/mapping/row.ts';
import { bool, grades, role, status } from '../../src/roster-import/mapping/values.ts';
import { openExport, UnreadableExport } from '../../src/roster-import/read.ts';
import { fileSpec } from '../../src/roster-import/spec.ts';
import { tempDir } from '../helpers/roster.ts';

async function rows(text: string | Buffer) {
  const found = [];
  for await (const row of readCsv(Readable.from([Buffer.from(text)]), () => {})) found.push(row);
  return found;
}

function row(values: Record<string, string>, issues = new Issues()) {
  return new Row('users.csv', 12, new Header(Object.keys(values), Object.keys(values)), Object.values(values), issues);
}

describe('reading OneRoster CSV', () => {
  test('a BOM, CRLF, LF and CR endings in one file, and quoted fields with separators and line breaks', async () => {
    const found = await rows('\uFEFFsourcedId,title\r\na,"x, y"\nb,"two\r\nlines"\rc,plain\r\n\r\nd,"say ""hi"""');
    assert.deepEqual(
      found.map((entry) => [entry.line, ...entry.cells]),
      [
        [1, 'sourcedId', 'title'],
        [2, 'a', 'x, y'],
        [3, 'b', 'two\r\nlines'],
        [5, 'c', 'plain'],
        [7, 'd', 'say "hi"'],
      ],
    );
  });

  test('a broken quote stops the file with its line; an unclosed one does not swallow the file', async () => {
    await assert.rejects(rows('a,b\n1,2\n3,"x"y\n'), (error: Error & { line: number }) => error.line === 3);
    const unclosed = `a,b\n1,"never closed\n${'2,3\n'.repeat(MAX_RECORD / 2)}`;
    await assert.rejects(
      rows(unclosed),
      (error: Error & { line: number }) => error.line === 2 && /record|field|size|quote/i.test(error.message),
    );
  });

  test('a folder and a zip (in a sub-folder) give the same entries; not-a-zip, a missing path: one line', async () => {
    const folder = tempDir();
    writeFileSync(join(folder, 'orgs.csv'), 'sourcedId\r\n1\r\n');
    writeFileSync(join(folder, 'notes.txt'), 'not read');
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from('sourcedId\r\n1\r\n'), 'export/orgs.csv');
    zip.addBuffer(Buffer.from('x'), '__MACOSX/export/._orgs.csv');
    zip.end();
    const zipPath = join(folder, 'export.zip');
    await finished(zip.outputStream.pipe(createWriteStream(zipPath)));
    for (const path of [folder, zipPath]) {
      const archive = await openExport(path);
      assert.deepEqual(
        archive.entries.map((entry) => [entry.name, entry.size]),
        [['orgs.csv', 14]],
      );
      const text = await (await archive.entries[0]?.open())?.toArray();
      assert.equal(Buffer.concat(text as Buffer[]).toString(), 'sourcedId\r\n1\r\n');
      archive.close();
    }
    writeFileSync(join(folder, 'fake.zip'), 'this is no zip');
    await assert.rejects(
      openExport(join(folder, 'fake.zip')),
      (error) => error instanceof UnreadableExport && /fake\.zip: not a zip archive/.test(error.message),
    );
    await assert.rejects(openExport(join(folder, 'nothing-here')), /no such file or folder/);
    mkdirSync(join(folder, 'empty'));
    assert.deepEqual((await openExport(join(folder, 'empty'))).entries, []);
  });
});

describe('checking headers', () => {
  const users = fileSpec('users')!;
  const roles = fileSpec('userProfiles')!;

  test('misspelt and empty header cells are errors that name them; other case and unknown columns are warnings', () => {
    const issues = new Issues();
    const header = [
      'sourcedId',
      'status',
      'dateLastModified',
      'enabledUser',
      'username',
      'givenName',
      'familyName',
      'identifier',
      'prefferedGivenName',
      'Email',
      'shoeSize',
      '',
    ];
    const names = checkHeader('users.csv', users, '1.2', header, issues);
    assert.equal(names[9], 'email');
    assert.deepEqual(
      issues.errors.map((issue) => issue.message),
      [
        "users.csv line 1, column prefferedGivenName: 'prefferedGivenName' is not a OneRoster column; " +
          "did you mean 'preferredGivenName'?",
        'users.csv line 1: header cell 12 is empty; every column needs a name',
      ],
    );
    assert.deepEqual(
      issues.warnings.map((issue) => issue.message),
      [
        "users.csv line 1, column Email: read as 'email' (column names are case-sensitive)",
        "users.csv line 1, column shoeSize: 'shoeSize' is not a OneRoster 1.2 column of users.csv; " +
          'its values are kept in properties',
      ],
    );
  });

  test("a file carrying another file's header is refused with a hint", () => {
    const issues = new Issues();
    checkHeader(
      'userprofiles.csv',
      roles,
      '1.2',
      ['sourcedId', 'status', 'dateLastModified', 'userSourcedId', 'roleType', 'role', 'orgSourcedId'],
      issues,
    );
    assert.match(
      issues.errors[0]?.message ?? '',
      new RegExp(
        /userprofiles\.csv line 1: the header misses the required columns /.source +
          /profileType, vendorId, credentialType, username \(this is the header of roles\.csv\)/.source,
      ),
    );
  });
});

describe('mapping values', () => {
  test('roles map to the Edlink enum; an unknown role is an error naming file, line and column', () => {
    const issues = new Issues();
    assert.equal(role(row({ role: 'proctor' }, issues), 'role'), 'teacher');
    assert.equal(role(row({ role: 'relative' }, issues), 'role'), 'guardian');
    assert.equal(role(row({ role: 'districtAdministrator' }, issues), 'role'), 'district-administrator');
    assert.equal(role(row({ role: 'Teacher' }, issues), 'role'), 'teacher');
    assert.equal(role(row({ role: 'wizard' }, issues), 'role'), null);
    assert.deepEqual(
      issues.errors.map((issue) => issue.message),
      ["users.csv line 12, column role: 'wizard' is not a OneRoster role"],
    );
    assert.equal(issues.warningCount, 1);
  });

  test("a status OneRoster does not have ('inactive') is a warning naming the export's version", () => {
    for (const version of ['1.1', '1.2']) {
      const issues = new Issues();
      assert.equal(status(row({ sourcedId: 'u1', status: 'inactive' }, issues), version), 'inactive');
      assert.deepEqual(
        issues.warnings.map((warning) => warning.message),
        [
          `users.csv line 12, column status: 'inactive' is not a OneRoster ${version} status; ` +
            'the record is kept, marked inactive',
        ],
      );
    }
  });

  test('grades normalise to CEDS codes', () => {
    const issues = new Issues();
    assert.deepEqual(grades(row({ grades: '9, 10,K,Kindergarten,PK,13,Adult' }, issues), 'grades'), [
      '09',
      '10',
      'KG',
      'PK',
      '13',
      'Other',
    ]);
    assert.equal(
      issues.warnings[0]?.message,
      "users.csv line 12, column grades: 'Adult' is not a CEDS grade level; read as Other",
    );
  });

  test('booleans: true/false, TRUE with a warning, anything else an error', () => {
    const issues = new Issues();
    assert.equal(bool(row({ primary: 'true' }, issues), 'primary'), true);
    assert.equal(bool(row({ primary: 'FALSE' }, issues), 'primary'), false);
    assert.equal(bool(row({ primary: '' }, issues), 'primary'), null);
    assert.equal(bool(row({ primary: 'yes' }, issues), 'primary'), null);
    assert.equal(issues.warningCount, 1);
    assert.equal(issues.errorCount, 1);
  });

  test('repeated warnings are kept once with a count; the stored lists are capped, the totals are not', () => {
    const issues = new Issues();
    for (let line = 2; line < 5002; line += 1)
      issues.warn({ file: 'users.csv', line, column: 'enabledUser' }, "'TRUE' read as true", 'case');
    assert.equal(issues.warnings.length, 1);
    assert.equal(
      issues.warnings[0]?.message,
      "users.csv line 2 and 4999 more, column enabledUser: 'TRUE' read as true",
    );
    for (let line = 2; line < 1002; line += 1) issues.error({ file: 'users.csv', line }, 'bad');
    assert.equal(issues.errors.length, STORED_ISSUES);
    assert.equal(issues.errorCount, 1000);
  });
});
