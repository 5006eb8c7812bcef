import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { graphAll, importInto } from '../helpers/graph.ts';
import { ALL_PERMISSIONS, buildDeveloper, buildOrganization, ok } from '../helpers/integrations.ts';
import { generatedSet } from '../helpers/roster.ts';
import { buildMember } from '../helpers/teams.ts';

const KINDS = ['districts', 'schools', 'sessions', 'courses', 'classes', 'sections', 'people'];

describe("an organization browses its own source's records", () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof buildOrganization>>;
  let other: Awaited<ReturnType<typeof buildOrganization>>;
  const url = (kind: string, query = '') => `/api/v1/sources/${org.source.id}/${kind}${query}`;

  before(async () => {
    t = await createTestApp();
    org = await buildOrganization(t);
    other = await buildOrganization(t);
    await importInto(t, org.source.id, await generatedSet({ schools: 2, studentsPerSchool: 20 }));
    await importInto(t, other.source.id, await generatedSet({ schools: 1, studentsPerSchool: 5, seed: 'other' }));
  });
  after(() => t.close());

  /** Every page from `path`, following `$next`. */
  async function all(path: string, token = org.token): Promise<any[]> {
    const items: any[] = [];
    let next: string | undefined = path;
    while (next) {
      const response = await t.call({ method: 'GET', url: next.replace(t.config.publicUrl, ''), token });
      assert.equal(response.statusCode, 200, response.body);
      items.push(...response.json().$data);
      next = response.json().$next;
    }
    return items;
  }

  test('every record of each kind, paged, as the Graph API presents it: contact details, no demographics', async () => {
    const counts = await t.ctx.db
      .selectFrom('people')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('source_id', '=', org.source.id)
      .executeTakeFirstOrThrow();
    const people = await all(url('people', '?$first=17'));
    assert.equal(people.length, Number(counts.n));
    assert.equal(new Set(people.map((person) => person.id)).size, people.length);
    assert.ok(people.some((person) => typeof person.email === 'string' && person.email.includes('@')));
    assert.ok(people.every((person) => person.demographics === null));
    const schools = await all(url('schools'));
    assert.equal(schools.length, 2);
    assert.ok(schools.every((school) => school.name && school.district_id));
  });

  test('search: every word in a name or email, ignoring case; like wildcards are only characters', async () => {
    const [someone] = await all(url('people', '?$first=1'));
    const surname = someone.last_name;
    const found = await all(url('people', `?search=${encodeURIComponent(`${someone.last_name.toUpperCase()}`)}`));
    assert.ok(found.some((person) => person.id === someone.id));
    assert.ok(
      found.every((person) =>
        [person.first_name, person.last_name, person.display_name, person.email].some((text) =>
          String(text).toLowerCase().includes(someone.last_name.toLowerCase()),
        ),
      ),
    );
    const both = await all(
      url('people', `?search=${encodeURIComponent(`${someone.first_name} ${someone.last_name}`)}`),
    );
    assert.ok(both.some((person) => person.id === someone.id));
    assert.ok(both.length <= found.length);
    assert.deepEqual(await all(url('people', '?search=%25')), []);
    assert.deepEqual(await all(url('people', '?search=_')), []);
    const [school] = await all(url('schools', '?$first=1'));
    const named = await all(url('schools', `?search=${encodeURIComponent(school.name.slice(1, 6))}`));
    assert.ok(named.some((entry) => entry.id === school.id));
    const filtered = await all(
      url(
        'people',
        `?$filter=${encodeURIComponent(JSON.stringify({ last_name: [{ operator: 'equals', value: surname }] }))}`,
      ),
    );
    assert.ok(filtered.length > 0 && filtered.every((person) => person.last_name === someone.last_name));
  });

  test('a search holds on every page its `$next` leads to', async () => {
    const everyone = await all(url('people'));
    const counts = Map.groupBy(everyone, (person) => String(person.last_name).toLowerCase());
    const [name, namesakes] = [...counts].sort((a, b) => b[1].length - a[1].length)[0]!;
    assert.ok(namesakes.length > 1 && namesakes.length < everyone.length / 2, `${name}: ${namesakes.length}`);
    const matching = everyone.filter((person) =>
      [person.first_name, person.last_name, person.display_name, person.email].some((text) =>
        String(text).toLowerCase().includes(name),
      ),
    );
    const paged = await all(url('people', `?search=${encodeURIComponent(name)}&$first=1`));
    assert.deepEqual(
      paged.map((person) => person.id),
      matching.map((person) => person.id),
    );
  });

  test("another team's caller finds no such source, for every kind; any member of the team may browse", async () => {
    for (const kind of KINDS) {
      const foreign = await t.call({ method: 'GET', url: url(kind), token: other.token });
      assert.equal(foreign.statusCode, 404, `${kind}: ${foreign.body}`);
      assert.equal(foreign.json().$errors[0].code, 'NOT_FOUND');
      const anonymous = await t.call({ method: 'GET', url: url(kind) });
      assert.equal(anonymous.statusCode, 401, anonymous.body);
    }
    const missing = await t.call({
      method: 'GET',
      url: '/api/v1/sources/00000000-0000-4000-8000-000000000000/people',
      token: org.token,
    });
    assert.equal(missing.statusCode, 404);
    const viewer = await buildMember(t, org, 'viewer');
    const seen = await t.call({ method: 'GET', url: url('schools'), ...viewer.session });
    assert.equal(seen.statusCode, 200, seen.body);
    const theirs = await ok(t, 'GET', `/api/v1/sources/${other.source.id}/schools`, other.token);
    assert.equal(theirs.length, 1, 'each team sees its own');
  });

  test('a preview counts what a sharing would show, as the Graph API then shows it', async () => {
    const preview = (body: Record<string, unknown>, token = org.token) =>
      t.call({ method: 'POST', url: `/api/v1/sources/${org.source.id}/sharing-preview`, token, payload: body });
    const whole = (await preview({ scope: 'all' })).json().$data.counts;
    assert.equal(whole.people, (await all(url('people'))).length);
    const [school] = await all(url('schools', '?$first=1'));
    const one = await preview({ scope: 'selected', targets: [school.id] });
    assert.equal(one.statusCode, 200, one.body);
    const counts = one.json().$data.counts;
    assert.equal(counts.schools, 1);
    assert.ok(counts.people > 0 && counts.people < whole.people, JSON.stringify(counts));
    const developer = await buildDeveloper(t);
    const integration = await ok(t, 'POST', `/api/v1/teams/${org.team.id}/integrations`, org.token, {
      application_id: developer.application.id,
      source_id: org.source.id,
      permissions: ALL_PERMISSIONS,
      scope: 'selected',
      targets: [school.id],
    });
    const { access_token } = await ok(t, 'GET', `/api/v1/integrations/${integration.id}`, developer.secret);
    const people = await graphAll(t, access_token, '/people');
    assert.equal(people.length, counts.people, 'the preview is what the integration then sees');
    const unknown = await preview({ scope: 'selected', targets: ['00000000-0000-4000-8000-000000000000'] });
    assert.equal(unknown.statusCode, 400, unknown.body);
    assert.equal((await preview({ scope: 'all', targets: [school.id] })).statusCode, 400);
    assert.equal((await preview({ scope: 'all' }, other.token)).statusCode, 404);
  });

  test('bad input is a clear error', async () => {
    const long = await t.call({ method: 'GET', url: url('people', `?search=${'a'.repeat(201)}`), token: org.token });
    assert.equal(long.statusCode, 400, long.body);
    const nul = await t.call({ method: 'GET', url: url('people', '?search=a%00b'), token: org.token });
    assert.equal(nul.statusCode, 400, nul.body);
    const filter = await t.call({ method: 'GET', url: url('people', '?$filter=nope'), token: org.token });
    assert.equal(filter.statusCode, 400, filter.body);
  });
});
