import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { deliverDue } from '../../src/webhooks/deliver.ts';
import { publishConnectionState } from '../../src/webhooks/source-topics.ts';
import type { TestApp } from '../helpers/app.ts';
import { importInto } from '../helpers/graph.ts';
import { buildDeveloper, buildOrganization, ok, permissionIds } from '../helpers/integrations.ts';
import { type Receiver, receiverSuite, verified } from '../helpers/receiver.ts';
import { copySet, editCsv, generatedSet } from '../helpers/roster.ts';

const READ = permissionIds('organizations:read', 'people:read', 'events:read');

/** What each change tells the application, and only what its integration may see. */
describe('webhook topics', () => {
  const suite = receiverSuite();
  let t: TestApp;
  let receiver: Receiver;
  before(() => {
    ({ t, receiver } = suite);
  });

  async function listening(requested = READ) {
    const organization = await buildOrganization(t);
    const developer = await buildDeveloper(t, requested);
    const { application, token } = developer;
    const path = `/hooks/${application.id}`;
    await ok(t, 'PATCH', `/api/v1/applications/${application.id}`, token, {
      webhook_url: `${receiver.url}/${application.id}`,
    });
    const endpoint = await ok(t, 'GET', `/api/v1/applications/${application.id}/webhooks`, token);
    const secret = endpoint.secrets[0].secret as string;
    /** Sends what is due and answers the messages received since the last call, verified. */
    const messages = async () => {
      while ((await deliverDue(t.ctx)) > 0);
      const mine = receiver.received.filter((message) => message.url === path);
      receiver.received.splice(
        0,
        receiver.received.length,
        ...receiver.received.filter((message) => message.url !== path),
      );
      return mine.map((message) => verified(secret, message));
    };
    return { organization, developer, messages };
  }

  async function approved(setup: Awaited<ReturnType<typeof listening>>, body: object = {}) {
    const { organization, developer } = setup;
    const request = await ok(t, 'POST', `/api/v1/applications/${developer.application.id}/requests`, developer.token, {
      team_id: organization.team.id,
    });
    return ok(t, 'POST', `/api/v1/integrations/${request.id}/approve`, organization.token, {
      source_id: organization.source.id,
      permissions: READ,
      scope: 'all',
      ...body,
    });
  }

  test('an integration requested, approved, disabled and enabled again, and a request that grew', async () => {
    const setup = await listening();
    const integration = await approved(setup);
    const patch = (body: object) =>
      ok(t, 'PATCH', `/api/v1/integrations/${integration.id}`, setup.organization.token, body);
    await patch({ status: 'disabled' });
    await patch({ status: 'active' });
    await ok(t, 'PATCH', `/api/v1/applications/${setup.developer.application.id}`, setup.developer.token, {
      requested_permissions: [...READ, ...permissionIds('sso')],
    });
    const messages = await setup.messages();
    assert.deepEqual(
      messages.map((message) => [message.type, message.data.integration?.status ?? message.data.integration_id]),
      [
        ['integration.requested', 'requested'],
        ['integration.approved', 'active'],
        ['integration.activated', 'active'],
        ['events.available', integration.id],
        ['integration.disabled', 'disabled'],
        ['integration.activated', 'active'],
        ['integration.requested', 'active'],
      ],
    );
    assert.ok(
      messages.every((message) => (message.data.integration?.id ?? message.data.integration_id) === integration.id),
    );
    assert.deepEqual(messages.at(-1)?.data.integration.pending_permissions, [...READ, ...permissionIds('sso')]);
  });

  test('a change of what an integration reads says events wait, once until that message is sent', async () => {
    const setup = await listening();
    const integration = await approved(setup);
    await setup.messages();
    const regrant = (permissions: string[]) =>
      ok(t, 'PATCH', `/api/v1/integrations/${integration.id}`, setup.organization.token, { permissions });
    await regrant(permissionIds('organizations:read', 'events:read'));
    await regrant(READ);
    assert.deepEqual(
      (await setup.messages()).map((message) => [message.type, message.data]),
      [['events.available', { integration_id: integration.id }]],
    );
    const later = new Date(Date.now() + 86_400_000).toISOString();
    await ok(t, 'PATCH', `/api/v1/integrations/${integration.id}`, setup.organization.token, { end_date: later });
    assert.deepEqual(await setup.messages(), [], 'a change of dates writes no entries');
  });

  test('an import tells its outcome with the counts the integration may see, and that events wait', async () => {
    const whole = await listening();
    const integration = await approved(whole, { permissions: permissionIds('organizations:read', 'events:read') });
    const selected = await listening();
    const partial = await approved(selected, { scope: 'selected', targets: [] });
    await whole.messages();
    await selected.messages();
    const first = await generatedSet({ schools: 1, studentsPerSchool: 5 });
    await importInto(t, whole.organization.source.id, first);
    const second = copySet(first);
    editCsv(join(second, 'users.csv'), (rows, header) => {
      rows[0]![header.indexOf('givenName')] = 'Renamed';
      return rows;
    });
    await importInto(t, whole.organization.source.id, second);
    const messages = await whole.messages();
    assert.deepEqual(
      messages.map((message) => message.type),
      ['import.finished', 'events.available', 'import.finished'],
      'the second import joins the events message not sent yet',
    );
    const [finished] = messages;
    assert.equal(finished?.data.integration_id, integration.id);
    assert.equal(finished?.data.import.state, 'succeeded');
    assert.ok(finished?.data.import.counts.schools.created > 0);
    assert.equal(finished?.data.import.counts.people, undefined, 'people:read is not granted');
    assert.doesNotMatch(JSON.stringify(messages), /first_name|given_name|@/);
    await importInto(t, selected.organization.source.id, await generatedSet({ schools: 1, studentsPerSchool: 5 }));
    const [selectedFinished] = await selected.messages();
    assert.deepEqual([selectedFinished?.data.integration_id, selectedFinished?.data.import.counts], [partial.id, null]);
  });

  test("a source's connection state reaches the applications in service only", async () => {
    const setup = await listening();
    const integration = await approved(setup);
    const waiting = await listening();
    const disabled = await approved({ ...waiting, organization: setup.organization });
    await ok(t, 'PATCH', `/api/v1/integrations/${disabled.id}`, setup.organization.token, { status: 'disabled' });
    await setup.messages();
    await waiting.messages();
    await publishConnectionState(t.ctx.db, setup.organization.source.id, 'reauth_required');
    const [message] = await setup.messages();
    assert.deepEqual(
      [message?.type, message?.data],
      ['connection.reauth_required', { integration_id: integration.id, connection: { state: 'reauth_required' } }],
    );
    assert.deepEqual(await waiting.messages(), []);
  });
});
