/**
 * The SQL guard: every user- or model-written query passes through it before
 * it reaches the warehouse. Stage 1 (our tokenizer, nothing sent anywhere):
 * one statement, starting with SELECT/WITH, no SETTINGS / INTO OUTFILE /
 * FORMAT. Stage 2: ClickHouse's own parser (`EXPLAIN AST`) and a walk of its
 * tree: only SELECT node types, tables only from the allow-list, no table
 * functions, no dictionary/file/Join-table functions. The result carries the
 * limit settings that must go with EVERY query (chDB's `readonly=2` still
 * lets `file()` and `url()` run, so the guard is what protects the machine).
 */
import { DatalabsError, isDatalabsError, oneLine } from '../../bot/types/errors.ts';
import type { ClickHouseSettings, WarehouseReader } from '../../bot/types/warehouse.ts';
import { AstParseError, parseExplainAst, walk, isWithin, type AstNode } from './ast.ts';
import { ALLOWED_NODE_TYPES, IN_FUNCTIONS, NODE_TYPE_REASONS, deniedFunctionReason, type HarmlessTableFunction } from './deny-lists.ts';
import { TokenizeError, findCteNames, isWord, tokenize, type CteName, type Token } from './tokenize.ts';

export type { HarmlessTableFunction } from './deny-lists.ts';

/** Engine-side limits attached to every guarded query. */
export interface GuardLimits {
  /** `max_execution_time` (seconds; `timeout_overflow_mode=throw`). */
  maxExecutionTimeSec: number;
  /** `max_result_rows` with `result_overflow_mode=break` (cuts at block boundaries; cap rows client-side too). */
  maxResultRows: number;
  /** `max_memory_usage` in bytes. */
  maxMemoryBytes: number;
  /** `max_rows_to_read` (`read_overflow_mode=throw`): stops cross joins and full scans of huge tables. */
  maxRowsToRead: number;
}

export const DEFAULT_LIMITS: Readonly<GuardLimits> = Object.freeze({
  maxExecutionTimeSec: 30,
  maxResultRows: 10_000,
  maxMemoryBytes: 2_000_000_000,
  maxRowsToRead: 200_000_000,
});

/** What a workspace may read. */
export interface GuardPolicy {
  /** Databases whose every table may be read, e.g. `['demo']`. Compared case-sensitively, as ClickHouse does. */
  allowedDatabases: string[];
  /** Extra single tables as `database.table`, for databases not wholly allowed. */
  allowedTables?: string[];
  /**
   * Database for unqualified table names that are not CTEs. When set, the
   * guard rewrites `FROM orders` to `FROM demo.orders` (and checks with
   * ClickHouse's parser that nothing else changed); when unset, unqualified
   * names are refused. Must itself be allowed.
   */
  defaultDatabase?: string;
  /** Allow `system.*` and `information_schema.*` (default false; they are refused even if listed above, and allowed by this alone). */
  allowSystem?: boolean;
  /** Value-generating table functions to allow (default none: every table function is refused). */
  allowedTableFunctions?: HarmlessTableFunction[];
  /** Limits; missing fields come from {@link DEFAULT_LIMITS}. */
  limits?: Partial<GuardLimits>;
  /** Longest SQL accepted, in characters (default 100 000). */
  maxSqlLength?: number;
}

/** A query the guard accepted. */
export interface GuardedQuery {
  /** The single statement to run (trailing ';' and comments removed; unqualified tables qualified). */
  sql: string;
  /** Tables read, as `database.table`, sorted (CTE names excluded). */
  tables: string[];
  /** Settings to send with this query: readonly=2 and every limit. */
  settings: ClickHouseSettings;
}

export interface SqlGuard {
  /** Checks one SQL string; refusals are DatalabsError('SQL_REJECTED') with a one-line reason. */
  check(sql: string): Promise<GuardedQuery>;
  /** The settings every guarded query carries (same object shape as `GuardedQuery.settings`). */
  readonly settings: Readonly<ClickHouseSettings>;
}

const SYSTEM_DATABASES = new Set(['system', 'information_schema', 'INFORMATION_SCHEMA']);
const PASS_THROUGH_CODES = new Set(['WAREHOUSE_UNAVAILABLE', 'DATA_DIR_LOCKED', 'WAREHOUSE_TIMEOUT', 'QUERY_CANCELLED']);

