import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { recordId } from '../../src/graph/ids.ts';
import { runImport } from '../../src/roster-import/service.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildGraph } from '../helpers/graph.ts';
import { buildSource, copySet, countGraph, dumpGraph, editCsv, shared, sharedSkip } from '../helpers/roster.ts';

const MOODLE = 'moodle-enrol-oneroster-fixtures';
const messages = (issues: Array<{ message: string }>) => issues.map((issue) => issue.message).join('\n');

describe('importing real OneRoster exports', { skip: sharedSkip }, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  test('gospelnerd district-large: every record, a student, a teacher enrollment, the district links', async () => {
    const { sourceId } = await buildSource(t);
    const summary = await runImport(t.ctx, sourceId, shared('gospelnerd-generator-district-large'));
    assert.equal(summary.state, 'succeeded', messages(summary.errors));
    assert.equal(summary.version, '1.1');
    assert.deepEqual(await countGraph(t, sourceId), {
      districts: 1,
      schools: 20,
      sessions: 2,
      courses: 91,
      classes: 1470,
      sections: 0,
      people: 4441,
      enrollments: 31045,
      agents: 0,
    });
    assert.equal(summary.files['enrollments.csv']?.rows, 31045);
    assert.match(
      messages(summary.warnings),
      /academicSessions\.csv line 2 and 1 more, column schoolYear: '2026-2027' is not a four-digit year; read as 2027/,
    );
    assert.match(
      messages(summary.warnings),
      /users\.csv line 2 and 4440 more: status and dateLastModified are filled in a bulk file/,
    );

    const id = (kind: Parameters<typeof recordId>[1], sourced: string) => recordId(sourceId, kind, sourced);
    const district = id('districts', 'd195616c-35a8-4627-b65f-7e957c43d585');
    const school = id('schools', '7212f321-f65b-49c0-9440-cff3bd8a98a9');
    const omar = await t.ctx.db
      .selectFrom('people')
      .selectAll()
      .where('id', '=', id('people', '761ec6dc-2c5a-4085-a013-d3fa3a5a6139'))
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      {
        first: omar.first_name,
        last: omar.last_name,
        roles: omar.roles,
        grades: omar.grade_levels,
        schools: omar.school_ids,
        district: omar.district_id,
      },
      { first: 'Omar', last: 'Oddbody', roles: ['student'], grades: ['KG'], schools: [school], district },
    );
    assert.equal(omar.email, 'omar.oddbody@sunflowervalleyindepende.edu');
    assert.deepEqual(omar.identifiers, [
      { type: 'oneroster_id', value: '761ec6dc-2c5a-4085-a013-d3fa3a5a6139' },
      { type: 'sis_id', value: '910000000' },
      { type: 'username', value: 'omar.oddbody' },
    ]);
    assert.deepEqual(
      { ...omar.demographics },
      {
        birthday: '2021-05-05',
        gender: 'female',
        residence_status: null,
        english_language_learner: null,
        country_of_birth: 'US',
        state_of_birth: 'CO',
        city_of_birth: 'Lakeside',
        hispanic_or_latino_ethnicity: false,
        races: ['asian'],
        homeless: null,
        disability: null,
        gifted_talented: null,
        food_service_program_eligibility: null,
        economically_disadvantaged: null,
        migrant: null,
        public_assistance: null,
        rural_residency: null,
        individualized_education_plan: null,
      },
    );
    const teaching = await t.ctx.db
      .selectFrom('enrollments')
      .selectAll()
      .where('id', '=', id('enrollments', '93296526-8c0b-4abb-9cf6-8f5bafc5dce6'))
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      {
        role: teaching.role,
        primary: teaching.primary,
        start: teaching.start_date,
        end: teaching.end_date,
        person: teaching.person_id,
        klass: teaching.class_id,
      },
      {
        role: 'teacher',
        primary: true,
        start: '2026-08-15',
        end: '2027-06-10',
        person: id('people', '193d3c12-189f-4e59-a612-208fc2c3c448'),
        klass: id('classes', 'a92ad47c-2a8d-4a20-b925-06b9f9d18b98'),
      },
    );
    const homeroom = await t.ctx.db
      .selectFrom('classes')
      .selectAll()
      .where('id', '=', teaching.class_id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      {
        school: homeroom.school_id,
        course: homeroom.course_id,
        sessions: homeroom.session_ids,
        grades: homeroom.grade_levels,
        type: homeroom.properties.class_type,
      },
      {
        school,
        course: id('courses', '04f32c98-7fe4-407e-bfd9-58304edab5c0'),
        sessions: [id('sessions', '24eda641-432b-4aa4-8c83-42b6d1cbf863')],
        grades: ['KG'],
        type: 'homeroom',
      },
    );
    const year = await t.ctx.db
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', id('sessions', 'f5e84467-cd07-4d18-9820-88ccf461275d'))
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      { type: year.type, district: year.district_id, year: year.properties.school_year },
      { type: 'school_year', district, year: 2027 },
    );
    const english = await t.ctx.db
      .selectFrom('courses')
      .selectAll()
      .where('id', '=', id('courses', 'c0bcb861-1e5a-46ff-b5e3-fd7ce0668585'))
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      {
        code: english.code,
        subjects: english.subjects,
        grades: english.grade_levels,
        district: english.district_id,
        school: english.school_id,
        year: english.session_id,
      },
      { code: '0191100', subjects: ['CEDS.01'], grades: ['KG'], district, school: null, year: year.id },
    );
    const schools = await t.ctx.db
      .selectFrom('schools')
      .select('district_id')
      .distinct()
      .where('source_id', '=', sourceId)
      .execute();
    assert.deepEqual(schools, [{ district_id: district }]);
  });

  test('moodle v1p1-full imports with the warnings its deviations deserve; agents are oriented by role', async () => {
    const { sourceId } = await buildSource(t);
    const summary = await runImport(t.ctx, sourceId, shared(`${MOODLE}/v1p1-full`));
    assert.equal(summary.state, 'succeeded', messages(summary.errors));
    const warnings = messages(summary.warnings);
    assert.match(warnings, /users\.csv line 2 and 5 more, column enabledUser: 'TRUE' read as true/);
    assert.match(
      warnings,
      /academicSessions\.csv line 4, column status: 'inactive' is not a OneRoster 1\.1 status; the record is kept/,
    );
    assert.match(
      warnings,
      new RegExp(
        /classes\.csv line 2, column courseSourcedId: 'crs-222-2023-456-12345' is not a course /.source +
          /.* \(the export has no file\.courses\)/.source,
      ),
    );
    assert.match(warnings, /orgs\.csv line 2, column type: org type 'department' is stored as a school/);
    assert.match(
      warnings,
      new RegExp(
        /enrollments\.csv line 5 and 2 more, column classSourcedId: 'cls-222-123478' /.source +
          /is a class this import marks tobedeleted; the row is skipped/.source,
      ),
    );
    assert.deepEqual(await countGraph(t, sourceId), {
      districts: 0,
      schools: 1,
      sessions: 4,
      courses: 0,
      classes: 1,
      sections: 0,
      people: 6,
      enrollments: 3,
      agents: 5,
    });
    const thomas = recordId(sourceId, 'people', 'usr-222-1234561');
    const mary = recordId(sourceId, 'people', 'usr-222-66778899');
    const parent = await t.ctx.db
      .selectFrom('agents')
      .selectAll()
      .where('observer_id', '=', thomas)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      { target: parent.target_id, relationship: parent.relationship },
      { target: mary, relationship: 'parent' },
    );
    const person = await t.ctx.db.selectFrom('people').selectAll().where('id', '=', thomas).executeTakeFirstOrThrow();
    assert.deepEqual(person.identifiers.slice(3), [
      { type: 'ldap', value: '12' },
      { type: 'lti', value: '15' },
    ]);
    assert.deepEqual(person.properties.user_ids, { Fed: '23' });
    assert.equal(person.properties.password, undefined);
  });

  test('moodle v1p1-minimal (optional columns blank) imports', async () => {
    const { sourceId } = await buildSource(t);
    const summary = await runImport(t.ctx, sourceId, shared(`${MOODLE}/v1p1-minimal`));
    assert.equal(summary.state, 'succeeded', messages(summary.errors));
    assert.deepEqual(await countGraph(t, sourceId), {
      districts: 0,
      schools: 1,
      sessions: 5,
      courses: 0,
      classes: 2,
      sections: 0,
      people: 6,
      enrollments: 6,
      agents: 0,
    });
  });

  test('the malformed 1.2 set is refused naming every bad header; the data and events stay as they were', async () => {
    const { sourceId } = await buildGraph(t);
    assert.equal((await runImport(t.ctx, sourceId, shared(`${MOODLE}/v1p1-full`))).state, 'succeeded');
    const before = await dumpGraph(t, sourceId);
    assert.ok(before.events && before.events.length > 0);
    const summary = await runImport(t.ctx, sourceId, shared(`${MOODLE}/v1p2-full-malformed`));
    assert.equal(summary.state, 'failed');
    const errors = messages(summary.errors);
    for (const expected of [
      "roles.csv line 1, column dataLastModified: 'dataLastModified' is not a OneRoster column; " +
        "did you mean 'dateLastModified'?",
      "users.csv line 1, column prefferedGivenName: 'prefferedGivenName' is not a OneRoster column; " +
        "did you mean 'preferredGivenName'?",
      'roles.csv line 1: header cell 10 is empty; every column needs a name',
      'roles.csv line 1: header cell 11 is empty; every column needs a name',
      'userprofiles.csv line 1: the header misses the required columns ' +
        'dateLastModified, profileType, vendorId, credentialType, username (this is the header of roles.csv)',
      'manifest.csv line 21, column value: file.scoreScales has no value; write bulk, delta or absent',
      'manifest.csv line 22, column value: file.userProfiles has no value; write bulk, delta or absent',
    ]) {
      assert.ok(errors.includes(expected), `missing error: ${expected}\n${errors}`);
    }
    assert.match(
      messages(summary.warnings),
      /userprofiles\.csv: read as userProfiles\.csv \(file names are case-sensitive\)/,
    );
    assert.deepEqual(await dumpGraph(t, sourceId), before);
    const history = await t.ctx.db
      .selectFrom('imports')
      .select('state')
      .where('source_id', '=', sourceId)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      history.map((entry) => entry.state),
      ['succeeded', 'failed'],
    );
  });

  test('1.2 delta: the one-row set adds to what the source holds; a tobedeleted row deletes its record', async () => {
    const { sourceId } = await buildSource(t);
    await runImport(t.ctx, sourceId, shared(`${MOODLE}/v1p1-full`));
    const delta = await runImport(t.ctx, sourceId, shared(`${MOODLE}/v1p2-delta-one-row`));
    assert.equal(delta.state, 'succeeded', messages(delta.errors));
    assert.equal(delta.mode, 'delta');
    assert.equal(delta.version, '1.2');
    assert.deepEqual(await countGraph(t, sourceId), {
      districts: 0,
      schools: 2,
      sessions: 5,
      courses: 1,
      classes: 2,
      sections: 0,
      people: 7,
      enrollments: 4,
      agents: 5,
    });
    const bruce = await t.ctx.db
      .selectFrom('people')
      .selectAll()
      .where('id', '=', recordId(sourceId, 'people', 'USER_0'))
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      { roles: bruce.roles, schools: bruce.school_ids, birthday: bruce.demographics?.birthday },
      { roles: ['student'], schools: [recordId(sourceId, 'schools', 'ORG_1')], birthday: '2010-04-17' },
    );
    const set = copySet(shared(`${MOODLE}/v1p2-delta-one-row`));
    editCsv(join(set, 'enrollments.csv'), (rows) =>
      rows.map((row) => row.map((cell, index) => (index === 1 ? 'tobedeleted' : cell))),
    );
    const removal = await runImport(t.ctx, sourceId, set);
    assert.equal(removal.state, 'succeeded', messages(removal.errors));
    assert.deepEqual(removal.changes.enrollments, { created: 0, updated: 0, deleted: 1 });
    assert.equal((await countGraph(t, sourceId)).enrollments, 3);
  });
});
