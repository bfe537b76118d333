// Checks that an SVG string is well-formed markup with one <svg> root, counts Vega's data marks and lists outside references.

/** What the check found: all elements, the drawn elements inside Vega's data-mark groups (class "role-mark"), and anything not self-contained. */
export interface SvgSummary {
  elements: number;
  marks: number;
  /** <script> elements and href / src values that point outside the SVG (anything but "#id" and "data:"). */
  external: string[];
}

const NAME = /^[A-Za-z_][\w:.-]*/;
const ATTRIBUTE = /^\s+([A-Za-z_][\w:.-]*)\s*=\s*("[^"<]*"|'[^'<]*')/;
const DRAWN = new Set(['path', 'rect', 'line', 'circle', 'ellipse', 'polygon', 'polyline', 'text', 'image']);

interface OpenElement {
  name: string;
  insideMark: boolean;
}

function fail(where: string, rule: string, actual: string): never {
  throw new Error(`${where}: svg must ${rule}, got ${actual}`);
}

/** Reads one start tag at `at` (just after '<'); returns its name, attributes, whether it closes itself, and the end offset. */
function readStartTag(svg: string, at: number, where: string): { name: string; attributes: Map<string, string>; selfClosing: boolean; end: number } {
  const name = NAME.exec(svg.slice(at, at + 200))?.[0];
  if (name === undefined) fail(where, 'have a tag name after "<"', `${JSON.stringify(svg.slice(at - 1, at + 20))} at offset ${at - 1}`);
  let cursor = at + name.length;
  const attributes = new Map<string, string>();
  for (;;) {
    const attribute = ATTRIBUTE.exec(svg.slice(cursor, cursor + 100_000));
    if (attribute === null) break;
    if (attributes.has(attribute[1])) fail(where, 'not repeat an attribute', `${attribute[1]} twice on <${name}> at offset ${at - 1}`);
    attributes.set(attribute[1], attribute[2].slice(1, -1));
    cursor += attribute[0].length;
  }
  const close = /^\s*(\/?)>/.exec(svg.slice(cursor, cursor + 200));
  if (close === null) fail(where, 'have well-formed attributes', `${JSON.stringify(svg.slice(cursor, cursor + 30))} in <${name}> at offset ${at - 1}`);
  return { name, attributes, selfClosing: close[1] === '/', end: cursor + close[0].length };
}

/** Parses the tags of `svg` (comments skipped), requiring balanced elements under a single <svg> root; throws with `where` otherwise. */
export function checkSvg(svg: string, where = 'checkSvg'): SvgSummary {
  const stack: OpenElement[] = [];
  let elements = 0;
  let marks = 0;
  const external: string[] = [];
  let rootClosed = false;
  let cursor = svg.search(/\S/);
  if (cursor < 0 || !svg.startsWith('<svg', cursor)) fail(where, 'start with <svg', JSON.stringify(svg.slice(0, 30)));
  while (cursor < svg.length) {
    const open = svg.indexOf('<', cursor);
    if (open < 0) break;
    if (rootClosed && svg.slice(cursor, open).trim() !== '') fail(where, 'end with its root </svg>', `text after it at offset ${cursor}`);
    if (svg.startsWith('<!--', open)) {
      const end = svg.indexOf('-->', open + 4);
      if (end < 0) fail(where, 'close every comment', `an open comment at offset ${open}`);
      cursor = end + 3;
      continue;
    }
    if (svg[open + 1] === '/') {
      const end = svg.indexOf('>', open);
      const name = svg.slice(open + 2, end < 0 ? undefined : end).trim();
      const top = stack.pop();
      if (top === undefined || top.name !== name) fail(where, 'close elements in order', `</${name}> at offset ${open} while <${top?.name ?? 'nothing'}> is open`);
      if (stack.length === 0) rootClosed = true;
      cursor = end + 1;
      continue;
    }
    if (rootClosed) fail(where, 'have a single root element', `<${svg.slice(open + 1, open + 12)} at offset ${open}`);
    const tag = readStartTag(svg, open + 1, where);
    if (stack.length === 0 && tag.name !== 'svg') fail(where, 'have <svg> as its root', `<${tag.name}>`);
    const parentInsideMark = stack.at(-1)?.insideMark ?? false;
    const classes = (tag.attributes.get('class') ?? '').split(/\s+/);
    elements++;
    if (tag.name === 'script') external.push('<script>');
    for (const [attribute, value] of tag.attributes) {
      const isLink = attribute === 'src' || attribute === 'href' || attribute.endsWith(':href');
      if (isLink && !value.startsWith('#') && !value.startsWith('data:')) external.push(`${attribute}="${value}"`);
    }
    if (parentInsideMark && DRAWN.has(tag.name)) marks++;
    if (!tag.selfClosing) stack.push({ name: tag.name, insideMark: parentInsideMark || (tag.name === 'g' && classes.includes('role-mark')) });
    else if (stack.length === 0) rootClosed = true;
    cursor = tag.end;
  }
  if (stack.length > 0) fail(where, 'close every element', `<${stack.map((e) => e.name).join('> <')}> still open at the end`);
  return { elements, marks, external };
}
