/**
 * A ClickHouse-aware tokenizer for the SQL guard's first stage. It runs
 * BEFORE any text reaches the engine, because chDB executes every statement
 * of a multi-statement string (even under `EXPLAIN AST`). It understands
 * '...' strings (backslash and doubled-quote escapes), "..." and `...`
 * identifiers, `--` and `# ` line comments, nested block comments and
 * `$tag$...$tag$` heredocs, and refuses anything it cannot read with
 * certainty. Where its reading could differ from ClickHouse's lexer it is
 * stricter than needed: a ';' is refused inside comments, heredocs and quoted
 * identifiers, quoted identifiers may not contain control characters,
 * backslashes, '.', '(' or ')' (they would make the `EXPLAIN AST` text
 * ambiguous), and bare text may only be ASCII.
 */

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'punct';

export interface Token {
  kind: TokenKind;
  /** Word text, identifier contents (unquoted), string source, or the punctuation character. */
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

const WORD_START = /[A-Za-z_]/;
const WORD_CHAR = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u2028\u2029]/;
// eslint-disable-next-line no-control-regex
const IDENT_FORBIDDEN = /[\u0000-\u001f\u007f\u2028\u2029\\.();]/;

function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Splits `source` into tokens, skipping whitespace and comments.
 * Throws {@link TokenizeError} on unterminated or suspicious input.
 */
