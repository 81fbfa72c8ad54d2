/**
 * CTE names by the AST's structure. ClickHouse's `EXPLAIN AST` prints a
 * `WithElement` without its name (engine 26.7), and source order is not AST
 * order (`FROM … SELECT`, `LIMIT n OFFSET m`, `position(a IN b)`…), so names
 * are attached by asking the parser: every candidate CTE body `(…)` found in
 * the tokens is wrapped, in a probe copy of the statement, as
 * `(SELECT '<nonce>_<k>' AS __guard_cte FROM (…))`. The probe's AST must be
 * the statement's AST plus exactly these wrappers, each directly under a
 * `WithElement`, and every `WithElement` must carry one; otherwise the query
 * is refused. The nonce is random per check, so SQL cannot forge a mark.
 */
import { randomBytes } from 'node:crypto';
import { isWithin, type AstNode } from './ast.ts';
import { emitTokens, type CteName, type Statement } from './tokenize.ts';

const MARK_ALIAS = '__guard_cte';

/** A WithElement's CTE; `copy` when ClickHouse copied it from a UNION's first SELECT (enable_global_with_statement). */
export type NamedCte = CteName & { copy: boolean };

/** A fresh nonce for one check. */
export function newNonce(): string {
  return `g${randomBytes(8).toString('hex')}`;
}

/** The probe text: the statement with each candidate body wrapped in a marked SELECT. */
export function buildProbe(stmt: Statement, candidates: readonly CteName[], nonce: string): string {
  const replace = new Map<number, string>();
  candidates.forEach((c, k) => {
    replace.set(c.open, `(SELECT '${nonce}_${k}' AS ${MARK_ALIAS} FROM (`);
    replace.set(c.close, '))');
  });
  return emitTokens(stmt.text, stmt.tokens, replace);
}

const only = (n: AstNode | undefined, type: string): AstNode | undefined =>
  n && n.type === type && n.children.length === 1 ? n.children[0] : undefined;

/** For a probe `WithElement`: the candidate index its wrapper names, and the wrapped body. */
function unwrap(withEl: AstNode, nonce: string): { k: number; body: AstNode } | undefined {
  const sub = withEl.children.length === 1 ? withEl.children[0] : undefined;
  const union = only(sub, 'Subquery');
  const list = only(union, 'SelectWithUnionQuery');
  const select = only(list, 'ExpressionList');
  if (!select || select.type !== 'SelectQuery' || select.children.length !== 2) return undefined;
  const [cols, tables] = select.children;
  const lit = only(cols, 'ExpressionList');
  const m = lit && lit.type === 'Literal' && lit.alias === MARK_ALIAS && lit.children.length === 0 ? new RegExp(`^'${nonce}_(\\d+)'$`).exec(lit.name) : null;
  if (!m) return undefined;
  const inner = only(only(only(only(tables, 'TablesInSelectQuery'), 'TablesInSelectQueryElement'), 'TableExpression'), 'Subquery');
  if (!inner || inner.parent?.alias !== undefined) return undefined;
  return { k: Number(m[1]), body: inner };
}

/**
 * Pairs the statement's AST with the probe's and names every `WithElement`.
 * Returns the names, or undefined when the two trees differ anywhere but
 * in the wrappers (the query is then refused).
 */
export function nameWithElements(original: AstNode, probe: AstNode, candidates: readonly CteName[], nonce: string): Map<AstNode, NamedCte> | undefined {
  const names = new Map<AstNode, NamedCte>();
  const seen = new Set<number>();
  const same = (a: AstNode, b: AstNode): boolean => {
    if (a.type !== b.type || a.name !== b.name || a.alias !== b.alias) return false;
    if (a.type === 'WithElement') {
      const u = unwrap(b, nonce);
      const sub = a.children.length === 1 ? a.children[0] : undefined;
      if (!u || u.k >= candidates.length || !sub || sub.type !== 'Subquery' || sub.children.length !== 1) return false;
      if (sub.alias !== b.children[0].alias || sub.name !== b.children[0].name) return false;
      // Pre-order meets the written element (first SELECT of a UNION) before its copies.
      names.set(a, { ...candidates[u.k], copy: seen.has(u.k) });
      seen.add(u.k);
      return same(sub.children[0], u.body);
    }
    return a.children.length === b.children.length && a.children.every((c, k) => same(c, b.children[k]));
  };
  if (!same(original, probe)) return undefined;
  // Every candidate must have landed under a WithElement (copies made by
  // ClickHouse for UNION siblings carry the same mark and the same name).
  if (seen.size !== candidates.length) return undefined;
  return names;
}

