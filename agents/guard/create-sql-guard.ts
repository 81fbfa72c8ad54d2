/**
 * The SQL guard: every user- or model-written query passes through it before
 * it reaches the warehouse. Stage 1 (nothing sent anywhere): a port of
 * ClickHouse's lexer finds the statement boundaries; exactly one statement,
 * starting with SELECT/WITH/FROM, no SETTINGS / INTO OUTFILE / FORMAT, is
 * re-emitted from its tokens (comments dropped), and only that text ever
 * reaches the engine. Stage 2: ClickHouse's own parser (`EXPLAIN AST`) and a
 * walk of its tree: only SELECT node types, tables only from the allow-list
 * (CTE names scoped by the tree, see cte-scope.ts), no table functions, and
 * functions only from an allow-list generated from `system.functions`. The
 * result carries the limit settings that must go with EVERY query (chDB's
 * `readonly=2` still lets `file()` run, so the guard protects the machine).
 * Engine error text never reaches a refusal; it goes to the optional logger.
 */
import { DatalabsError, isDatalabsError } from '../../bot/contracts/errors.ts';
import type { ClickHouseSettings, WarehouseReader } from '../../bot/contracts/warehouse.ts';
import { AstParseError, parseExplainAst, walk, type AstNode } from './ast.ts';
import { aliasIntoWithBody, buildProbe, cteVisible, nameWithElements, newNonce, type NamedCte } from './cte-scope.ts';
import { ALLOWED_NODE_TYPES, IN_FUNCTIONS, NODE_TYPE_REASONS, TABLE_FUNCTIONS, type HarmlessTableFunction } from './deny-lists.ts';
import { functionAllowed, identifierCallsDenied } from './function-policy.ts';
import { TokenizeError, emitTokens, findCteNames, isPunct, isWord, singleStatement, type Statement } from './tokenize.ts';

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

/** Limits used where a policy leaves one out. */
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
  /** The single statement to run, re-emitted from the guard's tokens (comments and trailing ';' removed; unqualified tables qualified). */
  sql: string;
  /** Tables read, as `database.table`, sorted (CTE names excluded). */
  tables: string[];
  /** Settings to send with this query: readonly=2 and every limit. */
  settings: ClickHouseSettings;
}

/** A guard for one policy; see {@link createSqlGuard}. */
export interface SqlGuard {
  /** Checks one SQL string; refusals are DatalabsError('SQL_REJECTED') with a one-line reason. */
  check(sql: string): Promise<GuardedQuery>;
  /** The settings every guarded query carries (same object shape as `GuardedQuery.settings`). */
  readonly settings: Readonly<ClickHouseSettings>;
}

const SYSTEM_DATABASES = new Set(['system', 'information_schema', 'INFORMATION_SCHEMA']);
const PASS_THROUGH_CODES = new Set(['WAREHOUSE_UNAVAILABLE', 'DATA_DIR_LOCKED', 'WAREHOUSE_TIMEOUT', 'QUERY_CANCELLED']);

/** Refusals (and failures) raised after the statement was sent to the engine's parser (`EXPLAIN AST`). */
const reachedParser = new WeakSet<object>();

/** True when the guard refused (or failed) after sending the text to ClickHouse's parser, for the audit log. */
export function reachedEngineParser(err: unknown): boolean {
  return !!err && typeof err === 'object' && reachedParser.has(err);
}

function reject(reason: string): never {
  throw new DatalabsError('SQL_REJECTED', `SQL rejected: ${reason.split('\n')[0]}`);
}

/** Where the guard writes what it must not show users (raw engine errors). Shaped like pino's logger. */
export interface GuardLogger {
  warn(obj: object, msg?: string): void;
}

/** Options beyond the policy. */
export interface GuardOptions {
  /** Receives raw ClickHouse error messages; refusals carry only fixed sentences. */
  logger?: GuardLogger;
}

/** Fixed sentences for ClickHouse errors during `EXPLAIN AST`, by ClickHouse error code. */
const ENGINE_ERROR_SENTENCES: Readonly<Record<number, string>> = {
  62: 'ClickHouse cannot parse this SQL (syntax error)',
  167: 'the query is nested too deeply for ClickHouse to parse',
  168: 'the query is too large for ClickHouse to parse',
  306: 'the query is nested too deeply for ClickHouse to parse',
  456: 'query parameters ({name:Type}) are not supported',
};

function engineErrorCode(err: unknown): number | undefined {
  if (isDatalabsError(err) && err.clickhouseCode !== undefined) return err.clickhouseCode;
  const m = /\bCode: (\d+)\b|ClickHouse error (\d+)/.exec(err instanceof Error ? err.message : String(err));
  return m ? Number(m[1] ?? m[2]) : undefined;
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
    // The guard's CTE scoping assumes WITH propagates to UNION siblings and
    // subqueries, and the analyzer's name resolution.
    enable_global_with_statement: 1,
    enable_analyzer: 1,
    allow_introspection_functions: 0,
  };
}

/**
 * Creates the guard. `reader.explainAst` is the only call it makes, and only
 * with a single statement re-emitted from the guard's own tokens.
 */
