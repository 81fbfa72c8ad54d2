/**
 * Regenerates `allowed-functions.ts` from the engine's own `system.functions`
 * (run once per chDB upgrade: `npx tsx agents/guard/generate-allowed-functions.ts`).
 * Everything is allowed except whole categories that reach outside the
 * query (dictionaries, introspection, AI/ML models, internals) and the named
 * environment / machine / file / session / sleep functions below, which live
 * in the catch-all "Other" category. Runs chDB on a scratch temp directory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

/** Categories refused wholesale. */
export const DENIED_CATEGORIES: readonly string[] = ['Dictionary', 'Embedded Dictionary', 'Introspection', 'AI', 'Machine Learning'];

/** Internal-category names that the parser itself emits for ordinary SQL. */
const INTERNAL_ALLOWED = new Set(['_CAST', 'caseWithExpression', 'nested', 'validateNestedArraySizes']);

/**
 * Named functions refused: they reveal the host, the server, the session or
 * the user; read files, tables or settings outside the query; sleep; depend
 * on server-side state; or turn data into error text.
 */
export const DENIED_FUNCTIONS: readonly string[] = [
  // host and server identity
  'hostName', 'hostname', 'fqdn', 'FQDN', 'fullHostName', 'version', 'revision', 'buildId', 'uptime', 'serverUUID',
  'displayName', 'tcpPort', 'getServerPort', 'getOSKernelVersion', 'showCertificate', 'shardNum', 'shardCount',
  'filesystemAvailable', 'filesystemCapacity', 'filesystemUnreserved', 'zookeeperSessionUptime', 'hasThreadFuzzer',
  'getMaxTableNameLengthForDatabase', 'tid', 'logTrace',
  // settings and macros
  'getSetting', 'getSettingOrDefault', 'getServerSetting', 'getMergeTreeSetting', 'getMacro', 'globalVariable',
  // user, session, query identity
  'currentUser', 'current_user', 'user', 'authUser', 'authenticatedUser', 'session_user', 'currentDatabase',
  'current_database', 'DATABASE', 'SCHEMA', 'currentSchemas', 'current_schemas', 'currentRoles', 'enabledRoles',
  'defaultRoles', 'currentProfiles', 'enabledProfiles', 'defaultProfiles', 'currentQueryID', 'current_query_id',
  'queryID', 'query_id', 'initialQueryID', 'initial_query_id', 'initialQueryStartTime', 'initial_query_start_time',
  'connectionId', 'connection_id', 'getClientHTTPHeader', 'transactionID', 'transactionLatestSnapshot',
  'transactionOldestSnapshot',
  // files, other tables, models, keeper state
  'file', 'joinGet', 'joinGetOrNull', 'hasColumnInTable', 'catboostEvaluate', 'generateSerialID', 'fuzzQuery',
  'isMergeTreePartCoveredBy', 'mergeTreePartInfo', '__getScalar', '__scalarSubqueryResult',
  // block and stream position, stalls, data in error text
  'blockNumber', 'rowNumberInAllBlocks', 'rowNumberInBlock', 'blockSize', 'runningConcurrency', 'sleep', 'sleepEachRow',
  'throwIf',
];

interface Row {
  name: string;
  is_aggregate: number;
  case_insensitive: number;
  alias_to: string;
  categories: string;
  origin: string;
}

/**
 * Every name (and its upper-case spelling) that `SELECT \`name\`` resolves
 * without a FROM clause: the functions the analyzer calls without parentheses.
 */
export function identifierCallable(s: { query(q: string, f: string): string }, names: readonly string[]): string[] {
  const out = new Set<string>();
  for (const name of names) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
    for (const spelling of [name, name.toUpperCase()]) {
      try {
        s.query(`SELECT \`${spelling}\``, 'TabSeparatedRaw');
        out.add(name);
      } catch {
        /* not callable as an identifier */
      }
    }
  }
  return [...out].sort();
}

/** Reads system.functions from a throwaway chDB session and writes allowed-functions.ts. */
export function generate(outFile = path.join(import.meta.dirname, 'allowed-functions.ts')): { allowed: number; denied: number } {
  const require = createRequire(import.meta.url);
  const { Session } = require('chdb') as { Session: new (p: string) => { query(q: string, f: string): string; cleanup?(): void } };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datalabs-fngen-'));
  try {
    const s = new Session(dir);
    const version = s.query('SELECT version()', 'TabSeparatedRaw').trim();
    const text = s.query('SELECT name, is_aggregate, case_insensitive, alias_to, categories, toString(origin) AS origin FROM system.functions ORDER BY name', 'JSONEachRow');
    const rows = text.trim().split('\n').map((l) => JSON.parse(l) as Row);
    const identifierFunctions = identifierCallable(s, rows.map((r) => r.name));
    s.cleanup?.();
    const byName = new Map(rows.map((r) => [r.name, r]));
    const deniedNames = new Set(DENIED_FUNCTIONS);
    const denied = (r: Row, depth = 0): boolean => {
      if (deniedNames.has(r.name) || r.name.startsWith('__') || r.origin !== 'System') return true;
      if (DENIED_CATEGORIES.includes(r.categories)) return true;
      if (r.categories === 'Internal' && !INTERNAL_ALLOWED.has(r.name)) return true;
      const target = r.alias_to ? byName.get(r.alias_to) : undefined;
      return depth < 5 && target !== undefined && denied(target, depth + 1);
    };
    const ok = rows.filter((r) => !denied(r));
    const pack = (names: string[]) => {
      const lines: string[] = [];
      for (let i = 0; i < names.length; i += 8) lines.push('  ' + names.slice(i, i + 8).map((n) => JSON.stringify(n)).join(', ') + ',');
      return lines.join('\n');
    };
    const body = `/**
 * GENERATED by agents/guard/generate-allowed-functions.ts from chDB's
 * system.functions (engine ${version}); do not edit by hand. Functions the
 * guard lets a query call: scalar functions (\`SCALAR\`) and aggregate and
 * window functions (\`AGGREGATE\`, which also take combinator suffixes).
 * Names in \`CASE_INSENSITIVE\` may be written in any case, as in ClickHouse.
 */

/** Scalar functions, exact spelling. */
export const SCALAR: readonly string[] = [
${pack(ok.filter((r) => !r.is_aggregate).map((r) => r.name))}
];

/** Aggregate and window functions, exact spelling. */
export const AGGREGATE: readonly string[] = [
${pack(ok.filter((r) => r.is_aggregate).map((r) => r.name))}
];

/** Allowed names ClickHouse also accepts in any letter case. */
export const CASE_INSENSITIVE: readonly string[] = [
${pack(ok.filter((r) => r.case_insensitive).map((r) => r.name))}
];

/**
 * Names the analyzer calls as functions when written as a bare identifier
 * (\`SELECT user\`), any case; measured by probing every name.
 */
export const IDENTIFIER_FUNCTIONS: readonly string[] = [
${pack(identifierFunctions)}
];

/** Names refused (the engine's own names, for tests). */
export const DENIED: readonly string[] = [
${pack(rows.filter((r) => denied(r)).map((r) => r.name))}
];
`;
    fs.writeFileSync(outFile, body);
    return { allowed: ok.length, denied: rows.length - ok.length };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(generate());
