/** An element of a parsed file, with the line it starts on. */
export type XmlElement = {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
};

export class XmlError extends Error {}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (value: string) => value.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name]!);
const TOKEN = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*"[^"]*")*)\s*(\/?)>|([^<]+)|(<)/g;
const ATTRIBUTE = /([\w.:-]+)\s*=\s*"([^"]*)"/g;

/**
 * Reads the small XML of an integration file: elements, attributes in double quotes, text,
 * comments and the declaration; anything else (DTDs, CDATA, processing instructions) is refused
 * with its line rather than misread.
 */
export function parseXml(source: string): XmlElement {
  // Comments and the declaration become blank text of the same lines, so lines still count true.
  const blank = (part: string) => part.replace(/[^\n]/g, ' ');
  const text = source.replace(/<!--[\s\S]*?-->/g, blank).replace(/^\s*<\?xml[\s\S]*?\?>/, blank);
  const root: XmlElement = { name: '', attributes: {}, children: [], text: '', line: 1 };
  const open: XmlElement[] = [root];
  for (const match of text.matchAll(TOKEN)) {
    const line = text.slice(0, match.index).split('\n').length;
    const [, closing, name, attributes, selfClosing, content, stray] = match;
    const parent = open.at(-1)!;
    if (stray) throw new XmlError(`line ${line}: unexpected markup`);
    if (content !== undefined) {
      parent.text += decode(content);
      continue;
    }
    if (closing) {
      if (parent.name !== name || open.length === 1)
        throw new XmlError(`line ${line}: </${name}> closes <${parent.name || 'nothing'}>`);
      open.pop();
      continue;
    }
    const element: XmlElement = { name: name!, attributes: {}, children: [], text: '', line };
    for (const [, key, value] of (attributes ?? '').matchAll(ATTRIBUTE)) element.attributes[key!] = decode(value!);
    parent.children.push(element);
    if (!selfClosing) open.push(element);
  }
  if (open.length > 1) throw new XmlError(`line ${open.at(-1)!.line}: <${open.at(-1)!.name}> is never closed`);
  const elements = root.children;
  if (elements.length !== 1 || root.text.trim() !== '') throw new XmlError('line 1: expected exactly one root element');
  return elements[0]!;
}
