import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { createTestApp, type TestApp } from './app.ts';

export type Received = { url: string; headers: IncomingHttpHeaders; body: string };

/**
 * A webhook receiver on loopback, as an application would run one: it answers `status` (or
 * never answers, with `hang`), and keeps every request it got.
 */
export async function startReceiver() {
  const received: Received[] = [];
  const state = { answer: 200 as number | 'hang' };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (state.answer === 'hang') return;
      response.writeHead(state.answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    answer(answer: number | 'hang') {
      state.answer = answer;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The message, checked with the Standard Webhooks library as a receiver holding `secret` would. */
export function verified(secret: string, message: Received): { type: string; timestamp: string; data: any } {
  const headers = {
    'webhook-id': String(message.headers['webhook-id']),
    'webhook-timestamp': String(message.headers['webhook-timestamp']),
    'webhook-signature': String(message.headers['webhook-signature']),
  };
  return new Webhook(secret).verify(message.body, headers) as { type: string; timestamp: string; data: any };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/**
 * Within a `describe`: a test app that may deliver to loopback (with `env` besides) and a
 * receiver, emptied and answering 200 before each test. Read them in a later `before`.
 */
export function receiverSuite(env: Record<string, string> = {}) {
  const suite = {} as { t: TestApp; receiver: Receiver };
  before(async () => {
    suite.t = await createTestApp({ env: { GATEHOUSE_ALLOW_PRIVATE_WEBHOOKS: 'true', ...env } });
    suite.receiver = await startReceiver();
  });
  after(async () => {
    await suite.receiver.close();
    await suite.t.close();
  });
  beforeEach(async () => {
    await suite.t.reset();
    suite.receiver.received.length = 0;
    suite.receiver.answer(200);
  });
  return suite;
}
