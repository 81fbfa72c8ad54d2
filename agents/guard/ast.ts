/**
 * Reads the text of ClickHouse's `EXPLAIN AST` (one node per line, one space
 * of indentation per level, `Type [name] [(alias a)] [(children N)]`) into a
 * tree, and checks that the text is self-consistent: one root, no jumps in
 * depth, and every node has exactly the children it declares. Anything odd is
 * an {@link AstParseError}; the guard refuses the query.
 */

export interface AstNode {
  /** Node type: `SelectQuery`, `TableIdentifier`, `Function`, `Literal`... */
  type: string;
  /** Text after the type: a table or column name, function name, literal. */
  name: string;
  alias?: string;
  children: AstNode[];
  parent?: AstNode;
  /** Index among the parent's children. */
  index: number;
  /** 0-based line in the EXPLAIN text (for diagnostics). */
  line: number;
}

export class AstParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AstParseError';
  }
}

const CHILDREN = / \(children (\d+)\)$/;
const ALIAS = / \(alias ([^()]*)\)$/;

/**
 * Undoes CSV quoting when every line is wrapped in double quotes (what an
 * `EXPLAIN AST` comes back as when the session's default output format is
 * CSV, as with chDB behind `@clickhouse/client`).
 */
function unwrapLines(text: string): string[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  while (lines.length && lines[0].trim() === '') lines.shift();
  const quoted = lines.length > 0 && lines.every((l) => l.length >= 2 && l.startsWith('"') && l.endsWith('"'));
  if (!quoted) return lines;
  return lines.map((l) => {
    const inner = l.slice(1, -1);
    if (inner.replace(/""/g, '').includes('"')) throw new AstParseError('malformed quoted EXPLAIN AST line');
    return inner.replace(/""/g, '"');
  });
}

/** Parses `EXPLAIN AST` text into its root node. */
export function parseExplainAst(text: string): AstNode {
  const lines = unwrapLines(text);
  if (lines.length === 0) throw new AstParseError('empty EXPLAIN AST output');
  const stack: { node: AstNode; depth: number; declared: number }[] = [];
  let root: AstNode | undefined;
  const finish = (entry: { node: AstNode; declared: number }) => {
    if (entry.node.children.length !== entry.declared) {
      throw new AstParseError(`AST node ${entry.node.type} on line ${entry.node.line + 1} declares ${entry.declared} children but has ${entry.node.children.length}`);
    }
  };
  lines.forEach((raw, lineNo) => {
    const m = /^( *)(\S+)(.*)$/.exec(raw);
    if (!m) throw new AstParseError(`unreadable EXPLAIN AST line ${lineNo + 1}`);
    const depth = m[1].length;
    let rest = m[3];
    let declared = 0;
    const c = CHILDREN.exec(rest);
    if (c) {
      declared = Number(c[1]);
      rest = rest.slice(0, c.index);
    }
    let alias: string | undefined;
    const a = ALIAS.exec(rest);
    if (a) {
      alias = a[1];
      rest = rest.slice(0, a.index);
    }
    const node: AstNode = { type: m[2], name: rest.replace(/^ /, '').replace(/ +$/, ''), children: [], index: 0, line: lineNo };
    if (alias !== undefined) node.alias = alias;
    while (stack.length && stack[stack.length - 1].depth >= depth) finish(stack.pop()!);
    if (stack.length === 0) {
      if (root) throw new AstParseError('EXPLAIN AST has more than one root');
      if (depth !== 0) throw new AstParseError('EXPLAIN AST root is indented');
      root = node;
    } else {
      const parent = stack[stack.length - 1];
      if (depth !== parent.depth + 1) throw new AstParseError(`EXPLAIN AST line ${lineNo + 1} skips a level`);
      node.parent = parent.node;
      node.index = parent.node.children.length;
      parent.node.children.push(node);
    }
    stack.push({ node, depth, declared });
  });
  while (stack.length) finish(stack.pop()!);
  return root!;
}

/** Every node of the tree in pre-order (document order). */
export function walk(root: AstNode): AstNode[] {
  const out: AstNode[] = [];
  const visit = (n: AstNode) => {
    out.push(n);
    for (const c of n.children) visit(c);
  };
  visit(root);
  return out;
}

/** True when `node` is `ancestor` or lies inside it. */
export function isWithin(node: AstNode, ancestor: AstNode): boolean {
  for (let n: AstNode | undefined = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}
