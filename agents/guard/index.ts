export {
  createSqlGuard,
  reachedEngineParser,
  limitSettings,
  DEFAULT_LIMITS,
  type GuardLimits,
  type GuardPolicy,
  type GuardedQuery,
  type SqlGuard,
  type HarmlessTableFunction,
  type GuardLogger,
  type GuardOptions,
} from './create-sql-guard.ts';
export { tokenize, singleStatement, findCteNames, TokenizeError, type Token, type Statement } from './tokenize.ts';
export { lex, type LexToken } from './lexer.ts';
export { functionAllowed } from './function-policy.ts';
export { parseExplainAst, type AstNode } from './ast.ts';
