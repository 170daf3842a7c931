/** An element of parsed markup: its name, attributes and child elements (text is dropped). */
export interface MarkupElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: MarkupElement[];
}

const TOKEN = /<!DOCTYPE html>|<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<|&(?!amp;|lt;|gt;|quot;)/g;
const ATTR = /([\w:-]+)="([^"]*)"/g;
/** Elements HTML closes by itself. */
const VOID = new Set(['meta', 'br', 'hr', 'img', 'link', 'input']);

/**
 * Parses markup strictly, as XML would: every tag closed in order, every attribute quoted, no
 * stray `<` or `&`. A page that passes is well-formed for any HTML parser too.
 */
export function parseMarkup(text: string): MarkupElement {
  const root: MarkupElement = { name: '#root', attrs: {}, children: [] };
  const open: MarkupElement[] = [root];
  for (const match of text.matchAll(TOKEN)) {
    const [token, closing, name, attrText, selfClosing] = match;
    if (token === '<!DOCTYPE html>') continue;
    if (name === undefined) throw new Error(`stray "${token}" at ${match.index}`);
    if (closing) {
      const top = open.pop();
      if (top?.name !== name) throw new Error(`</${name}> at ${match.index} closes <${top?.name}>`);
      continue;
    }
    const attrs = Object.fromEntries([...(attrText ?? '').matchAll(ATTR)].map(([, k, v]) => [k!, v!]));
    const element: MarkupElement = { name: name, attrs, children: [] };
    open[open.length - 1]!.children.push(element);
    if (!selfClosing && !VOID.has(name)) open.push(element);
  }
  if (open.length !== 1) throw new Error(`<${open[open.length - 1]!.name}> never closed`);
  return root;
}

/** Every element below `root` that satisfies `test`, in document order. */
export function findAll(root: MarkupElement, test: (e: MarkupElement) => boolean): MarkupElement[] {
  return root.children.flatMap((c) => [...(test(c) ? [c] : []), ...findAll(c, test)]);
}
