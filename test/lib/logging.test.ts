import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import yazl from 'yazl';
import { buildApp } from '../../src/app.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildSource, generatedSet } from '../helpers/roster.ts';

/** A logger writing into memory, for reading back what the server logged. */
function capture(level: string, tty = false) {
  const stream = Object.assign(new PassThrough(), { isTTY: tty });
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk));
  return { log: createLogger(level, stream), text: () => text };
}

async function zip(dir: string): Promise<Buffer> {
  const file = new yazl.ZipFile();
  for (const name of readdirSync(dir)) file.addBuffer(readFileSync(join(dir, name)), name);
  file.end();
  return Buffer.concat((await (file.outputStream as unknown as Readable).toArray()) as Buffer[]);
}

describe('logs', () => {
  let t: TestApp;
  let set: string;
  before(async () => {
    t = await createTestApp();
    set = await generatedSet({ schools: 1, studentsPerSchool: 5, seed: 'logs' });
  });
  after(() => t.close());

  /** The same server as `t`, on its database, logging to `log`. */
  async function serverLoggingTo(log: ReturnType<typeof capture>['log']) {
    const runtime = { ...t.ctx, log };
    return buildApp(runtime);
  }

  test('at trace level no credential reaches the log, multipart included; an upload logs one info line', async () => {
    const { sourceId, token } = await buildSource(t);
    const logs = capture('trace');
    const app = await serverLoggingTo(logs.log);
    const boundary = 'gatehouse-log-test';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="e.zip"\r\n\r\n`),
      await zip(set),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/sources/${sourceId}/imports`,
      headers: {
        authorization: `Bearer ${token}`,
        cookie: 'gatehouse_session=gh_ses_cookie-secret-value',
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload,
    });
    assert.equal(response.statusCode, 200, response.body);
    await app.close();
    const text = logs.text();
    assert.match(text, /Providing options to busboy/);
    assert.ok(!text.includes(token.slice(8)), 'the API key is not logged');
    assert.ok(!text.includes('cookie-secret-value'), 'the cookie is not logged');
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { level: number; msg: string });
    assert.deepEqual(
      lines.filter((line) => line.level >= 30).map((line) => line.msg),
      ['import succeeded'],
    );
    assert.ok(lines.some((line) => line.level === 20 && line.msg === 'request completed'));
  });

  test('a request is logged at debug, so the default (info) logs none; a terminal gets readable lines', async () => {
    const logs = capture('info');
    const app = await serverLoggingTo(logs.log);
    assert.equal((await app.inject({ method: 'GET', url: '/api/up' })).statusCode, 200);
    await app.close();
    assert.equal(logs.text(), '');
    const terminal = capture('info', true);
    terminal.log.info({ import: 'x' }, 'import succeeded');
    assert.match(terminal.text(), /INFO.*import succeeded/);
    assert.throws(() => JSON.parse(terminal.text()));
  });
});
