import { type SchemaNode } from '../schema/schema-node';
import { type Frame } from './frame';
import { openLiteral } from './literal.frame';
import { openString } from './string.frame';

const opened = new WeakMap<SchemaNode, readonly Frame[]>();

/** The frames a value of `node` can start with, one per alternative (unions flattened). */
export function openValue(node: SchemaNode): readonly Frame[] {
  let frames = opened.get(node);
  if (!frames) {
    frames = [];
    collect(node, frames as Frame[], new Set());
    opened.set(node, frames);
  }
  return frames;
}

function collect(node: SchemaNode, into: Frame[], visiting: Set<SchemaNode>): void {
  switch (node.kind) {
    case 'union':
      // A union reached again through its own options (`{"$ref": "#"}`) adds nothing new.
      if (visiting.has(node)) return;
      visiting.add(node);
      for (const option of node.options) collect(option, into, visiting);
      visiting.delete(node);
      return;
    case 'object':
      into.push({ kind: 'object', node, phase: 'open', ws: 0, seen: [], value: null });
      return;
    case 'array':
      into.push({ kind: 'array', node, phase: 'open', ws: 0, count: 0 });
      return;
    case 'string':
      into.push(openString(node, false));
      return;
    case 'number':
      into.push({ kind: 'number', integer: node.integer, phase: 'start', digits: 0 });
      return;
    case 'literal':
      into.push(openLiteral(node.texts));
      return;
  }
}
