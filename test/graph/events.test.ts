import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { onSourceChanged } from '../../src/graph/changes.ts';
import { pruneEvents } from '../../src/graph/events/retention.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildGraph, graphAll, graphData, graphGet, idOf, importInto, insertGraph, regrant } from '../helpers/graph.ts';
import { ALL_PERMISSIONS, buildDeveloper, ok } from '../helpers/integrations.ts';
import { copySet, editCsv, generatedSet } from '../helpers/roster.ts';

type Event = { id: string; type: string; target: string; target_id: string; data: Record<string, any> };

/** The change feed: exactly the records that enter, change in or leave an integration's view. */
describe('graph events', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  /** Events after `since` (all without it), oldest first. */
  const feed = (token: string, since?: string): Promise<Event[]> =>
    graphAll(t, token, `/events?$first=10000${since ? `&$after=${since}` : ''}`);
  const summary = (events: Event[]) => events.map((event) => `${event.type} ${event.target} ${event.target_id}`).sort();
  const expect = (type: string, target: string, ids: string[]) => ids.map((id) => `${type} ${target} ${id}`);

  /** Two schools, each with a class, a student enrolled in it and the student's guardian. */
  async function twoSchools() {
    const setup = await buildGraph(t);
    const id = (kind: Parameters<typeof idOf>[1], sourced: string) => idOf(setup.sourceId, kind, sourced);
    const rows = ['a', 'b'].flatMap((school) => [
      { kind: 'schools' as const, sourced: school, values: { name: `School ${school}` } },
      {
        kind: 'classes' as const,
        sourced: `c${school}`,
        values: { name: `Class ${school}`, school_id: id('schools', school) },
      },
      {
        kind: 'people' as const,
        sourced: `p${school}`,
        values: {
          first_name: `Student ${school}`,
          email: `${school}@example.test`,
          school_ids: [id('schools', school)],
        },
      },
      { kind: 'people' as const, sourced: `g${school}`, values: { first_name: `Guardian ${school}` } },
    ]);
    await insertGraph(t, setup.sourceId, [{ kind: 'districts', sourced: 'd', values: { name: 'District' } }, ...rows]);
    await insertGraph(
      t,
      setup.sourceId,
      ['a', 'b'].flatMap((school) => [
        {
          kind: 'enrollments' as const,
          sourced: `e${school}`,
          values: { role: 'student', person_id: id('people', `p${school}`), class_id: id('classes', `c${school}`) },
        },
        {
          kind: 'agents' as const,
          sourced: `ag${school}`,
          values: { observer_id: id('people', `g${school}`), target_id: id('people', `p${school}`) },
        },
      ]),
    );
    return { ...setup, id };
  }

  test('creating an integration yields a created event for every record it shares, as it reads it', async () => {
    const { organization, sourceId } = await twoSchools();
    const developer = await buildDeveloper(t);
    const second = await ok(t, 'POST', `/api/v1/teams/${organization.team.id}/integrations`, organization.token, {
      source_id: sourceId,
      application_id: developer.application.id,
      permissions: ALL_PERMISSIONS,
      scope: 'all',
    });
    const token = (await ok(t, 'GET', `/api/v1/integrations/${second.id}`, developer.secret)).access_token;
    const events = await feed(token);
    assert.equal(events.length, 13);
    assert.ok(events.every((event) => event.type === 'created'));
    for (const event of events) {
      const path = {
        district: 'districts',
        school: 'schools',
        class: 'classes',
        person: 'people',
        enrollment: 'enrollments',
        agent: 'agents',
      }[event.target];
      assert.deepEqual(
        event.data,
        await graphData(t, token, `/${path}/${event.target_id}`),
        `${event.target} ${event.target_id}`,
      );
    }
    const [first] = events;
    assert.deepEqual(await graphData(t, token, `/events/${first?.id}`), first);
  });

  test('narrowing and widening permissions, scope and targets', async () => {
    const setup = await twoSchools();
    const { id } = setup;
    let since = (await feed(setup.token)).at(-1)?.id;
    const changes = async () => {
      const events = await feed(setup.token, since);
      since = events.at(-1)?.id ?? since;
      return events;
    };

    await regrant(t, setup, { permissions: ['organizations:read', 'events:read'] });
    const dropped = await changes();
    assert.deepEqual(
      summary(dropped),
      [
        ...expect('deleted', 'agent', [id('agents', 'aga'), id('agents', 'agb')]),
        ...expect('deleted', 'enrollment', [id('enrollments', 'ea'), id('enrollments', 'eb')]),
        ...expect(
          'deleted',
          'person',
          ['pa', 'pb', 'ga', 'gb'].map((sourced) => id('people', sourced)),
        ),
      ].sort(),
    );
    const leaving = dropped.find((event) => event.target_id === id('people', 'pa'));
    assert.equal(
      leaving?.data.email,
      'a@example.test',
      'a deleted record carries its last value, as the integration saw it',
    );

    await regrant(t, setup, { permissions: ['organizations:read', 'people:read', 'events:read'] });
    const people = await changes();
    assert.deepEqual(
      summary(people),
      expect(
        'created',
        'person',
        ['pa', 'pb', 'ga', 'gb'].map((sourced) => id('people', sourced)),
      ).sort(),
    );
    assert.ok(people.every((event) => event.data.email === null));

    await regrant(t, setup, { permissions: ['organizations:read', 'people:read', 'people:contact', 'events:read'] });
    const contact = await changes();
    assert.deepEqual(
      summary(contact),
      expect(
        'updated',
        'person',
        ['pa', 'pb', 'ga', 'gb'].map((sourced) => id('people', sourced)),
      ).sort(),
    );
    assert.equal(contact.find((event) => event.target_id === id('people', 'pb'))?.data.email, 'b@example.test');

    // Every permission again, but only school a: its enrollment enters and its student changes (demographics
    // now show); school b's records leave, and so do the guardians, who have no school and no enrollment;
    // school a's agent stays out, its observer not being shared.
    await regrant(t, setup, { scope: 'selected', targets: [id('schools', 'a')] });
    const narrowed = await changes();
    assert.deepEqual(
      summary(narrowed),
      [
        `created enrollment ${id('enrollments', 'ea')}`,
        `updated person ${id('people', 'pa')}`,
        `deleted class ${id('classes', 'cb')}`,
        `deleted person ${id('people', 'pb')}`,
        `deleted school ${id('schools', 'b')}`,
        `deleted person ${id('people', 'ga')}`,
        `deleted person ${id('people', 'gb')}`,
      ].sort(),
    );

    await regrant(t, setup, { scope: 'all' });
    const widened = await changes();
    assert.deepEqual(
      summary(widened),
      [
        `created agent ${id('agents', 'aga')}`,
        `created agent ${id('agents', 'agb')}`,
        `created class ${id('classes', 'cb')}`,
        `created enrollment ${id('enrollments', 'eb')}`,
        `created school ${id('schools', 'b')}`,
        ...expect(
          'created',
          'person',
          ['pb', 'ga', 'gb'].map((sourced) => id('people', sourced)),
        ),
      ].sort(),
    );
  });

  test('a record that leaves the view because it changed carries the value the integration last saw', async () => {
    const setup = await twoSchools();
    await regrant(t, setup, { scope: 'selected', targets: [setup.id('schools', 'a')] });
    const since = (await feed(setup.token)).at(-1)?.id;
    await t.ctx.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('classes')
        .set({ name: 'Moved', school_id: setup.id('schools', 'b'), hash: 'moved' })
        .where('id', '=', setup.id('classes', 'ca'))
        .execute();
      await onSourceChanged(tx, setup.sourceId);
    });
    const events = await feed(setup.token, since);
    assert.deepEqual(summary(events), [
      `deleted class ${setup.id('classes', 'ca')}`,
      `deleted enrollment ${setup.id('enrollments', 'ea')}`,
    ]);
    const [klass] = events.filter((event) => event.target === 'class');
    assert.deepEqual([klass?.data.name, klass?.data.school_id], ['Class a', setup.id('schools', 'a')]);
  });

  test('a re-import yields exactly the changes of the export', async () => {
    const setup = await buildGraph(t);
    const first = await generatedSet({ schools: 1, studentsPerSchool: 20, seed: 'events' });
    await importInto(t, setup.sourceId, first);
    const since = (await feed(setup.token)).at(-1)?.id;
    const second = copySet(first);
    let renamed = '';
    let added = '';
    let removed = '';
    editCsv(join(second, 'users.csv'), (rows, header) => {
      const column = (name: string) => header.indexOf(name);
      const student = rows.find((row) => row[column('role')] === 'student') as string[];
      const teacher = rows.find((row) => row[column('role')] === 'teacher') as string[];
      renamed = student[column('sourcedId')] as string;
      removed = teacher[column('sourcedId')] as string;
      added = 'new-student-1';
      const copy = [...student];
      copy[column('sourcedId')] = added;
      copy[column('givenName')] = 'Newcomer';
      copy[column('username')] = 'newcomer';
      copy[column('identifier')] = 'new-1';
      copy[column('agentSourcedIds')] = '';
      student[column('givenName')] = 'Renamed';
      return [...rows.filter((row) => row !== teacher), copy];
    });
    const gone: string[] = [];
    editCsv(join(second, 'enrollments.csv'), (rows, header) =>
      rows.filter((row) => {
        const keep = row[header.indexOf('userSourcedId')] !== removed;
        if (!keep) gone.push(row[header.indexOf('sourcedId')] as string);
        return keep;
      }),
    );
    assert.ok(gone.length > 0, 'the removed teacher taught');
    await importInto(t, setup.sourceId, second);
    const events = await feed(setup.token, since);
    const id = (kind: Parameters<typeof idOf>[1], sourced: string) => idOf(setup.sourceId, kind, sourced);
    assert.deepEqual(
      summary(events),
      [
        `created person ${id('people', added)}`,
        `updated person ${id('people', renamed)}`,
        `deleted person ${id('people', removed)}`,
        ...expect(
          'deleted',
          'enrollment',
          gone.map((sourced) => id('enrollments', sourced)),
        ),
      ].sort(),
    );
    assert.equal(events.find((event) => event.type === 'updated')?.data.first_name, 'Renamed');
    assert.equal(
      events.find((event) => event.target_id === id('people', removed))?.data.roles[0],
      'teacher',
      'the deleted teacher as last seen',
    );
    await importInto(t, setup.sourceId, second);
    assert.deepEqual(await feed(setup.token, events.at(-1)?.id), [], 'the same export again changes nothing');
  });

  test('the feed pages forward in time, is private to its integration, and keeps 30 days', async () => {
    const mine = await twoSchools();
    const theirs = await twoSchools();
    const all = await feed(mine.token);
    const paged = await graphAll(t, mine.token, '/events?$first=2');
    assert.deepEqual(paged, all);
    assert.deepEqual(
      all.map((event) => event.id),
      all.map((event) => event.id).sort(),
    );
    const [foreign] = await feed(theirs.token);
    assert.equal((await graphGet(t, mine.token, `/events/${foreign?.id}`)).statusCode, 404);
    const filtered = await graphData(
      t,
      mine.token,
      `/events?$filter=${encodeURIComponent('{"target":[{"operator":"equals","value":"school"}]}')}`,
    );
    assert.equal(filtered.length, 2);

    // The people's changes, recorded once for the integrations reading the whole source, age past 30 days.
    await t.ctx.db
      .updateTable('graph_changes')
      .set({ date: new Date(Date.now() - 31 * 24 * 3600 * 1000) })
      .where('stream', '=', mine.sourceId)
      .where('kind', '=', 'people')
      .execute();
    assert.equal(await pruneEvents(t.ctx), 4);
    assert.equal((await feed(mine.token)).length, all.length - 4);
    assert.equal((await feed(theirs.token)).length, all.length);
  });
});
