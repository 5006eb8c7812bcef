import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Edlink, TokenSetType } from '@edlink/typescript';
import { ok } from '../helpers/api.ts';
import { createTestApp, listenOnLoopback, type TestApp } from '../helpers/app.ts';
import { buildGraph, type GraphFixture, importRoster } from '../helpers/factories.ts';
import { graphAll, graphData, idOf, insertGraph, regrant } from '../helpers/graph.ts';

/** The published Edlink SDK, unchanged but for its origin, against a listening server over imported data. */
describe('the Edlink SDK against the Graph API', () => {
  let t: TestApp;
  let setup: GraphFixture;
  const edlink = new Edlink({ client_id: 'gatehouse-tests', client_secret: 'unused', log_level: 'silent' });
  const graphClient = (token: string) => edlink.use({ type: TokenSetType.Integration, access_token: token });
  let graph: ReturnType<typeof graphClient>;
  let eject: () => void;

  const collect = async <T>(items: AsyncGenerator<T>) => {
    const all: T[] = [];
    for await (const item of items) all.push(item);
    return all;
  };
  const ids = (items: Array<{ id: string }>) => items.map((item) => item.id).sort();
  /** The same list read with plain HTTP, for comparison. */
  const expected = async (path: string) => ids(await graphAll(t, setup.token, path));
  const refusal = async (call: () => Promise<unknown>) => {
    const error = (await call().then(
      () => assert.fail('expected an EdlinkError'),
      (thrown: unknown) => thrown,
    )) as { code: string; status: number; constructor: { name: string } };
    return { name: error.constructor.name, code: error.code, status: error.status };
  };

  before(async () => {
    t = await createTestApp();
    const origin = await listenOnLoopback(t);
    setup = await buildGraph(t);
    await importRoster(t, setup.organization, { schools: 2, studentsPerSchool: 25, seed: 'sdk' });
    // Sections have no OneRoster file; one by hand, with an enrollment in it, so the section methods have data.
    const [enrollment] = await graphData(
      t,
      setup.token,
      '/enrollments?$first=1&$filter={"role":[{"operator":"equals","value":"student"}]}',
    );
    const sourceClass = (
      await t.ctx.db
        .selectFrom('classes')
        .select('sourced_id')
        .where('id', '=', enrollment.class_id)
        .executeTakeFirstOrThrow()
    ).sourced_id;
    const person = (
      await t.ctx.db
        .selectFrom('people')
        .select('sourced_id')
        .where('id', '=', enrollment.person_id)
        .executeTakeFirstOrThrow()
    ).sourced_id;
    await insertGraph(t, setup.sourceId, [
      {
        kind: 'sections',
        sourced: 'S-1',
        values: { name: 'Section 1', class_id: idOf(setup.sourceId, 'classes', sourceClass) },
      },
      {
        kind: 'enrollments',
        sourced: 'E-S-1',
        values: {
          role: 'student',
          person_id: idOf(setup.sourceId, 'people', person),
          class_id: idOf(setup.sourceId, 'classes', sourceClass),
          section_id: idOf(setup.sourceId, 'sections', 'S-1'),
        },
      },
    ]);
    graph = graphClient(setup.token);
    // Both Edlink's origin and the server's own public URL (in `$next`) lead to the listening server.
    const id = graph.axios.interceptors.request.use((config) => {
      config.url = config.url?.replace(/^(https:\/\/ed\.link|http:\/\/gatehouse\.test)(?=\/|$)/, origin);
      return config;
    });
    eject = () => graph.axios.interceptors.request.eject(id);
  });
  after(async () => {
    eject();
    await t.close();
  });

  test('every top-level list yields every shared record, following $next', async () => {
    const lists = {
      '/districts': graph.districts.list(),
      '/schools': graph.schools.list(),
      '/sessions': graph.sessions.list(),
      '/courses': graph.courses.list(),
      '/classes': graph.classes.list(),
      '/sections': graph.sections.list(),
      '/people': graph.people.list(),
      '/enrollments': graph.enrollments.list(),
      '/agents': graph.agents.list(),
    };
    for (const [path, list] of Object.entries(lists)) {
      const got = ids(await collect(list as AsyncGenerator<{ id: string }>));
      assert.ok(got.length > 0, `${path} is not empty`);
      assert.deepEqual(got, await expected(`${path}?$first=10000`), path);
    }
    assert.ok((await expected('/people?$first=10000')).length > 100, 'people span several pages of the default size');
    assert.deepEqual(await collect(graph.licenses.list()), []);
  });

  test('limit, filter and expand', async () => {
    assert.equal((await collect(graph.people.list({ limit: 7 }))).length, 7);
    const everyone = await graphAll(t, setup.token, '/people?$first=10000');
    const prefix = (everyone[0].first_name as string).slice(0, 2);
    const filtered = await collect(
      graph.people.list({ filter: { first_name: [{ operator: 'starts with', value: prefix.toLowerCase() }] } }),
    );
    const wanted = everyone.filter((person) => person.first_name?.toLowerCase().startsWith(prefix.toLowerCase()));
    assert.deepEqual(ids(filtered), ids(wanted));
    // `classes.list` is typed `{ limit }` only, but forwards every option like the other lists.
    const [first] = await collect(
      graph.classes.list({ limit: 1, expand: ['school', 'course', 'sessions'] } as { limit: number }),
    );
    assert.ok(first);
    const expanded = first as unknown as {
      school: { id: string };
      course: { id: string };
      sessions: Array<{ id: string }>;
      session_ids: string[];
    };
    assert.equal(expanded.school.id, first.school_id);
    assert.equal(expanded.course.id, first.course_id);
    assert.deepEqual(ids(expanded.sessions), [...expanded.session_ids].sort());
    const agent = (
      await collect(graph.agents.list({ limit: 1, expand: ['observer', 'target'] }))
    )[0] as unknown as Record<string, { id: string }>;
    assert.equal(agent.observer?.id, agent.observer_id as unknown as string);
  });

  test('fetches return what the lists return', async () => {
    const fetchers = {
      districts: graph.districts,
      schools: graph.schools,
      sessions: graph.sessions,
      courses: graph.courses,
      classes: graph.classes,
      sections: graph.sections,
      people: graph.people,
      enrollments: graph.enrollments,
      agents: graph.agents,
    };
    for (const [kind, resource] of Object.entries(fetchers)) {
      const [listed] = await graphData(t, setup.token, `/${kind}?$first=1`);
      assert.deepEqual(await (resource as { fetch(id: string): Promise<unknown> }).fetch(listed.id), listed, kind);
    }
  });

  test('nested lists', async () => {
    const [district] = await graphAll(t, setup.token, '/districts');
    const [school] = await graphData(t, setup.token, '/schools?$first=1');
    const [course] = await graphData(t, setup.token, '/courses?$first=1');
    const [section] = await graphAll(t, setup.token, '/sections');
    const klass = section.class_id as string;
    const student = (await graphAll(t, setup.token, `/sections/${section.id}/students`))[0].id as string;
    const [agent] = await graphData(t, setup.token, '/agents?$first=1');
    const nested: Array<[string, AsyncGenerator<{ id: string }>]> = [
      [`/districts/${district.id}/administrators`, graph.districts.listAdministrators(district.id)],
      [`/schools/${school.id}/classes`, graph.schools.listClasses(school.id)],
      [`/schools/${school.id}/courses`, graph.schools.listCourses(school.id)],
      [`/schools/${school.id}/sessions`, graph.schools.listSessions(school.id)],
      [`/schools/${school.id}/people`, graph.schools.listPeople(school.id)],
      [`/schools/${school.id}/administrators`, graph.schools.listAdministrators(school.id)],
      [`/schools/${school.id}/teachers`, graph.schools.listTeachers(school.id)],
      [`/schools/${school.id}/students`, graph.schools.listStudents(school.id)],
      [`/courses/${course.id}/classes`, graph.courses.listClasses(course.id)],
      [`/classes/${klass}/sections`, graph.classes.listSections(klass)],
      [`/classes/${klass}/enrollments`, graph.classes.listEnrollments(klass)],
      [`/classes/${klass}/people`, graph.classes.listPeople(klass)],
      [`/classes/${klass}/teachers`, graph.classes.listTeachers(klass)],
      [`/classes/${klass}/students`, graph.classes.listStudents(klass)],
      [`/sections/${section.id}/enrollments`, graph.sections.listEnrollments(section.id)],
      [`/sections/${section.id}/people`, graph.sections.listPeople(section.id)],
      [`/sections/${section.id}/teachers`, graph.sections.listTeachers(section.id)],
      [`/sections/${section.id}/students`, graph.sections.listStudents(section.id)],
      [`/people/${student}/enrollments`, graph.people.listEnrollments(student)],
      [`/people/${student}/districts`, graph.people.listDistricts(student)],
      [`/people/${student}/schools`, graph.people.listSchools(student)],
      [`/people/${student}/classes`, graph.people.listClasses(student)],
      [`/people/${student}/sections`, graph.people.listSections(student)],
      [`/people/${agent.target_id}/agents`, graph.people.listAgents(agent.target_id)],
    ];
    const empty: string[] = [];
    for (const [path, list] of nested) {
      const got = ids(await collect(list));
      assert.deepEqual(got, await expected(`${path}?$first=10000`), path);
      if (got.length === 0) empty.push(path);
    }
    // The generator's courses and sessions belong to the district; the hand-made section has no teacher.
    const dataless = [
      `/schools/${school.id}/courses`,
      `/schools/${school.id}/sessions`,
      `/sections/${section.id}/teachers`,
    ];
    assert.deepEqual(empty, dataless);
    // The export's district administrators: role administrator, and the district their only org.
    const administrators = await graphAll(t, setup.token, `/districts/${district.id}/administrators`);
    assert.equal(administrators.length, 3);
    for (const person of administrators) {
      assert.deepEqual([person.roles, person.school_ids, person.district_id], [['administrator'], [], district.id]);
    }
  });

  test('errors surface as EdlinkError with the code and status', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    assert.deepEqual(await refusal(() => graph.schools.fetch(missing)), {
      name: 'EdlinkError',
      code: 'NOT_FOUND',
      status: 404,
    });
    const stranger = graphClient('gh_int_not-a-token');
    assert.deepEqual(await refusal(() => stranger.schools.fetch(missing)), {
      name: 'EdlinkError',
      code: 'INVALID_TOKEN',
      status: 401,
    });
    await regrant(t, setup, { permissions: ['organizations:read'] });
    assert.deepEqual(await refusal(() => collect(graph.people.list())), {
      name: 'EdlinkError',
      code: 'NO_PERMISSION',
      status: 403,
    });
    await ok(t, 'PATCH', `/api/v1/integrations/${setup.integration.id}`, setup.organization.token, {
      status: 'disabled',
    });
    assert.deepEqual(await refusal(() => collect(graph.schools.list())), {
      name: 'EdlinkError',
      code: 'INVALID_INTEGRATION_STATE',
      status: 400,
    });
  });
});