function reject(reason: string): never {
  throw new DatalabsError('SQL_REJECTED', `SQL rejected: ${reason.split('\n')[0]}`);
}

/** The limit settings for a policy's limits. */
export function limitSettings(limits: Partial<GuardLimits> = {}): ClickHouseSettings {
  const l = { ...DEFAULT_LIMITS, ...limits };
  for (const [k, v] of Object.entries(l)) {
    if (!Number.isFinite(v) || v <= 0) throw new DatalabsError('CONFIG_INVALID', `guard limit ${k} must be a positive number, got ${v}`);
  }
  return {
    readonly: 2,
    max_execution_time: l.maxExecutionTimeSec,
    timeout_overflow_mode: 'throw',
    max_result_rows: l.maxResultRows,
    result_overflow_mode: 'break',
    max_memory_usage: l.maxMemoryBytes,
    max_rows_to_read: l.maxRowsToRead,
    read_overflow_mode: 'throw',
    // The guard's CTE scoping assumes WITH propagates to UNION siblings and subqueries.
    enable_global_with_statement: 1,
    allow_introspection_functions: 0,
  };
}

/**
 * Creates the guard. `reader.explainAst` is the only call it makes, and only
 * with a single statement that passed the tokenizer.
 */
export function createSqlGuard(reader: Pick<WarehouseReader, 'explainAst'>, policy: GuardPolicy): SqlGuard {
  if (!Array.isArray(policy.allowedDatabases)) throw new DatalabsError('CONFIG_INVALID', 'guard policy needs allowedDatabases (e.g. ["demo"])');
  const settings = Object.freeze(limitSettings(policy.limits));
  const maxLen = policy.maxSqlLength ?? 100_000;
  const allowedDbs = new Set(policy.allowedDatabases);
  const allowedTables = new Set(policy.allowedTables ?? []);
  const allowedTf = new Set<string>(policy.allowedTableFunctions ?? []);
  if (policy.defaultDatabase !== undefined && !allowedDbs.has(policy.defaultDatabase)) {
    throw new DatalabsError('CONFIG_INVALID', `guard defaultDatabase ${policy.defaultDatabase} is not in allowedDatabases`);
  }

  function tableAllowed(db: string, table: string): boolean {
    if (SYSTEM_DATABASES.has(db)) return policy.allowSystem === true;
    return allowedDbs.has(db) || allowedTables.has(`${db}.${table}`);
  }

  function describeAllowed(): string {
    const list = [...allowedDbs].map((d) => `${d}.*`).concat([...allowedTables]);
    return list.length ? list.join(', ') : 'none';
  }

  /** Stage 1: tokens → the single statement's text, or a refusal. */
  function prepare(sql: string): { text: string; tokens: Token[] } {
    if (typeof sql !== 'string') reject('SQL must be a string');
    if (sql.length > maxLen) reject(`SQL is longer than ${maxLen} characters`);
    let tokens: Token[];
    try {
      tokens = tokenize(sql);
    } catch (err) {
      if (err instanceof TokenizeError) reject(err.message);
      throw err;
    }
    if (tokens.length && tokens[tokens.length - 1].kind === 'punct' && tokens[tokens.length - 1].text === ';') tokens = tokens.slice(0, -1);
    if (tokens.length === 0) reject('empty SQL');
    if (tokens.some((t) => t.kind === 'punct' && t.text === ';')) reject('multiple statements; send one SELECT');
    const first = tokens.find((t) => !(t.kind === 'punct' && t.text === '('));
    if (!first || !(isWord(first, 'SELECT') || isWord(first, 'WITH'))) {
      reject(`only SELECT or WITH queries are allowed${first ? ` (got ${first.text.slice(0, 30)})` : ''}`);
    }
    // A lone keyword would swallow the output format the transport appends.
    if (tokens.indexOf(first) === tokens.length - 1) reject(`incomplete query: ${first.text.toUpperCase()} needs more`);
    tokens.forEach((t, k) => {
      if (isWord(t, 'SETTINGS')) reject('SETTINGS clauses are not allowed: the guard sets the limits');
      if (isWord(t, 'OUTFILE')) reject('INTO OUTFILE is not allowed');
      const next = tokens[k + 1];
      if (isWord(t, 'FORMAT') && !(next?.kind === 'punct' && next.text === '(')) reject('FORMAT clauses are not allowed: the warehouse picks the output format');
    });
    return { text: sql.slice(tokens[0].start, tokens[tokens.length - 1].end), tokens };
  }

  async function explain(text: string): Promise<AstNode> {
    let out: string;
    try {
      out = await reader.explainAst(text);
    } catch (err) {
      if (isDatalabsError(err) && PASS_THROUGH_CODES.has(err.code)) throw err;
      const msg = oneLine(err).replace(/^ClickHouse error \d+ \(\w+\): /, '').replace(/^Code: \d+\. DB::Exception: /, '');
      reject(`ClickHouse cannot parse it: ${msg.slice(0, 240)}`);
    }
    try {
      return parseExplainAst(out);
    } catch (err) {
      if (err instanceof AstParseError) reject(`unreadable query structure (${err.message})`);
      throw err;
    }
  }

  interface Analysis {
    tables: Set<string>;
    /** Unqualified, non-CTE table references (qualified later against defaultDatabase). */
    unresolved: AstNode[];
  }

  /** Stage 2: the tree → tables read, or a refusal. */
  function analyze(root: AstNode, ctes: CteName[]): Analysis {
    if (root.type !== 'SelectWithUnionQuery') reject(`only SELECT queries are allowed (got ${root.type})`);
    const [body, ...extra] = root.children;
    if (!body || body.type !== 'ExpressionList') reject('unexpected query structure');
    let ignored: AstNode | undefined;
    extra.forEach((child, k) => {
      if (child.type === 'Literal') reject('INTO OUTFILE is not allowed');
      // A trailing Identifier is the output format the transport appends (the
      // tokenizer has already refused any FORMAT clause in the user's SQL).
      if (child.type === 'Identifier' && k === extra.length - 1) ignored = child;
      else reject(`unexpected ${child.type} clause after the query`);
    });
    const nodes = walk(root).filter((n) => !ignored || !isWithin(n, ignored));

    // WITH lists the parser wrote are a SelectQuery's first child. ClickHouse
    // also appends copies of the first SELECT's WITH list to its UNION
    // siblings (enable_global_with_statement) as their last child; copies are
    // checked like everything else but carry no names of their own.
    const withElements = nodes.filter((n) => n.type === 'WithElement');
    for (const w of withElements) {
      if (w.parent?.type !== 'ExpressionList' || w.parent.parent?.type !== 'SelectQuery') reject('WITH element in an unexpected place');
    }
    const written = withElements.filter((w) => w.parent!.index === 0);
    if (written.length !== ctes.length) reject('could not match WITH names to the query; simplify the WITH clause');
    const cteOf = new Map<AstNode, CteName>();
    written.forEach((w, k) => cteOf.set(w, ctes[k]));

    const tables = new Set<string>();
    const unresolved: AstNode[] = [];
    const checkTable = (ref: AstNode, what: string) => {
      const name = ref.name;
      const dot = name.indexOf('.');
      if (dot < 0) {
        if (name === '' || /\s/.test(name)) reject(`unreadable ${what} name`);
        if (cteVisible(ref, name, cteOf)) return;
        if (policy.defaultDatabase === undefined) reject(`table ${name} must be written as database.table (allowed: ${describeAllowed()})`);
        unresolved.push(ref);
        return;
      }
      const db = name.slice(0, dot);
      const table = name.slice(dot + 1);
      if (!db || !table || table.includes('.')) reject(`ambiguous ${what} name ${name}`);
      if (SYSTEM_DATABASES.has(db) && !policy.allowSystem) reject(`system tables are not allowed (${name})`);
      if (!tableAllowed(db, table)) reject(`table ${name} is not allowed (allowed: ${describeAllowed()})`);
      tables.add(`${db}.${table}`);
    };

    for (const n of nodes) {
      if (!ALLOWED_NODE_TYPES.has(n.type)) reject(NODE_TYPE_REASONS[n.type] ?? `unsupported SQL construct (${n.type})`);
      if (n.type === 'TableIdentifier') checkTable(n, 'table');
      else if (n.type === 'Function') {
        const fname = n.name.split(' ')[0];
        if (n.parent?.type === 'TableExpression') {
          if (!allowedTf.has(fname)) reject(`table function ${fname}() is not allowed; read tables as database.table`);
          continue;
        }
        const denied = deniedFunctionReason(fname);
        if (denied) reject(denied);
        if (IN_FUNCTIONS.has(fname.toLowerCase())) {
          const rhs = n.children[0]?.children[1];
          if (rhs?.type === 'Identifier') checkTable(rhs, 'IN table');
        }
      } else if (n.type === 'TableExpression') {
        for (const c of n.children) {
          if (!['TableIdentifier', 'Subquery', 'Function', 'SampleRatio'].includes(c.type)) reject(`unsupported table expression (${c.type})`);
        }
      }
    }
    return { tables, unresolved };
  }

  /** Qualifies unresolved names against defaultDatabase; re-checked from scratch afterwards. */
  function qualify(text: string, tokens: Token[], unresolved: AstNode[]): string {
    const db = policy.defaultDatabase!;
    const dbText = /^[A-Za-z_][A-Za-z0-9_]*$/.test(db) ? db : `\`${db}\``;
    const names = new Set(unresolved.map((n) => n.name));
    const base = tokens[0].start;
    let out = '';
    let at = 0;
    tokens.forEach((t, k) => {
      if ((t.kind !== 'word' && t.kind !== 'quoted') || !names.has(t.text)) return;
      const prev = tokens[k - 1];
      const next = tokens[k + 1];
      const prevOk = isWord(prev, 'FROM') || isWord(prev, 'JOIN') || isWord(prev, 'IN') || (prev?.kind === 'punct' && prev.text === ',');
      if (!prevOk || (next?.kind === 'punct' && next.text === '.')) return;
      out += text.slice(at, t.start - base) + `${dbText}.`;
      at = t.start - base;
    });
    return out + text.slice(at);
  }

  async function check(sql: string): Promise<GuardedQuery> {
    const { text, tokens } = prepare(sql);
    const ctes = findCteNames(tokens);
    const root = await explain(text);
    const first = analyze(root, ctes);
    if (first.unresolved.length === 0) return { sql: text, tables: [...first.tables].sort(), settings: { ...settings } };

    // Qualify `FROM orders` → `FROM demo.orders`, then prove with ClickHouse's
    // parser that exactly those references changed and nothing else.
    const rewritten = qualify(text, tokens, first.unresolved);
    const again = prepare(rewritten);
    const root2 = await explain(again.text);
    const before = walk(root);
    const after = walk(root2);
    const changed = new Set(first.unresolved);
    const same =
      before.length === after.length &&
      before.every((b, k) => {
        const a = after[k];
        if (a.type !== b.type || a.alias !== b.alias || a.children.length !== b.children.length) return false;
        return changed.has(b) ? a.name === `${policy.defaultDatabase}.${b.name}` : a.name === b.name;
      });
    if (!same) reject(`could not qualify table names with ${policy.defaultDatabase}; write them as database.table`);
    const second = analyze(root2, findCteNames(again.tokens));
    if (second.unresolved.length) reject('could not qualify table names; write them as database.table');
    return { sql: again.text, tables: [...second.tables].sort(), settings: { ...settings } };
  }

  return { check, settings };
}

