import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { SYSTEM } from '../../src/audit/service.ts';
import { runImport } from '../../src/roster-import/service.ts';
import { createApiKey } from '../../src/teams/service.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildSource, copySet, countGraph, editCsv, generatedSet, zipFolder } from '../helpers/roster.ts';

function multipart(
  content: Buffer,
  filename = 'export.zip',
  field = 'file',
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----gatehouse-test-boundary';
  const disposition = filename ? `form-data; name="${field}"; filename="${filename}"` : `form-data; name="${field}"`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: application/zip\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('imports over HTTP', () => {
  let t: TestApp;
  let set: string;
  before(async () => {
    t = await createTestApp();
    set = await generatedSet({ schools: 1, studentsPerSchool: 15 });
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  const upload = (sourceId: string, token: string, content: Buffer, filename?: string) =>
    t.call({ method: 'POST', url: `/api/v1/sources/${sourceId}/imports`, token, ...multipart(content, filename) });

  test('a zip upload imports; the history lists it and answers it by id', async () => {
    const { sourceId, token } = await buildSource(t);
    const response = await upload(sourceId, token, await zipFolder(set));
    assert.equal(response.statusCode, 200, response.body);
    const summary = response.json().$data;
    assert.equal(summary.state, 'succeeded');
    assert.equal(summary.files['users.csv'].mode, 'bulk');
    assert.equal(summary.changes.people.created, (await countGraph(t, sourceId)).people);
    const list = await t.call({ method: 'GET', url: `/api/v1/sources/${sourceId}/imports`, token });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json().$data.map((entry: { id: string }) => entry.id),
      [summary.id],
    );
    const one = await t.call({ method: 'GET', url: `/api/v1/sources/${sourceId}/imports/${summary.id}`, token });
    assert.deepEqual(one.json().$data, summary);
  });

  test('not a zip, a cut zip, and a zip with a bad row, answer 422 with $errors naming the problem; nothing is imported; the history keeps the refusal', async () => {
    const { sourceId, token } = await buildSource(t);
    const junk = await upload(sourceId, token, Buffer.from('definitely not a zip'), 'roster.zip');
    assert.equal(junk.statusCode, 422);
    assert.match(junk.json().$errors[0].message, /^roster\.zip: not a zip archive or a folder/);
    assert.equal(junk.json().$errors[0].code, 'IMPORT_REFUSED');
    const zip = await zipFolder(set);
    const truncated = await upload(sourceId, token, zip.subarray(0, zip.length - 100), 'cut.zip');
    assert.equal(truncated.statusCode, 422);
    assert.match(truncated.json().$errors[0].message, /^cut\.zip: /);
    const broken = copySet(set);
    editCsv(join(broken, 'users.csv'), (rows) =>
      rows.map((row, index) => (index === 10 ? row.map((cell, column) => (column === 5 ? 'wizard' : cell)) : row)),
    );
    const refused = await upload(sourceId, token, await zipFolder(broken));
    assert.equal(refused.statusCode, 422);
    assert.deepEqual(
      refused.json().$errors.map((error: { message: string }) => error.message),
      ["users.csv line 12, column role: 'wizard' is not a OneRoster role"],
    );
    const location = refused.headers.location as string;
    assert.equal(location.split('/').at(-1), refused.json().$errors[0].import_id);
    const recorded = await t.call({ method: 'GET', url: location, token });
    assert.equal(recorded.json().$data.state, 'failed');
    assert.equal(recorded.json().$data.errors[0].line, 12);
    assert.equal((await countGraph(t, sourceId)).people, 0);
  });

  test('a body that is not multipart, or multipart without a file, is a 4xx with $errors', async () => {
    const { sourceId, token } = await buildSource(t);
    const json = await t.call({
      method: 'POST',
      url: `/api/v1/sources/${sourceId}/imports`,
      token,
      payload: { file: 'x' },
    });
    assert.equal(json.statusCode, 415);
    assert.ok(json.json().$errors[0].message);
    const fieldOnly = await t.call({
      method: 'POST',
      url: `/api/v1/sources/${sourceId}/imports`,
      token,
      ...multipart(Buffer.from('x'), '', 'note'),
    });
    assert.equal(fieldOnly.statusCode, 400);
    assert.ok(fieldOnly.json().$errors[0].message);
    const badId = await t.call({ method: 'GET', url: `/api/v1/sources/${sourceId}/imports/not-a-uuid`, token });
    assert.equal(badId.statusCode, 400);
    const unknown = await t.call({
      method: 'GET',
      url: `/api/v1/sources/${sourceId}/imports/00000000-0000-4000-8000-000000000000`,
      token,
    });
    assert.equal(unknown.statusCode, 404);
  });

  test('a raw application/zip body imports like a multipart one', async () => {
    const { sourceId, token } = await buildSource(t);
    const response = await t.call({
      method: 'POST',
      url: `/api/v1/sources/${sourceId}/imports`,
      token,
      headers: { 'content-type': 'application/zip' },
      payload: await zipFolder(set),
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().$data.state, 'succeeded');
    assert.equal(response.json().$data.changes.people.created, (await countGraph(t, sourceId)).people);
  });

  test('a multipart body cut short or without its boundary is a 400, and imports nothing', async () => {
    const { sourceId, token } = await buildSource(t);
    const whole = multipart(await zipFolder(set));
    const url = `/api/v1/sources/${sourceId}/imports`;
    const cut = await t.call({ method: 'POST', url, token, ...whole, payload: whole.payload.subarray(0, 300) });
    assert.equal(cut.statusCode, 400, cut.body);
    assert.match(cut.json().$errors[0].message, /^The upload is malformed or cut short/);
    const noBoundary = await t.call({
      method: 'POST',
      url,
      token,
      headers: { 'content-type': 'multipart/form-data' },
      payload: whole.payload,
    });
    assert.equal(noBoundary.statusCode, 400, noBoundary.body);
    assert.equal((await countGraph(t, sourceId)).people, 0);
  });

  test('a bulk import removing more than half of a kind is refused naming file, kind, count and override; allow_removals applies it', async () => {
    const { sourceId, token } = await buildSource(t);
    assert.equal((await upload(sourceId, token, await zipFolder(set))).statusCode, 200);
    const before = await countGraph(t, sourceId);
    const cut = copySet(set);
    editCsv(join(cut, 'users.csv'), () => []);
    const zip = await zipFolder(cut);
    const refused = await upload(sourceId, token, zip);
    assert.equal(refused.statusCode, 422, refused.body);
    const [error] = refused.json().$errors;
    assert.equal(
      error.message,
      `users.csv: the import would remove ${before.people} of the source's ${before.people} people (100%), more than ` +
        'the 50% one bulk import may remove; if that is intended, import again with --allow-removals ' +
        '(or the upload field allow_removals=true)',
    );
    assert.deepEqual(await countGraph(t, sourceId), before);
    const url = `/api/v1/sources/${sourceId}/imports?allow_removals=true`;
    const allowed = await t.call({ method: 'POST', url, token, ...multipart(zip) });
    assert.equal(allowed.statusCode, 200, allowed.body);
    assert.equal((await countGraph(t, sourceId)).people, 0);
  });

  test('a source may allow more removals in its config; a OneRoster import into a source of another provider is refused', async () => {
    const { sourceId, token } = await buildSource(t);
    await upload(sourceId, token, await zipFolder(set));
    await t.ctx.db
      .updateTable('sources')
      .set({ config: JSON.stringify({ max_removal_percent: 100 }) })
      .execute();
    const cut = copySet(set);
    editCsv(join(cut, 'classes.csv'), (rows) => rows.slice(0, 1));
    const applied = await upload(sourceId, token, await zipFolder(cut));
    assert.equal(applied.statusCode, 200, applied.body);
    const canvas = await t.ctx.db.selectFrom('providers').select('id').where('name', '=', 'canvas').executeTakeFirst();
    await t.ctx.db.updateTable('sources').set({ provider_id: canvas!.id }).where('id', '=', sourceId).execute();
    const refused = await upload(sourceId, token, await zipFolder(set));
    assert.equal(refused.statusCode, 409, refused.body);
    assert.match(refused.json().$errors[0].message, /is a canvas source; OneRoster exports import only into/);
  });

  test("another team's source answers 404 like a missing one; a viewer reads the history but cannot import", async () => {
    const mine = await buildSource(t);
    const theirs = await buildSource(t);
    const zip = await zipFolder(set);
    const foreign = await upload(theirs.sourceId, mine.token, zip);
    const missing = await upload('00000000-0000-4000-8000-000000000000', mine.token, zip);
    assert.equal(foreign.statusCode, 404);
    assert.deepEqual(
      foreign.json().$errors,
      missing.json().$errors.map((error: { message: string }) => ({
        ...error,
        message: error.message.replace('00000000-0000-4000-8000-000000000000', theirs.sourceId),
      })),
    );
    assert.equal(
      (await t.call({ method: 'GET', url: `/api/v1/sources/${theirs.sourceId}/imports`, token: mine.token }))
        .statusCode,
      404,
    );
    assert.equal((await countGraph(t, theirs.sourceId)).people, 0);
    const { token: viewer } = await createApiKey(t.ctx.db, SYSTEM, mine.team.id, 'owner', {
      name: 'viewer',
      role: 'viewer',
    });
    assert.equal(
      (await t.call({ method: 'GET', url: `/api/v1/sources/${mine.sourceId}/imports`, token: viewer })).statusCode,
      200,
    );
    assert.equal((await upload(mine.sourceId, viewer, zip)).statusCode, 403);
    assert.equal(
      (await t.call({ method: 'POST', url: `/api/v1/sources/${mine.sourceId}/imports`, ...multipart(zip) })).statusCode,
      401,
    );
  });

  test('the server keeps answering while an import streams: the history shows it running, then succeeded', async () => {
    const { sourceId, token } = await buildSource(t);
    const larger = await generatedSet({ schools: 3, studentsPerSchool: 300, seed: 'serving' });
    let staged = 0;
    const running = runImport(t.ctx, sourceId, larger, { onProgress: (progress) => (staged = progress.rows) });
    let done = false;
    running.finally(() => (done = true));
    let seenRunning = false;
    while (!seenRunning && !done) {
      const list = await t.call({ method: 'GET', url: `/api/v1/sources/${sourceId}/imports`, token });
      assert.equal(list.statusCode, 200);
      seenRunning = list.json().$data.some((entry: { state: string }) => entry.state === 'running') && staged > 0;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.ok(seenRunning, 'the history answered while the import ran');
    const summary = await running;
    assert.equal(summary.state, 'succeeded');
    const one = await t.call({ method: 'GET', url: `/api/v1/sources/${sourceId}/imports/${summary.id}`, token });
    assert.equal(one.json().$data.state, 'succeeded');
  });
});
