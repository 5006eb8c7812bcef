import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { type Field, type Fragment, ProvisionError, SCALARS } from './declared.ts';

const KEYS = new Set(['name', ...SCALARS, 'redirect_uris', 'resources']);

/**
 * The YAML form: `applications:`, a list of maps with `name`, `email`, `endpoint_url`,
 * `identity_link_url`, `redirect_uris` and `resources` (permission names or their
 * `Gatehouse_<Group>::<action>` forms). Unknown keys are errors, so a misspelt one is not ignored.
 */
export function readYamlFile(file: string, source: string): Fragment[] {
  const lines = new LineCounter();
  const document = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  const lineOf = (node: Node | null | undefined) => (node?.range ? lines.linePos(node.range[0]).line : 1);
  const problems = document.errors.map((error) => `${file}:${lines.linePos(error.pos[0]).line}: ${error.message}`);
  if (problems.length > 0) throw new ProvisionError(problems);
  const root = document.contents;
  const list = isMap(root) ? root.get('applications', true) : undefined;
  if (!isMap(root) || !isSeq(list))
    throw new ProvisionError([`${file}:${lineOf(root)}: expected a map with an \`applications\` list`]);
  const fragments = list.items.flatMap((item): Fragment[] => {
    const at = { file, line: lineOf(item as Node) };
    if (!isMap(item)) {
      problems.push(`${file}:${at.line}: each application is a map`);
      return [];
    }
    const text = (key: string): Field | undefined => {
      const node = item.get(key, true);
      if (node === undefined) return undefined;
      if (isScalar(node) && typeof node.value === 'string')
        return { value: node.value, at: { file, line: lineOf(node) } };
      problems.push(`${file}:${lineOf(node)}: \`${key}\` must be a string`);
      return undefined;
    };
    const strings = (key: string): Field[] => {
      const node = item.get(key, true);
      if (node === undefined) return [];
      if (!isSeq(node)) {
        problems.push(`${file}:${lineOf(node)}: \`${key}\` must be a list`);
        return [];
      }
      return node.items.flatMap((entry) => {
        if (isScalar(entry) && typeof entry.value === 'string')
          return [{ value: entry.value, at: { file, line: lineOf(entry) } }];
        problems.push(`${file}:${lineOf(entry as Node)}: \`${key}\` holds strings only`);
        return [];
      });
    };
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!KEYS.has(key)) problems.push(`${file}:${lineOf(pair.key as Node)}: unknown key \`${key}\``);
    }
    const name = text('name');
    if (!name?.value.trim()) {
      problems.push(`${file}:${at.line}: an application needs a \`name\``);
      return [];
    }
    const fragment: Fragment = { name: name.value.trim(), at, resources: strings('resources') };
    for (const key of SCALARS) {
      const value = text(key);
      if (value) fragment[key] = value;
    }
    if (item.has('redirect_uris'))
      fragment.redirect_uris = { value: strings('redirect_uris').map((entry) => entry.value), at };
    return [fragment];
  });
  if (problems.length > 0) throw new ProvisionError(problems);
  return fragments;
}