export function createSqlGuard(reader: Pick<WarehouseReader, 'explainAst'>, policy: GuardPolicy, options: GuardOptions = {}): SqlGuard {
  if (!Array.isArray(policy.allowedDatabases)) throw new DatalabsError('CONFIG_INVALID', 'guard policy needs allowedDatabases (e.g. ["demo"])');
  const settings = Object.freeze(limitSettings(policy.limits));
  const maxLen = policy.maxSqlLength ?? 100_000;
  const allowedDbs = new Set(policy.allowedDatabases);
  const allowedTables = new Set(policy.allowedTables ?? []);
  const allowedTf = new Set<string>(policy.allowedTableFunctions ?? []);
  const logger = options.logger;
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

  /** Stage 1: the one statement, re-emitted from tokens, or a refusal. */
  function prepare(sql: string): Statement {
    if (typeof sql !== 'string') reject('SQL must be a string');
    if (sql.length > maxLen || Buffer.byteLength(sql, 'utf8') > maxLen) reject(`SQL is longer than ${maxLen} characters (or UTF-8 bytes)`);
    let stmt: Statement;
    try {
      stmt = singleStatement(sql);
    } catch (err) {
      if (err instanceof TokenizeError) reject(err.message);
      throw err;
    }
    const tokens = stmt.tokens;
    const first = tokens.find((t) => !isPunct(t, '('));
    if (!first || !(isWord(first, 'SELECT') || isWord(first, 'WITH') || isWord(first, 'FROM'))) reject('only SELECT or WITH queries are allowed');
    // A lone keyword would swallow the output format the transport appends.
    if (tokens.indexOf(first) === tokens.length - 1) reject(`incomplete query: ${first.text.toUpperCase()} needs more`);
    tokens.forEach((t, k) => {
      if (isWord(t, 'SETTINGS')) reject('SETTINGS clauses are not allowed: the guard sets the limits');
      if (isWord(t, 'OUTFILE')) reject('INTO OUTFILE is not allowed');
      if (isWord(t, 'PARALLEL') && isWord(tokens[k + 1], 'WITH')) reject('PARALLEL WITH runs several statements; send one SELECT');
      if (isWord(t, 'FORMAT') && !isPunct(tokens[k + 1], '(')) reject('FORMAT clauses are not allowed: the warehouse picks the output format');
      if (t.kind === 'punct' && (t.text === '{' || t.text === '}' || t.text === '?')) reject('query parameters ({name:Type}, ?) are not supported');
      if (t.kind === 'punct' && (t.text === '@' || t.text === '@@')) reject('MySQL-style variables (@@name) are not supported');
    });
    return stmt;
  }

  async function explain(text: string): Promise<AstNode> {
    let out: string;
    try {
      out = await reader.explainAst(text);
    } catch (err) {
      if (isDatalabsError(err) && PASS_THROUGH_CODES.has(err.code)) throw err;
      const code = engineErrorCode(err);
      logger?.warn({ err, clickhouseCode: code }, 'guard: EXPLAIN AST failed');
      reject(code !== undefined && ENGINE_ERROR_SENTENCES[code] ? ENGINE_ERROR_SENTENCES[code] : `ClickHouse cannot read this query's structure (error code ${code ?? 'unknown'})`);
    }
    try {
      return parseExplainAst(out);
    } catch (err) {
      if (err instanceof AstParseError) {
        logger?.warn({ err }, 'guard: unreadable EXPLAIN AST output');
        reject('unreadable query structure from ClickHouse');
      }
      throw err;
    }
  }

  /** The statement's AST and the name of every WithElement in it. */
  async function structure(stmt: Statement): Promise<{ root: AstNode; names: Map<AstNode, NamedCte> }> {
    const root = await explain(stmt.text);
    const hasWith = walk(root).some((n) => n.type === 'WithElement');
    const candidates = findCteNames(stmt.tokens);
    if (!hasWith && candidates.length === 0) return { root, names: new Map() };
    if (!hasWith || candidates.length === 0) reject('could not match WITH names to the query; simplify the WITH clause');
    const nonce = newNonce();
    // The probe is re-lexed like any input: it, too, must be exactly one statement.
    const probeText = buildProbe(stmt, candidates, nonce);
    try {
      if (singleStatement(probeText).text !== probeText) reject('could not match WITH names to the query; simplify the WITH clause');
    } catch (err) {
      if (err instanceof TokenizeError) reject('could not match WITH names to the query; simplify the WITH clause');
      throw err;
    }
    const probe = await explain(probeText);
    const names = nameWithElements(root, probe, candidates, nonce);
    if (!names) reject('could not match WITH names to the query; simplify the WITH clause');
    return { root, names };
  }

  interface Analysis {
    tables: Set<string>;
    /** Unqualified, non-CTE table references (qualified later against defaultDatabase). */
    unresolved: AstNode[];
  }

  /** Stage 2: the tree → tables read, or a refusal. */
  function analyze(root: AstNode, names: Map<AstNode, NamedCte>): Analysis {
    if (root.type !== 'SelectWithUnionQuery') reject('only SELECT queries are allowed');
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
    const nodes = walk(root).filter((n) => n !== ignored);
    for (const n of walk(root)) if (n.type === 'WithElement' && !names.has(n)) reject('could not match WITH names to the query; simplify the WITH clause');
    const leaked = aliasIntoWithBody(root);
    if (leaked !== undefined) reject(`the name ${leaked} is used inside a WITH body and as an alias outside it; rename one of them`);

    const tables = new Set<string>();
    const unresolved: AstNode[] = [];
    const checkTable = (ref: AstNode, what: string) => {
      const name = ref.name;
      const dot = name.indexOf('.');
      if (dot < 0) {
        if (name === '' || !/^[A-Za-z0-9_$]+$/.test(name)) reject(`unreadable ${what} name`);
        if (cteVisible(ref, name, names, { viaIn: what === 'IN table' })) return;
        if (policy.defaultDatabase === undefined) reject(`table ${name} must be written as database.table (allowed: ${describeAllowed()})`);
        unresolved.push(ref);
        return;
      }
      const db = name.slice(0, dot);
      const table = name.slice(dot + 1);
      if (!db || !table || table.includes('.')) reject(`ambiguous ${what} name`);
      if (SYSTEM_DATABASES.has(db) && !policy.allowSystem) reject(`system tables are not allowed (${name})`);
      if (!tableAllowed(db, table)) reject(`table ${name} is not allowed (allowed: ${describeAllowed()})`);
      tables.add(`${db}.${table}`);
    };

    for (const n of nodes) {
      if (!ALLOWED_NODE_TYPES.has(n.type)) reject(NODE_TYPE_REASONS[n.type] ?? `unsupported SQL construct (${n.type})`);
      if (n.type === 'Identifier' && identifierCallsDenied(n.name)) reject(`${n.name} without parentheses calls a function that is not allowed`);
      if (n.type === 'TableIdentifier') checkTable(n, 'table');
      else if (n.type === 'Function') {
        const fname = n.name.split(' ')[0];
        if (n.parent?.type === 'TableExpression') {
          if (!allowedTf.has(fname)) reject(`table function ${fname}() is not allowed; read tables as database.table`);
          continue;
        }
        if (!functionAllowed(fname)) {
          const lower = fname.toLowerCase();
          const isTf = [...TABLE_FUNCTIONS].some((tf) => tf.toLowerCase() === lower);
          reject(isTf ? `table function ${fname}() is not allowed` : `function ${fname}() is not allowed (it is not on the guard's list of pure functions)`);
        }
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

  /** Qualifies unresolved names against defaultDatabase in the statement's tokens. */
  function qualify(stmt: Statement, unresolved: AstNode[]): string {
    const db = policy.defaultDatabase!;
    const dbText = /^[A-Za-z_][A-Za-z0-9_]*$/.test(db) ? db : `\`${db}\``;
    const names = new Set(unresolved.map((n) => n.name));
    const tokens = stmt.tokens;
    const replace = new Map<number, string>();
    tokens.forEach((t, k) => {
      if ((t.kind !== 'word' && t.kind !== 'quoted') || !names.has(t.text)) return;
      const prev = tokens[k - 1];
      const prevOk = isWord(prev, 'FROM') || isWord(prev, 'JOIN') || isWord(prev, 'IN') || isPunct(prev, ',');
      if (!prevOk || isPunct(tokens[k + 1], '.')) return;
      replace.set(k, `${dbText}.${stmt.text.slice(t.start, t.end)}`);
    });
    return emitTokens(stmt.text, tokens, replace);
  }

  async function check(sql: string): Promise<GuardedQuery> {
    const stmt = prepare(sql);
    // From here on the text has been sent to the engine's parser.
    return analyzeParsed(stmt).catch((err: unknown) => {
      if (err && typeof err === 'object') reachedParser.add(err);
      throw err;
    });
  }

  async function analyzeParsed(stmt: Statement): Promise<GuardedQuery> {
    const { root, names } = await structure(stmt);
    const first = analyze(root, names);
    if (first.unresolved.length === 0) return { sql: stmt.text, tables: [...first.tables].sort(), settings: { ...settings } };

    // Qualify `FROM orders` → `FROM demo.orders`, then prove with ClickHouse's
    // parser that exactly those references changed and nothing else.
    const again = prepare(qualify(stmt, first.unresolved));
    const second = await structure(again);
    const before = walk(root);
    const after = walk(second.root);
    const changed = new Set(first.unresolved);
    const same =
      before.length === after.length &&
      before.every((b, k) => {
        const a = after[k];
        if (a.type !== b.type || a.alias !== b.alias || a.children.length !== b.children.length) return false;
        return changed.has(b) ? a.name === `${policy.defaultDatabase}.${b.name}` : a.name === b.name;
      });
    if (!same) reject(`could not qualify table names with ${policy.defaultDatabase}; write them as database.table`);
    const result = analyze(second.root, second.names);
    if (result.unresolved.length) reject('could not qualify table names; write them as database.table');
    return { sql: again.text, tables: [...result.tables].sort(), settings: { ...settings } };
  }

  return { check, settings };
}
