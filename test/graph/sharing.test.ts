import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRandom } from '../../src/demo/random.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildGraph, graphAll, graphGet, importInto, regrant } from '../helpers/graph.ts';
import { generatedSet, shared, sharedSkip } from '../helpers/roster.ts';
import { type Export, pair, readExport, relations, type Shared, sharedFor } from './sharing-oracle.ts';

const NAMES: Record<keyof Shared, string> = {
  districts: 'District',
  schools: 'School',
  sessions: 'Session',
  courses: 'Course',
  classes: 'Class',
  people: 'Person',
  enrollments: 'Enrollment',
  agents: 'Agent',
};

const pick = <T>(next: (below: number) => number, items: readonly T[], count: number) =>
  Array.from({ length: count }, () => items[next(items.length)] as T);
const sorted = (ids: Iterable<string>) => [...ids].sort();

/**
 * For random school, class and course targets, the Graph API shares exactly what the rules give:
 * over a real district export, and over the project's own generated set (which has guardians).
 */
const DATASETS = [
  {
    name: 'gospelnerd-generator-district-large',
    path: async () => shared('gospelnerd-generator-district-large'),
    skip: sharedSkip,
  },
  {
    name: 'generated district with guardians',
    path: () => generatedSet({ schools: 3, studentsPerSchool: 40, seed: 'sharing' }),
    skip: false,
  },
] as const;

describe('sharing is exact', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());
  for (const dataset of DATASETS)
    describe(dataset.name, { skip: dataset.skip }, () => sharingSuite(() => t, dataset.path));
});

function sharingSuite(app: () => TestApp, path: () => Promise<string>) {
  let t: TestApp;
  let setup: Awaited<ReturnType<typeof buildGraph>>;
  let data: Export;
  before(async () => {
    t = app();
    await t.reset();
    const dir = await path();
    setup = await buildGraph(t, { scope: 'selected', targets: [] });
    await importInto(t, setup.sourceId, dir);
    data = readExport(dir, setup.sourceId);
  });

  const listed = async (path: string) =>
    sorted(
      (await graphAll(t, setup.token, `${path}${path.includes('?') ? '&' : '?'}$first=10000`)).map((item) => item.id),
    );

  async function checkLists(expected: Shared, label: string) {
    for (const kind of Object.keys(NAMES) as Array<keyof Shared>) {
      if (kind === 'agents') continue;
      assert.deepEqual(await listed(`/${kind}`), sorted(expected[kind]), `${label}: /${kind}`);
    }
    const agents = await graphAll(t, setup.token, '/agents?$first=10000');
    assert.deepEqual(
      sorted(agents.map((agent) => pair(agent.observer_id, agent.target_id))),
      sorted(expected.agents),
      `${label}: /agents`,
    );
    assert.deepEqual(await listed('/sections'), [], `${label}: /sections`);
  }

  async function checkNested(expected: Shared, label: string, next: (below: number) => number) {
    const related = relations(data);
    const parents: Record<string, keyof Shared> = {
      schools: 'schools',
      courses: 'courses',
      classes: 'classes',
      people: 'people',
    };
    for (const [relation, of] of Object.entries(related)) {
      const [parentKind, child] = relation.split('/') as [string, string];
      const parentSet = sorted(expected[parents[parentKind] as keyof Shared]);
      const childKind = (['teachers', 'students'].includes(child) ? 'people' : child) as keyof Shared;
      for (const parent of new Set(pick(next, parentSet, Math.min(3, parentSet.length)))) {
        const want = sorted(new Set(of(parent).filter((id) => expected[childKind].has(id))));
        assert.deepEqual(
          await listed(`/${parentKind}/${parent}/${child}`),
          want,
          `${label}: /${parentKind}/${parent}/${child}`,
        );
      }
    }
  }

  const everything = (): Record<keyof Shared, string[]> => ({
    districts: data.districts,
    schools: data.schools,
    sessions: data.sessions,
    courses: data.courses.map((course) => course.id),
    classes: data.classes.map((klass) => klass.id),
    people: data.people.map((person) => person.id),
    enrollments: data.enrollments.map((enrollment) => enrollment.id),
    agents: data.agents,
  });

  async function checkHidden(expected: Shared, label: string, next: (below: number) => number) {
    const all = everything();
    // Agents are compared as pairs of people above; their ids are the importer's to choose.
    for (const kind of (Object.keys(NAMES) as Array<keyof Shared>).filter((name) => name !== 'agents')) {
      const hidden = all[kind].filter((id) => !expected[kind].has(id));
      // Every hidden organization; a sample of the (thousands of) hidden people and enrollments.
      const sample = hidden.length > 200 ? new Set(pick(next, hidden, 100)) : hidden;
      for (const id of sample) {
        const response = await graphGet(t, setup.token, `/${kind}/${id}`);
        assert.equal(response.statusCode, 404, `${label}: /${kind}/${id}`);
        assert.deepEqual(response.json().$errors, [
          { code: 'NOT_FOUND', message: `${NAMES[kind]} with id ${id} not found for this integration.` },
        ]);
      }
    }
  }

  test('with no targets only the district is shared', async () => {
    await checkLists(sharedFor(data, []), 'no targets');
  });

  for (const seed of [1, 2, 3, 4, 5]) {
    test(`random targets, seed ${seed}`, async () => {
      const next = createRandom(seed, 'sharing-targets').int;
      const targets = [
        ...pick(next, data.schools, next(2)),
        ...pick(
          next,
          data.classes.map((klass) => klass.id),
          1 + next(4),
        ),
        ...pick(
          next,
          data.courses.map((course) => course.id),
          next(3),
        ),
      ];
      const unique = [...new Set(targets)];
      await regrant(t, setup, { scope: 'selected', targets: unique });
      const expected = sharedFor(data, unique);
      const label = `seed ${seed} (${unique.length} targets)`;
      await checkLists(expected, label);
      await checkNested(expected, label, next);
      await checkHidden(expected, label, next);
    });
  }

  test('scope all shares the whole export', async () => {
    await regrant(t, setup, { scope: 'all' });
    const all = Object.fromEntries(Object.entries(everything()).map(([kind, ids]) => [kind, new Set(ids)])) as Shared;
    await checkLists(all, 'all');
  });
}
