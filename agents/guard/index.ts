export {
  createSqlGuard,
  limitSettings,
  DEFAULT_LIMITS,
  type GuardLimits,
  type GuardPolicy,
  type GuardedQuery,
  type SqlGuard,
  type HarmlessTableFunction,
} from './create-sql-guard.ts';
export { tokenize, findCteNames, TokenizeError, type Token } from './tokenize.ts';
export { parseExplainAst, type AstNode } from './ast.ts';