/**
 * Whether an unqualified table name at `ref` is a CTE. Conservative (never
 * wider than ClickHouse's own scoping): a CTE of SelectQuery S is visible in
 * S outside its own body (inside it only when RECURSIVE) and outside the
 * bodies of S's earlier WITH elements, and in S's later UNION siblings when
 * S comes first (enable_global_with_statement, pinned by the settings).
 */
function cteVisible(ref: AstNode, name: string, cteOf: Map<AstNode, CteName>): boolean {
  const definesIn = (select: AstNode) => {
    const list = select.children[0];
    if (!list || list.type !== 'ExpressionList') return [];
    return list.children.filter((c) => c.type === 'WithElement' && cteOf.get(c)?.name === name);
  };
  for (let anc = ref.parent; anc; anc = anc.parent) {
    if (anc.type !== 'SelectQuery') continue;
    for (const w of definesIn(anc)) {
      const cte = cteOf.get(w)!;
      if (isWithin(ref, w)) {
        if (cte.recursive) return true;
        continue;
      }
      const earlier = w.parent!.children.slice(0, w.index);
      if (earlier.some((e) => isWithin(ref, e))) continue;
      return true;
    }
    const union = anc.parent;
    if (union?.type === 'ExpressionList' && union.parent?.type === 'SelectWithUnionQuery' && anc.index > 0) {
      const firstSelect = union.children[0];
      if (firstSelect.type === 'SelectQuery' && definesIn(firstSelect).length > 0) return true;
    }
  }
  return false;
}
