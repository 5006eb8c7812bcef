import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { CsvFile } from '../../src/demo/csv-file.ts';
import { type GenerateResult, generateOneRoster, PRESETS } from '../../src/demo/generator.ts';
import { FILES } from '../../src/roster-import/spec.ts';

const root = mkdtempSync(join(tmpdir(), 'gatehouse-generator-'));
after(() => rmSync(root, { recursive: true, force: true }));

type Row = Record<string, string>;
const read = (dir: string, file: string): Row[] => parse(readFileSync(join(dir, `${file}.csv`)), { columns: true });
const list = (value: string | undefined) => (value ? value.split(',') : []);
const files = (dir: string) =>
  Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name))]));

// OneRoster 1.1 vocabularies.
const USER_ROLES = ['administrator', 'aide', 'guardian', 'parent', 'proctor', 'relative', 'student', 'teacher'];
const ENROLLMENT_ROLES = ['administrator', 'proctor', 'student', 'teacher'];
const GRADES = [
  'IT',
  'PR',
  'PK',
  'TK',
  'KG',
  ...Array.from({ length: 13 }, (_, i) => String(i + 1).padStart(2, '0')),
  'PS',
  'UG',
  'Other',
];
const SESSION_TYPES = ['gradingPeriod', 'semester', 'schoolYear', 'term'];

