import { type Field, type Fragment, ProvisionError, SCALARS } from './declared.ts';
import { parseXml, type XmlElement, XmlError } from './xml.ts';

/**
 * Magento's `integration.xml` shape (also its older `config.xml`/`api.xml` pair):
 * `<integrations>` or `<config>`, then `<integration name>` with `email`, `endpoint_url`,
 * `identity_link_url` and `<resources><resource name/>…`. Any other element is an error, never
 * skipped.
 */
export function readMagentoFile(file: string, source: string): Fragment[] {
  let root: XmlElement;
  try {
    root = parseXml(source);
  } catch (error) {
    if (error instanceof XmlError) throw new ProvisionError([`${file}: ${error.message}`]);
    throw error;
  }
  const problems: string[] = [];
  const at = (element: XmlElement) => ({ file, line: element.line });
  if (root.name !== 'integrations' && root.name !== 'config')
    throw new ProvisionError([`${file}:${root.line}: the root element must be <integrations> or <config>`]);
  const fragments = root.children.flatMap((element): Fragment[] => {
    const name = element.attributes.name?.trim();
    if (element.name !== 'integration' || !name) {
      problems.push(`${file}:${element.line}: expected <integration name="…">, found <${element.name}>`);
      return [];
    }
    const fragment: Fragment = { name, at: at(element), resources: [] };
    for (const child of element.children) {
      if ((SCALARS as readonly string[]).includes(child.name)) {
        fragment[child.name as (typeof SCALARS)[number]] = { value: child.text.trim(), at: at(child) };
      } else if (child.name === 'resources') {
        fragment.resources.push(...resources(child, at, problems, file));
      } else {
        problems.push(`${file}:${child.line}: <${child.name}> is not part of an integration`);
      }
    }
    return [fragment];
  });
  if (problems.length > 0) throw new ProvisionError(problems);
  return fragments;
}

function resources(
  element: XmlElement,
  at: (element: XmlElement) => Field['at'],
  problems: string[],
  file: string,
): Field[] {
  return element.children.flatMap((child) => {
    const name = child.attributes.name?.trim();
    if (child.name === 'resource' && name) return [{ value: name, at: at(child) }];
    problems.push(`${file}:${child.line}: expected <resource name="…"/>, found <${child.name}>`);
    return [];
  });
}
