/**
 * Which functions a guarded query may call: an allow-list generated from the
 * engine's `system.functions` (see `allowed-functions.ts`), resolved the way
 * ClickHouse resolves names: exact spelling first, then the case-insensitive
 * names in any case, then aggregate combinators (`sumIf`, `uniqMergeState`,
 * `avgOrNullResample`…) peeled off from the right down to an allowed
 * aggregate. Everything else, including every name ClickHouse would find
 * only through a denied function, is refused.
 */
import { AGGREGATE, CASE_INSENSITIVE, IDENTIFIER_FUNCTIONS, SCALAR } from './allowed-functions.ts';

/** Names the parser writes into the AST for syntax, not registered functions. */
export const SYNTAX_FUNCTIONS: readonly string[] = ['lambda', 'exists', 'grouping'];

/** Combinator suffixes (`system.aggregate_function_combinators`, minus the internal `Null`), longest first. */
export const COMBINATORS: readonly string[] = [
  'SimpleState', 'MergeState', 'OrDefault', 'Resample', 'Distinct', 'ForEach', 'ArgMax', 'ArgMin', 'OrNull', 'Merge',
  'State', 'Array', 'Tuple', 'Map', 'If',
].sort((a, b) => b.length - a.length);

const scalar = new Set(SCALAR);
const aggregate = new Set(AGGREGATE);
const ciScalar = new Set(SCALAR.filter((n) => CASE_INSENSITIVE.includes(n)).map((n) => n.toLowerCase()));
const ciAggregate = new Set(AGGREGATE.filter((n) => CASE_INSENSITIVE.includes(n)).map((n) => n.toLowerCase()));
const syntax = new Set(SYNTAX_FUNCTIONS);

function isAggregate(name: string, depth: number): boolean {
  if (aggregate.has(name) || ciAggregate.has(name.toLowerCase())) return true;
  if (depth > 6) return false;
  for (const suffix of COMBINATORS) {
    if (name.length > suffix.length && name.endsWith(suffix) && isAggregate(name.slice(0, -suffix.length), depth + 1)) return true;
  }
  return false;
}

/** True when a query may call the function `name` (as written in the AST). */
export function functionAllowed(name: string): boolean {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return false;
  if (syntax.has(name) || scalar.has(name)) return true;
  if (ciScalar.has(name.toLowerCase())) return true;
  return isAggregate(name, 0);
}

const identifierDenied = new Set(IDENTIFIER_FUNCTIONS.filter((n) => !functionAllowed(n)).map((n) => n.toLowerCase()));

/**
 * True when a bare identifier `name` would make ClickHouse call a function
 * that is not allowed: where no column or alias matches, the analyzer reads
 * `user`, `current_database`, `DATABASE`… (any case, also back-quoted) as
 * calls without parentheses (measured list, `IDENTIFIER_FUNCTIONS`).
 */
export function identifierCallsDenied(name: string): boolean {
  return identifierDenied.has(name.toLowerCase());
}