describe('seeded OneRoster generator', () => {
  test('the same seed gives byte-identical files, another seed different ones', async () => {
    const [first, second, other] = ['a', 'b', 'c'].map((name) => join(root, name));
    await generateOneRoster(first!, { seed: 'alpha', ...PRESETS.demo });
    await generateOneRoster(second!, { seed: 'alpha', ...PRESETS.demo });
    await generateOneRoster(other!, { seed: 'beta', ...PRESETS.demo });
    const expected = files(first!);
    assert.deepEqual(Object.keys(expected).sort(), [
      'academicSessions.csv',
      'classes.csv',
      'courses.csv',
      'demographics.csv',
      'enrollments.csv',
      'manifest.csv',
      'orgs.csv',
      'users.csv',
    ]);
    assert.deepEqual(files(second!), expected);
    const changed = files(other!);
    for (const name of ['orgs.csv', 'users.csv', 'classes.csv', 'enrollments.csv'])
      assert.notDeepEqual(changed[name], expected[name], name);
  });

  test('rejects sizes that are not whole numbers', async () => {
    await assert.rejects(
      generateOneRoster(join(root, 'bad'), { seed: 1, schools: 0, studentsPerSchool: 10 }),
      /schools must be an integer/,
    );
    await assert.rejects(
      generateOneRoster(join(root, 'bad'), { seed: 1, schools: 2, studentsPerSchool: 1.5 }),
      /studentsPerSchool/,
    );
  });

  const sets = {
    'the demo preset': { seed: 7, ...PRESETS.demo, classSize: 25 },
    'several sections per grade': { seed: 8, schools: 5, studentsPerSchool: 45, classSize: 10 },
  };
  for (const [name, options] of Object.entries(sets))
    describe(name, () => {
      const dir = join(root, name);
      let result: GenerateResult;
      let data: Record<string, Row[]>;
      before(async () => {
        result = await generateOneRoster(dir, options);
        data = Object.fromEntries(Object.keys(result.counts).map((file) => [file, read(dir, file)]));
      });
      const byId = (file: string) => new Map(data[file]!.map((row) => [row.sourcedId!, row]));

      test('declares a bulk OneRoster 1.1 set in its manifest', () => {
        const manifest = new Map(read(dir, 'manifest').map((row) => [row.propertyName, row.value]));
        assert.equal(manifest.get('oneroster.version'), '1.1');
        for (const file of Object.keys(result.counts)) assert.equal(manifest.get(`file.${file}`), 'bulk', file);
        assert.equal(manifest.get('file.results'), 'absent');
      });

      test('has the counts the options ask for, and reports them', () => {
        for (const [file, rows] of Object.entries(data))
          assert.equal(rows.length, result.counts[file as keyof typeof result.counts], file);
        assert.equal(data.orgs!.length, options.schools + 1);
        assert.equal(result.roles.student, options.schools * options.studentsPerSchool);
        assert.equal(data.users!.filter((user) => user.role === 'student').length, result.roles.student);
        assert.equal(data.demographics!.length, result.roles.student);
        for (const row of data.academicSessions!) assert.match(row.schoolYear!, /^\d{4}$/);
      });

      test('every id is unique and every value is from the 1.1 vocabularies', () => {
        const ids = Object.entries(data).flatMap(([file, rows]) =>
          file === 'demographics' ? [] : rows.map((row) => row.sourcedId),
        );
        assert.equal(new Set(ids).size, ids.length);
        assert.equal(new Set(data.users!.map((user) => user.username)).size, data.users!.length);
        for (const user of data.users!) {
          assert.ok(USER_ROLES.includes(user.role!), user.role);
          for (const grade of list(user.grades)) assert.ok(GRADES.includes(grade), grade);
          assert.equal(user.status, '', 'bulk rows leave status empty');
        }
        for (const row of [...data.classes!, ...data.courses!])
          for (const grade of list(row.grades)) assert.ok(GRADES.includes(grade), grade);
        for (const session of data.academicSessions!) assert.ok(SESSION_TYPES.includes(session.type!));
        for (const row of data.enrollments!) assert.ok(ENROLLMENT_ROLES.includes(row.role!));
        for (const row of data.classes!) assert.ok(['homeroom', 'scheduled'].includes(row.classType!));
      });

      test('every reference resolves', () => {
        const orgs = byId('orgs');
        const sessions = byId('academicSessions');
        const courses = byId('courses');
        const classes = byId('classes');
        const users = byId('users');
        const schoolIds = new Set(data.orgs!.filter((org) => org.type === 'school').map((org) => org.sourcedId));
        for (const org of data.orgs!)
          if (org.parentSourcedId) assert.equal(orgs.get(org.parentSourcedId)?.type, 'district');
        for (const session of data.academicSessions!)
          if (session.parentSourcedId) assert.ok(sessions.has(session.parentSourcedId));
        for (const course of data.courses!) {
          assert.ok(orgs.has(course.orgSourcedId!));
          assert.equal(sessions.get(course.schoolYearSourcedId!)?.type, 'schoolYear');
        }
        for (const row of data.classes!) {
          assert.ok(courses.has(row.courseSourcedId!));
          assert.ok(schoolIds.has(row.schoolSourcedId));
          for (const term of list(row.termSourcedIds)) assert.ok(sessions.has(term));
        }
        for (const user of data.users!) for (const org of list(user.orgSourcedIds)) assert.ok(orgs.has(org));
        for (const row of data.enrollments!) {
          assert.equal(classes.get(row.classSourcedId!)?.schoolSourcedId, row.schoolSourcedId);
          assert.equal(users.get(row.userSourcedId!)?.role, row.role);
        }
        for (const row of data.demographics!) assert.equal(users.get(row.sourcedId!)?.role, 'student');
      });

      test('links students and guardians both ways through agentSourcedIds', () => {
        const users = byId('users');
        for (const user of data.users!) {
          const agents = list(user.agentSourcedIds);
          if (user.role === 'student') assert.ok(agents.length >= 1, 'every student has a guardian');
          for (const id of agents) {
            const other = users.get(id);
            assert.ok(other, `agent ${id} of ${user.sourcedId}`);
            assert.equal(user.role === 'student', ['parent', 'guardian'].includes(other.role!));
            assert.ok(list(other.agentSourcedIds).includes(user.sourcedId!));
          }
        }
      });

      test('enrolls each student once per subject of their grade, in classes no larger than asked', () => {
        const classes = byId('classes');
        const courses = byId('courses');
        const seen = new Set<string>();
        const sizes = new Map<string, number>();
        for (const row of data.enrollments!.filter((enrollment) => enrollment.role === 'student')) {
          const course = courses.get(classes.get(row.classSourcedId!)!.courseSourcedId!)!;
          const key = `${row.userSourcedId}/${course.sourcedId}`;
          assert.ok(!seen.has(key), `twice in ${course.title}`);
          seen.add(key);
          sizes.set(row.classSourcedId!, (sizes.get(row.classSourcedId!) ?? 0) + 1);
        }
        assert.ok(Math.max(...sizes.values()) <= options.classSize);
        const enrolled = new Set(data.enrollments!.map((row) => row.userSourcedId));
        for (const user of data.users!)
          if (user.role === 'student') assert.ok(enrolled.has(user.sourcedId), 'every student is enrolled');
        const leads = data
          .enrollments!.filter((enrollment) => enrollment.primary === 'true')
          .map((enrollment) => enrollment.classSourcedId);
        assert.deepEqual(
          leads.sort(),
          data.classes!.map((row) => row.sourcedId).sort(),
          'one primary teacher in every class',
        );
      });
    });
});

test("a file's columns are the importer's: another is refused, an empty file has the required ones", async () => {
  const spec = FILES.find((file) => file.name === 'orgs')!;
  const wrong = new CsvFile(join(root, 'wrong.csv'), spec);
  await assert.rejects(wrong.write({ sourcedId: 'o1', colour: 'red' }), /orgs\.csv has no column colour/);
  await wrong.close();
  const empty = new CsvFile(join(root, 'empty.csv'), spec);
  await empty.close();
  assert.equal(readFileSync(join(root, 'empty.csv'), 'utf8'), `${spec.required['1.1'].join(',')}\r\n`);
});
