import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, listenOnLoopback, onPostgres, type TestApp } from '../helpers/app.ts';
import { type Child, freePort, poll, spawnGatehouse, stopAll } from '../helpers/processes.ts';
import { addLoopbackProvider, connectedTeam, startUpstream } from '../helpers/upstream.ts';

const skip = onPostgres ? false : 'needs PostgreSQL (the embedded database belongs to one process)';

describe('one refresh at a time across server processes', { skip }, () => {
  let t: TestApp;
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let child: Child;
  let bases: string[];

  before(async () => {
    t = await createTestApp({ env: { GATEHOUSE_ALLOW_PRIVATE_ISSUERS: 'true' } });
    upstream = await startUpstream(`${t.config.publicUrl}/api/v1/connections/callback`);
    await addLoopbackProvider(t, upstream.issuer);
    const port = await freePort();
    // The same database and data directory (so the same master key) as the test's own server.
    child = spawnGatehouse(['serve'], { ...t.env, PORT: String(port), GATEHOUSE_ALLOW_PRIVATE_ISSUERS: 'true' });
    const other = `http://127.0.0.1:${port}`;
    await poll(`${other}/health/ready`, child, (status) => status === 200);
    bases = [await listenOnLoopback(t), other];
  });
  after(async () => {
    stopAll();
    await upstream.close();
    await t.close();
  });

  test('100 concurrent reads of an expired token, split over two processes, make one refresh upstream', async () => {
    const team = await connectedTeam(t);
    await t.ctx.db
      .updateTable('connection_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute();
    const before = upstream.grants.refresh_token ?? 0;
    upstream.timing.tokenDelayMs = 300;
    const answers = await Promise.all(
      Array.from({ length: 100 }, async (_, index) => {
        const response = await fetch(`${bases[index % 2]}/api/v1/providers/loopback/connection`, {
          headers: { authorization: `Bearer ${team.token}` },
        });
        return {
          status: response.status,
          body: (await response.json()) as { $data: { oauth: { access_token: string } } },
        };
      }),
    );
    assert.deepEqual([...new Set(answers.map((answer) => answer.status))], [200], JSON.stringify(answers[0]));
    assert.equal(new Set(answers.map((answer) => answer.body.$data.oauth.access_token)).size, 1);
    assert.equal(upstream.grants.refresh_token, before + 1);
    upstream.timing.tokenDelayMs = 0;
    const state = await t.ctx.db.selectFrom('connection_tokens').select('refresh_state').executeTakeFirstOrThrow();
    assert.equal(state.refresh_state, null, 'the rotating refresh token was spent once, never burned by a race');
  });
});
