import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { readDeclarations } from '../../src/provisioning/declarations.ts';
import { ProvisionError } from '../../src/provisioning/declared.ts';
import { RESOURCE_NAMES } from '../../src/provisioning/resources.ts';

/** Seed 002's config.xml: who each integration is. */
const CONFIG = `<?xml version="1.0"?>
<integrations>
   <integration name="Test Integration1">
       <email>one@example.test</email>
       <endpoint_url>https://one.example.test/endpoint</endpoint_url>
       <identity_link_url>https://one.example.test/link</identity_link_url>
   </integration>
   <integration name="Test Integration2">
       <email>two@example.test</email>
   </integration>
</integrations>
`;

/** Seed 002's api.xml with our resource names: each child with its parents declared. */
const API = `<integrations>
    <integration name="Test Integration1">
        <resources>
            <!-- To grant Gatehouse_People::contact, its parent Gatehouse_People::read is declared as well -->
            <resource name="Gatehouse_People::read" />
            <resource name="Gatehouse_People::contact" />
            <!-- To grant Gatehouse_Enrollments::read, all its parents are declared -->
            <resource name="Gatehouse_Organizations::read" />
            <resource name="Gatehouse_Enrollments::read" />
        </resources>
    </integration>
    <integration name="Test Integration2">
        <resources>
            <resource name="Gatehouse_Organizations::read" />
            <resource name="Gatehouse_Terms::read" />
        </resources>
    </integration>
</integrations>
`;

function problems(files: Array<{ file: string; source: string }>): string[] {
  try {
    readDeclarations(files);
  } catch (error) {
    if (error instanceof ProvisionError) return error.problems;
    throw error;
  }
  assert.fail('the files were accepted');
}

describe('declarations in files', () => {
  test("seed 002's integrations, its two files merged by name, are declared as written", () => {
    const declared = readDeclarations([
      { file: 'config.xml', source: CONFIG },
      { file: 'api.xml', source: API },
    ]);
    assert.deepEqual(declared, [
      {
        name: 'Test Integration1',
        email: 'one@example.test',
        endpoint_url: 'https://one.example.test/endpoint',
        identity_link_url: 'https://one.example.test/link',
        redirect_uris: [],
        permissions: ['organizations:read', 'people:read', 'people:contact', 'enrollments:read'],
      },
      {
        name: 'Test Integration2',
        email: 'two@example.test',
        endpoint_url: null,
        identity_link_url: null,
        redirect_uris: [],
        permissions: ['organizations:read', 'terms:read'],
      },
    ]);
  });

  test('a child declared without its parents is refused, naming the parents, the file and the line', () => {
    const orphans = API.replace('<resource name="Gatehouse_People::read" />', '').replace(
      '<resource name="Gatehouse_Organizations::read" />\n            <resource name="Gatehouse_Terms::read" />',
      '<resource name="Gatehouse_Terms::read" />',
    );
    assert.deepEqual(
      problems([
        { file: 'config.xml', source: CONFIG },
        { file: 'api.xml', source: orphans },
      ]),
      [
        '"Test Integration1" declares Gatehouse_People::contact without its parents ' +
          'Gatehouse_People::read (people:read)',
        '"Test Integration1" declares Gatehouse_Enrollments::read without its parents ' +
          'Gatehouse_People::read (people:read)',
        '"Test Integration2" declares Gatehouse_Terms::read without its parents ' +
          'Gatehouse_Organizations::read (organizations:read)',
      ].map((text, index) => `api.xml:${[6, 9, 14][index]}: ${text}; declare them too`),
    );
  });

  test('an unknown resource is an error, never dropped', () => {
    const unknown = API.replace('Gatehouse_Terms::read', 'Magento_Sales::reorder');
    const [problem, ...rest] = problems([
      { file: 'config.xml', source: CONFIG },
      { file: 'api.xml', source: unknown },
    ]);
    assert.deepEqual(rest, []);
    assert.match(problem!, /^api\.xml:15: "Test Integration2" declares Magento_Sales::reorder, which is no resource/);
  });

  test('YAML declares with either name form and merges with XML; two files may not disagree', () => {
    const yaml = [
      'applications:',
      '  - name: Test Integration2',
      '    redirect_uris: [https://two.example.test/callback]',
      '    resources:',
      '      - events:read',
      '      - Gatehouse_Authentication::sso',
    ].join('\n');
    const [, second] = readDeclarations([
      { file: 'config.xml', source: CONFIG },
      { file: 'api.xml', source: API },
      { file: 'more.yaml', source: yaml },
    ]);
    assert.deepEqual(second?.permissions, ['sso', 'organizations:read', 'terms:read', 'events:read']);
    assert.deepEqual(second?.redirect_uris, ['https://two.example.test/callback']);
    const disagreeing = `${yaml}\n    email: other@example.test\n    colour: blue`;
    assert.deepEqual(
      problems([
        { file: 'config.xml', source: CONFIG },
        { file: 'more.yaml', source: disagreeing },
      ]),
      ['more.yaml:8: unknown key `colour`'],
    );
    assert.deepEqual(
      problems([
        { file: 'config.xml', source: CONFIG },
        { file: 'more.yaml', source: `${yaml}\n    email: other@example.test` },
      ]),
      ['config.xml:9 and more.yaml:7 give "Test Integration2" different values of email'],
    );
  });

  test('malformed files and a merged application without email are errors with their place', () => {
    assert.deepEqual(
      problems([{ file: 'broken.xml', source: '<integrations>\n  <integration name="x">\n</integrations>' }]),
      ['broken.xml: line 3: </integrations> closes <integration>'],
    );
    assert.deepEqual(problems([{ file: 'api.xml', source: API }]), [
      'api.xml:2: "Test Integration1" has no email in any file',
      'api.xml:12: "Test Integration2" has no email in any file',
    ]);
    assert.match(problems([{ file: 'list.json', source: '{}' }])[0]!, /not a \.yaml, \.yml or \.xml file/);
  });

  test("the README's table of resource names is the one the files are read with", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\| `([a-z:]+)` \| `(Gatehouse_\w+::\w+)` \|$/gm)];
    assert.deepEqual(Object.fromEntries(rows.map(([, name, resource]) => [name, resource])), RESOURCE_NAMES);
  });
});
