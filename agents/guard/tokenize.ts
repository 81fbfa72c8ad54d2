/**
 * The guard's first stage, before any text reaches the engine (chDB executes
 * every statement of a multi-statement string, even under `EXPLAIN AST`).
 * Tokens come from {@link lex}, a port of ClickHouse's own lexer, so the
 * statement boundaries seen here are the ones ClickHouse sees. On top of it
 * the guard is stricter than ClickHouse where a reading could be ambiguous:
 * no control characters, no non-ASCII outside strings, identifiers and
 * comments, no ';' inside comments or heredocs, no quoted identifiers with
 * control characters, backslashes, '.', '(' or ')' (they would make the
 * `EXPLAIN AST` text ambiguous). Refusals are fixed one-line sentences that
 * quote nothing from the input.
 */
import { emit, isSignificant, lex, type LexToken } from './lexer.ts';

/** The guard's coarse token classes (bare word, quoted identifier, string or heredoc, number, operator). */
export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'punct';

/** A significant token as the guard uses it. */
export interface Token {
  kind: TokenKind;
  /** Word text, identifier contents (unquoted), string source, or the operator text. */
  text: string;
  /** Offsets into the source: `source.slice(start, end)` is the token's source text. */
  start: number;
  end: number;
}

/** A tokenizer refusal: a one-line reason, turned into SQL_REJECTED by the guard. */
export class TokenizeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenizeError';
  }
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u2028\u2029]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const IDENT_FORBIDDEN = /[\u0000-\u001f\u007f\u2028\u2029\\.();]/;

function kindOf(t: LexToken): TokenKind {
  switch (t.type) {
    case 'BareWord':
      return 'word';
    case 'QuotedIdentifier':
      return 'quoted';
    case 'StringLiteral':
    case 'HereDoc':
      return 'string';
    case 'Number':
      return 'number';
    default:
      return 'punct';
  }
}

/** Lexes `source` and applies the guard's extra strictness; returns every lexer token. */
export function lexStrict(source: string): LexToken[] {
  if (LONE_SURROGATE.test(source)) throw new TokenizeError('the SQL contains an unpaired UTF-16 surrogate');
  const control = CONTROL.exec(source);
  if (control) throw new TokenizeError(`control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} in the SQL`);
  const all = lex(source);
  for (const t of all) {
    const text = source.slice(t.start, t.end);
    if (t.type === 'Error') throw new TokenizeError(`unreadable SQL: ${t.error} (at position ${t.start + 1})`);
    if (t.type === 'Comment' && text.includes(';')) throw new TokenizeError("';' inside a comment");
    if (t.type === 'HereDoc' && text.includes(';')) throw new TokenizeError("';' inside a heredoc string");
    if (t.type === 'Semicolon' && text !== ';') throw new TokenizeError("'\\G' is not supported; end the query with ';' or nothing");
    if (t.type === 'Operator' && text === '$') throw new TokenizeError("a '$' that does not open a $tag$ heredoc string");
    if (t.type === 'QuotedIdentifier') {
      const value = unquote(text);
      if (value.length === 0) throw new TokenizeError('empty quoted identifier');
      if (IDENT_FORBIDDEN.test(value)) throw new TokenizeError("a quoted identifier contains a control character, '\\', '.', '(', ')' or ';'; use a plain name");
    }
  }
  return all;
}

function unquote(text: string): string {
  const q = text[0];
  return text.slice(1, -1).split(q + q).join(q);
}

/**
 * Splits `source` into significant tokens (whitespace and comments skipped).
 * Throws {@link TokenizeError} on anything unreadable or suspicious.
 */
export function tokenize(source: string): Token[] {
  return toTokens(source, lexStrict(source).filter(isSignificant));
}

function toTokens(source: string, lexed: LexToken[]): Token[] {
  return lexed.map((t) => {
    const raw = source.slice(t.start, t.end);
    const kind = kindOf(t);
    const text = kind === 'quoted' ? unquote(raw) : t.type === 'Semicolon' ? ';' : raw;
    return { kind, text, start: t.start, end: t.end };
  });
}

/** One statement, re-emitted from its tokens. */
export interface Statement {
  /** The canonical text: tokens verbatim, comments dropped, gaps as one space, no trailing ';'. */
  text: string;
  /** Significant tokens of `text` (offsets into `text`). */
  tokens: Token[];
}

/**
 * The single statement in `source`, re-emitted from the lexer's tokens, or a
 * {@link TokenizeError}. The re-emitted text is lexed again and must give the
 * same tokens, so what the engine parses is exactly what the guard read.
 */