/** The `WithElement`s a `SelectQuery` defines (its WITH list, written or copied from a UNION's first SELECT). */
function withElementsOf(select: AstNode): AstNode[] {
  const out: AstNode[] = [];
  for (const list of select.children) {
    if (list.type !== 'ExpressionList') continue;
    for (const c of list.children) if (c.type === 'WithElement') out.push(c);
  }
  return out;
}

/**
 * True when `ref` lies in the recursive part of a RECURSIVE CTE's body: a
 * UNION of two or more members, outside the first (the anchor, where
 * ClickHouse resolves the name to a real table; measured with the fuzz oracle).
 */
function inRecursivePart(ref: AstNode, withEl: AstNode): boolean {
  const union = withEl.children[0]?.children[0];
  const members = union?.type === 'SelectWithUnionQuery' ? union.children[0] : undefined;
  if (!members || members.type !== 'ExpressionList' || members.children.length < 2) return false;
  return members.children.slice(1).some((m) => isWithin(ref, m));
}

/**
 * Whether an unqualified table name at `ref` is a CTE. Conservative (never
 * wider than ClickHouse's scoping): a CTE of SelectQuery S is visible inside
 * S, including nested subqueries and later WITH elements of the same list,
 * but not inside its own body (except in the recursive part of a RECURSIVE
 * one) nor inside earlier elements; and a `WITH RECURSIVE` name never on the
 * right of IN (`opts.viaIn`) nor through a copy in a UNION/EXCEPT sibling.
 */
export function cteVisible(ref: AstNode, name: string, names: ReadonlyMap<AstNode, NamedCte>, opts: { viaIn?: boolean } = {}): boolean {
  for (let anc = ref.parent; anc; anc = anc.parent) {
    if (anc.type !== 'SelectQuery') continue;
    for (const w of withElementsOf(anc)) {
      const cte = names.get(w);
      if (!cte || cte.name !== name) continue;
      // `v IN x` does not see a CTE of a WITH RECURSIVE list: ClickHouse reads table x (fuzz oracle).
      if (opts.viaIn && cte.recursive) return false;
      // Nor does a UNION/EXCEPT sibling see a copied WITH RECURSIVE name (fuzz oracle).
      if (cte.recursive && cte.copy) return false;
      if (isWithin(ref, w)) {
        if (cte.recursive && inRecursivePart(ref, w)) return true;
        continue;
      }
      const earlier = w.parent!.children.slice(0, w.index);
      if (earlier.some((e) => isWithin(ref, e))) continue;
      return true;
    }
  }
  return false;
}

/** Aliases written in SelectQuery `select`'s own scope (not inside its subqueries or WITH bodies). */
function scopeAliases(select: AstNode, out: Set<string>): void {
  const visit = (n: AstNode) => {
    if (n.alias !== undefined) out.add(n.alias);
    if (n !== select && (n.type === 'Subquery' || n.type === 'WithElement' || n.type === 'SelectQuery')) return;
    for (const c of n.children) visit(c);
  };
  visit(select);
}

/**
 * A name inside a WITH body that is also an alias of the query owning the
 * WITH (or an outer one), or undefined. ClickHouse resolves such a name to
 * the aliased expression but inside the body, where the CTE itself is not
 * visible: `WITH x AS (SELECT v) SELECT 'a' IN x AS v FROM x` reads table x
 * (fuzz oracle). Such queries are refused.
 */
export function aliasIntoWithBody(root: AstNode): string | undefined {
  for (const w of walkNodes(root)) {
    if (w.type !== 'WithElement') continue;
    const aliases = new Set<string>();
    for (let anc = w.parent; anc; anc = anc.parent) if (anc.type === 'SelectQuery') scopeAliases(anc, aliases);
    if (aliases.size === 0) continue;
    for (const n of walkNodes(w)) if (n.type === 'Identifier' && !n.name.includes('.') && aliases.has(n.name)) return n.name;
  }
  return undefined;
}

function walkNodes(root: AstNode): AstNode[] {
  const out: AstNode[] = [];
  const visit = (n: AstNode) => {
    out.push(n);
    n.children.forEach(visit);
  };
  visit(root);
  return out;
}