export function tokenize(source: string): Token[] {
  const control = CONTROL.exec(source);
  if (control) throw new TokenizeError(`control character ${describeChar(control[0])} in the SQL`);
  const tokens: Token[] = [];
  const n = source.length;
  let i = 0;
  while (i < n) {
    const ch = source[i];
    const next = source[i + 1];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    // -- line comment, and ClickHouse's "# " / "#!" line comment.
    if ((ch === '-' && next === '-') || (ch === '#' && (next === ' ' || next === '!'))) {
      let j = i;
      while (j < n && source[j] !== '\n') j++;
      checkComment(source.slice(i, j));
      i = j;
      continue;
    }
    if (ch === '/' && next === '*') {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (source[j] === '/' && source[j + 1] === '*') {
          depth++;
          j += 2;
        } else if (source[j] === '*' && source[j + 1] === '/') {
          depth--;
          j += 2;
        } else j++;
      }
      if (depth > 0) throw new TokenizeError('unterminated /* comment');
      checkComment(source.slice(i, j));
      i = j;
      continue;
    }
    if (ch === "'") {
      let j = i + 1;
      for (;;) {
        if (j >= n) throw new TokenizeError('unterminated string literal');
        const c = source[j];
        if (c === '\\') j += 2;
        else if (c === "'") {
          if (source[j + 1] === "'") j += 2;
          else break;
        } else j++;
      }
      tokens.push({ kind: 'string', text: source.slice(i, j + 1), start: i, end: j + 1 });
      i = j + 1;
      continue;
    }
    if (ch === '"' || ch === '`') {
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= n) throw new TokenizeError(`unterminated ${ch}-quoted identifier`);
        const c = source[j];
        if (c === ch) {
          if (source[j + 1] === ch) {
            value += ch;
            j += 2;
            continue;
          }
          break;
        }
        value += c;
        j++;
      }
      const bad = IDENT_FORBIDDEN.exec(value);
      if (bad) {
        const shown = bad[0] >= ' ' && bad[0] <= '~' ? `'${bad[0]}'` : describeChar(bad[0]);
        // eslint-disable-next-line no-control-regex
        const visible = value.slice(0, 40).replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, '?');
        throw new TokenizeError(`quoted identifier ${ch}${visible}${ch} contains ${shown}; use a plain name`);
      }
      if (value.length === 0) throw new TokenizeError('empty quoted identifier');
      tokens.push({ kind: 'quoted', text: value, start: i, end: j + 1 });
      i = j + 1;
      continue;
    }
    if (ch === '$') {
      const m = /^\$([A-Za-z0-9_]*)\$/.exec(source.slice(i, i + 256));
      if (m) {
        const close = source.indexOf(m[0], i + m[0].length);
        if (close < 0) throw new TokenizeError(`unterminated ${m[0]} heredoc string`);
        const end = close + m[0].length;
        if (source.slice(i, end).includes(';')) throw new TokenizeError("';' inside a heredoc string");
        tokens.push({ kind: 'string', text: source.slice(i, end), start: i, end });
        i = end;
        continue;
      }
      tokens.push({ kind: 'punct', text: ch, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (WORD_START.test(ch)) {
      let j = i + 1;
      while (j < n && WORD_CHAR.test(source[j])) j++;
      tokens.push({ kind: 'word', text: source.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if (DIGIT.test(ch) || (ch === '.' && next !== undefined && DIGIT.test(next) && !afterNameOrClose(tokens))) {
      let j = i + 1;
      while (j < n) {
        const c = source[j];
        if (WORD_CHAR.test(c) || c === '.') j++;
        else if ((c === '+' || c === '-') && /[eEpP]/.test(source[j - 1]) && !/^0[xX]/.test(source.slice(i, j)) ) j++;
        else break;
      }
      tokens.push({ kind: 'number', text: source.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if (ch.charCodeAt(0) > 0x7e) {
      throw new TokenizeError(`unexpected character ${describeChar(String.fromCodePoint(source.codePointAt(i) ?? 0))} outside strings and quoted names`);
    }
    tokens.push({ kind: 'punct', text: ch, start: i, end: i + 1 });
    i++;
  }
  return tokens;
}

function afterNameOrClose(tokens: Token[]): boolean {
  const last = tokens[tokens.length - 1];
  return !!last && (last.kind === 'word' || last.kind === 'quoted' || (last.kind === 'punct' && (last.text === ')' || last.text === ']')));
}

function checkComment(text: string): void {
  if (text.includes(';')) throw new TokenizeError("';' inside a comment");
}

/** True when the token is the bare word `word` (case-insensitive). */
export function isWord(token: Token | undefined, word: string): boolean {
  return !!token && token.kind === 'word' && token.text.toUpperCase() === word;
}

/** A CTE (`WITH name AS (...)`) found in the token stream, in source order. */
export interface CteName {
  name: string;
  recursive: boolean;
  /** Offset of the name in the source. */
  start: number;
}

/** `WITH TOTALS`, `WITH FILL`... are modifiers, not WITH clauses (unless a CTE is named so). */
const WITH_MODIFIERS = new Set(['TOTALS', 'FILL', 'TIES', 'ROLLUP', 'CUBE']);
/** Words that end a WITH element list at its own depth. */
const WITH_LIST_END = new Set(['SELECT', 'FROM', 'WHERE', 'HAVING', 'WINDOW', 'QUALIFY', 'ORDER', 'LIMIT']);

/**
 * The names of table-valued WITH elements (`name AS (subquery)`,
 * `name (a, b) AS (subquery)`, `name AS [NOT] MATERIALIZED (...)`) in source
 * order. Scalar elements (`expr AS alias`) are skipped. The guard matches
 * these, in order, against the `WithElement` nodes of the AST, and refuses
 * the query when the counts differ.
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
    // Walk the element list at this paren depth until SELECT (or the list ends).
    let elementStart = true;
    let depth = 0;
    for (; p < tokens.length; p++) {
      const t = tokens[p];
      if (depth === 0 && elementStart) {
        const name = cteAt(tokens, p);
        if (name) out.push({ name, recursive, start: t.start });
        elementStart = false;
      }
      if (t.kind === 'punct' && (t.text === '(' || t.text === '[')) depth++;
      else if (t.kind === 'punct' && (t.text === ')' || t.text === ']')) {
        depth--;
        if (depth < 0) break;
      } else if (depth === 0 && t.kind === 'punct' && t.text === ',') elementStart = true;
      else if (depth === 0 && t.kind === 'word' && WITH_LIST_END.has(t.text.toUpperCase())) break;
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** `name AS (`, `name AS [NOT] MATERIALIZED (`, or `name ( cols ) AS (` at `p`. */
function cteAt(tokens: Token[], p: number): string | undefined {
  const head = tokens[p];
  if (!head || (head.kind !== 'word' && head.kind !== 'quoted')) return undefined;
  let q = p + 1;
  if (tokens[q]?.kind === 'punct' && tokens[q].text === '(') {
    // Column list: identifiers and commas only.
    q++;
    while (q < tokens.length && (tokens[q].kind === 'word' || tokens[q].kind === 'quoted' || (tokens[q].kind === 'punct' && tokens[q].text === ','))) q++;
    if (!(tokens[q]?.kind === 'punct' && tokens[q].text === ')')) return undefined;
    q++;
  }
  if (!isWord(tokens[q], 'AS')) return undefined;
  q++;
  if (isWord(tokens[q], 'NOT')) q++;
  if (isWord(tokens[q], 'MATERIALIZED')) q++;
  if (tokens[q]?.kind === 'punct' && tokens[q].text === '(') return head.text;
  return undefined;
}