export function singleStatement(source: string): Statement {
  const lexed = lexStrict(source).filter(isSignificant);
  while (lexed.length && lexed[lexed.length - 1].type === 'Semicolon') {
    lexed.pop();
    if (lexed.length && lexed[lexed.length - 1].type === 'Semicolon') throw new TokenizeError('multiple statements; send one SELECT');
  }
  if (lexed.length === 0) throw new TokenizeError('empty SQL');
  if (lexed.some((t) => t.type === 'Semicolon')) throw new TokenizeError('multiple statements; send one SELECT');
  const text = emit(source, lexed);
  const again = lexStrict(text).filter(isSignificant);
  const same =
    again.length === lexed.length &&
    again.every((t, k) => t.type === lexed[k].type && text.slice(t.start, t.end) === source.slice(lexed[k].start, lexed[k].end));
  if (!same) throw new TokenizeError('the SQL could not be re-emitted token for token; simplify it');
  return { text, tokens: toTokens(text, again) };
}

/** Joins tokens of `text` back into SQL, replacing the tokens at the given indexes. */
export function emitTokens(text: string, tokens: readonly Token[], replace: ReadonlyMap<number, string> = new Map()): string {
  let out = '';
  tokens.forEach((t, k) => {
    if (k > 0 && t.start > tokens[k - 1].end) out += ' ';
    out += replace.get(k) ?? text.slice(t.start, t.end);
  });
  return out;
}

/** True when the token is the bare word `word` (case-insensitive). */
export function isWord(token: Token | undefined, word: string): boolean {
  return !!token && token.kind === 'word' && token.text.toUpperCase() === word;
}

/** True when the token is the operator/punctuation `p`. */
export function isPunct(token: Token | undefined, p: string): boolean {
  return !!token && token.kind === 'punct' && token.text === p;
}

/** A candidate CTE (`WITH name AS (...)`) found in the token stream. */
export interface CteName {
  name: string;
  recursive: boolean;
  /** Offset of the name in the source. */
  start: number;
  /** Token indexes of the body's opening and closing parentheses. */
  open: number;
  close: number;
}

/** `WITH TOTALS`, `WITH FILL`... are modifiers, not WITH clauses (unless a CTE is named so). */
const WITH_MODIFIERS = new Set(['TOTALS', 'FILL', 'TIES', 'ROLLUP', 'CUBE']);
/** Words that end a WITH element list at its own depth. */
const WITH_LIST_END = new Set(['SELECT', 'FROM', 'WHERE', 'HAVING', 'WINDOW', 'QUALIFY', 'ORDER', 'LIMIT']);

/**
 * Candidate table-valued WITH elements (`name AS (subquery)`,
 * `name (a, b) AS (subquery)`, `name AS [NOT] MATERIALIZED (...)`) in source
 * order. This is only a proposal: the guard marks each candidate's body,
 * asks ClickHouse's parser where the marks land, and refuses the query
 * unless every `WithElement` of the AST carries exactly one mark.
 */
export function findCteNames(tokens: Token[]): CteName[] {
  const out: CteName[] = [];
  for (let k = 0; k < tokens.length; k++) {
    if (!isWord(tokens[k], 'WITH')) continue;
    let p = k + 1;
    if (tokens[p]?.kind === 'word' && WITH_MODIFIERS.has(tokens[p].text.toUpperCase()) && !cteAt(tokens, p)) continue;
    let recursive = false;
    if (isWord(tokens[p], 'RECURSIVE')) {
      recursive = true;
      p++;
    }
    let elementStart = true;
    let depth = 0;
    for (; p < tokens.length; p++) {
      const t = tokens[p];
      if (depth === 0 && elementStart) {
        const found = cteAt(tokens, p);
        if (found) out.push({ name: found.name, recursive, start: t.start, open: found.open, close: matching(tokens, found.open) });
        elementStart = false;
      }
      if (isPunct(t, '(') || isPunct(t, '[')) depth++;
      else if (isPunct(t, ')') || isPunct(t, ']')) {
        depth--;
        if (depth < 0) break;
      } else if (depth === 0 && isPunct(t, ',')) elementStart = true;
      else if (depth === 0 && t.kind === 'word' && WITH_LIST_END.has(t.text.toUpperCase())) break;
    }
  }
  return out.filter((c) => c.close > c.open).sort((a, b) => a.start - b.start);
}

function matching(tokens: Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    if (isPunct(tokens[k], '(')) depth++;
    else if (isPunct(tokens[k], ')') && --depth === 0) return k;
  }
  return -1;
}

/** `name AS (`, `name AS [NOT] MATERIALIZED (`, or `name ( cols ) AS (` at `p`. */
function cteAt(tokens: Token[], p: number): { name: string; open: number } | undefined {
  const head = tokens[p];
  if (!head || (head.kind !== 'word' && head.kind !== 'quoted')) return undefined;
  let q = p + 1;
  if (isPunct(tokens[q], '(')) {
    q++;
    while (q < tokens.length && (tokens[q].kind === 'word' || tokens[q].kind === 'quoted' || isPunct(tokens[q], ','))) q++;
    if (!isPunct(tokens[q], ')')) return undefined;
    q++;
  }
  if (!isWord(tokens[q], 'AS')) return undefined;
  q++;
  if (isWord(tokens[q], 'NOT')) q++;
  if (isWord(tokens[q], 'MATERIALIZED')) q++;
  if (isPunct(tokens[q], '(')) return { name: head.text, open: q };
  return undefined;
}
