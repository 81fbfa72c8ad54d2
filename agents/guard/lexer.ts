/**
 * A port of ClickHouse's lexer (`src/Parsers/Lexer.cpp`, as chDB 3.4 / engine
 * 26.7 behaves): the same token boundaries for whitespace, `--`, `//` and
 * `# `/`#!` line comments, nested block comments, '…' strings, "…" and `…`
 * identifiers (backslash and doubled-quote escapes in all three), `x'…'` and
 * `b'…'` literals, `$tag$…$tag$` heredocs (a tag is `[A-Za-z0-9_]*` of any
 * length; measured against the engine), numbers (hex, binary, exponents,
 * `_` separators, `x.1.1` tuple access) and every operator. It works on
 * UTF-16 code units where ClickHouse works on UTF-8 bytes; the two agree
 * because every character the lexer branches on is ASCII and non-ASCII text
 * outside strings, identifiers and comments is reported as an error token.
 */

/** ClickHouse token classes the guard distinguishes. */
export type LexType =
  | 'Whitespace'
  | 'Comment'
  | 'BareWord'
  | 'Number'
  | 'StringLiteral'
  | 'HereDoc'
  | 'QuotedIdentifier'
  | 'Operator'
  | 'Semicolon'
  | 'Error';

/** One lexer token: `source.slice(start, end)` is its text. */
export interface LexToken {
  type: LexType;
  start: number;
  end: number;
  /** For `Error` tokens: what went wrong (fixed sentence, no input text). */
  error?: string;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined) => c !== undefined && (isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
const isAlpha = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isWordChar = (c: string | undefined) => isAlpha(c) || isDigit(c) || c === '_';
const isAsciiSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

/** ClickHouse's `isNumberSeparator`: an `_` between two digits of a block. */
function isNumberSeparator(startOfBlock: boolean, hex: boolean, s: string, pos: number): boolean {
  if (s[pos] !== '_') return false;
  if (startOfBlock) return false;
  if (pos + 1 < s.length && !(hex ? isHex(s[pos + 1]) : isDigit(s[pos + 1]))) return false;
  if (pos + 1 === s.length) return false;
  return true;
}

/** Splits `s` exactly as ClickHouse's lexer does, whitespace and comments included. */
export function lex(s: string): LexToken[] {
  const out: LexToken[] = [];
  const end = s.length;
  let pos = 0;
  let prevSignificant: string | undefined; // type of the previous significant token ('Dot', ')', ']', …)
  const push = (type: LexType, start: number, stop: number, error?: string, kind?: string) => {
    out.push(error ? { type, start, end: stop, error } : { type, start, end: stop });
    if (type !== 'Whitespace' && type !== 'Comment') prevSignificant = kind ?? type;
    pos = stop;
  };
  const quoted = (q: string, type: LexType, what: string) => {
    const begin = pos;
    let p = pos + 1;
    for (;;) {
      while (p < end && s[p] !== q && s[p] !== '\\') p++;
      if (p >= end) return push('Error', begin, end, `${what} is not closed`);
      if (s[p] === q) {
        p++;
        if (p < end && s[p] === q) {
          p++;
          continue;
        }
        return push(type, begin, p);
      }
      p++; // backslash
      if (p >= end) return push('Error', begin, end, `${what} is not closed`);
      p++;
    }
  };

  while (pos < end) {
    const begin = pos;
    const c = s[pos];
    if (isAsciiSpace(c)) {
      let p = pos + 1;
      while (p < end && isAsciiSpace(s[p])) p++;
      push('Whitespace', begin, p);
      continue;
    }
    if (isDigit(c)) {
      let p = pos;
      if (prevSignificant === 'Dot') {
        p++;
        while (p < end && (isDigit(s[p]) || isNumberSeparator(false, false, s, p))) p++;
      } else {
        let startOfBlock = false;
        let hex = false;
        if (p + 2 < end && c === '0' && 'xXbB'.includes(s[p + 1])) {
          let valid = false;
          if (s[p + 1] === 'x' || s[p + 1] === 'X') {
            if (isHex(s[p + 2])) hex = valid = true;
          } else if (s[p + 2] === '0' || s[p + 2] === '1') valid = true;
          if (valid) {
            p += 2;
            startOfBlock = true;
          } else p++;
        } else p++;
        const digit = (ch: string | undefined) => (hex ? isHex(ch) : isDigit(ch));
        while (p < end && (digit(s[p]) || isNumberSeparator(startOfBlock, hex, s, p))) {
          p++;
          startOfBlock = false;
        }
        if (p < end && s[p] === '.') {
          startOfBlock = true;
          p++;
          while (p < end && (digit(s[p]) || isNumberSeparator(startOfBlock, hex, s, p))) {
            p++;
            startOfBlock = false;
          }
        }
        if (p + 1 < end && (hex ? s[p] === 'p' || s[p] === 'P' : s[p] === 'e' || s[p] === 'E')) {
          startOfBlock = true;
          p++;
          if (p + 1 < end && (s[p] === '-' || s[p] === '+')) p++;
          while (p < end && (isDigit(s[p]) || isNumberSeparator(startOfBlock, false, s, p))) {
            p++;
            startOfBlock = false;
          }
        }
      }
      if (p < end && isWordChar(s[p])) {
        p++;
        while (p < end && isWordChar(s[p])) p++;
        for (let k = begin; k < p; k++) {
          if (!isWordChar(s[k]) && s[k] !== '$') {
            push('Error', begin, p, 'wrong number');
            break;
          }
        }
        if (pos === p) continue;
        push('BareWord', begin, p);
        continue;
      }
      push('Number', begin, p);
      continue;
    }
    switch (c) {
      case "'":
        quoted("'", 'StringLiteral', 'a quoted string');
        continue;
      case '"':
        quoted('"', 'QuotedIdentifier', 'a "quoted" identifier');
        continue;
      case '`':
        quoted('`', 'QuotedIdentifier', 'a `quoted` identifier');
        continue;
      case '(':
      case ')':
      case '[':
      case ']':
      case '{':
      case '}':
      case ',':
      case '+':
      case '*':
      case '%':
      case '?':
      case '^':
        push('Operator', begin, pos + 1, undefined, c);
        continue;
      case ';':
        push('Semicolon', begin, pos + 1);
        continue;
      case '.': {
        const nextDigit = pos + 1 < end && isDigit(s[pos + 1]);
        if (pos > 0 && (!nextDigit || [')', ']', 'BareWord', 'QuotedIdentifier', 'Number'].includes(prevSignificant ?? ''))) {
          push('Operator', begin, pos + 1, undefined, 'Dot');
          continue;
        }
        let startOfBlock = true;
        let p = pos + 1;
        while (p < end && (isDigit(s[p]) || isNumberSeparator(startOfBlock, false, s, p))) {
          p++;
          startOfBlock = false;
        }
        if (p + 1 < end && (s[p] === 'e' || s[p] === 'E')) {
          startOfBlock = true;
          p++;
          if (p + 1 < end && (s[p] === '-' || s[p] === '+')) p++;
          while (p < end && (isDigit(s[p]) || isNumberSeparator(startOfBlock, false, s, p))) {
            p++;
            startOfBlock = false;
          }
        }
        push('Number', begin, p);
        continue;
      }
      case '-':
        if (s[pos + 1] === '>') push('Operator', begin, pos + 2);
        else if (s[pos + 1] === '-') push('Comment', begin, lineEnd(s, pos + 2));
        else push('Operator', begin, pos + 1);
        continue;
      case '/':
        if (s[pos + 1] === '/') push('Comment', begin, lineEnd(s, pos + 2));
        else if (s[pos + 1] === '*') {
          let p = pos + 2;
          let depth = 1;
          let closed = false;
          while (p + 2 <= end) {
            if (s[p] === '/' && s[p + 1] === '*') {
              p += 2;
              depth++;
            } else if (s[p] === '*' && s[p + 1] === '/') {
              p += 2;
              if (--depth === 0) {
                closed = true;
                break;
              }
            } else p++;
          }
          if (closed) push('Comment', begin, p);
          else push('Error', begin, end, 'a /* comment is not closed');
        } else push('Operator', begin, pos + 1);
        continue;
      case '#':
        if (s[pos + 1] === ' ' || s[pos + 1] === '!') push('Comment', begin, lineEnd(s, pos + 1));
        else push('Error', begin, pos + 1, "'#' starts a comment only before a space");
        continue;
      case '=':
        push('Operator', begin, s[pos + 1] === '=' ? pos + 2 : pos + 1);
        continue;
      case '!':
        if (s[pos + 1] === '=') push('Operator', begin, pos + 2);
        else push('Error', begin, pos + 1, "'!' is only valid in !=");
        continue;
      case '<':
        if (s[pos + 1] === '=' && s[pos + 2] === '>') push('Operator', begin, pos + 3);
        else if (s[pos + 1] === '=' || s[pos + 1] === '>') push('Operator', begin, pos + 2);
        else push('Operator', begin, pos + 1);
        continue;
      case '>':
        push('Operator', begin, s[pos + 1] === '=' ? pos + 2 : pos + 1);
        continue;
      case ':':
        push('Operator', begin, s[pos + 1] === ':' ? pos + 2 : pos + 1);
        continue;
      case '|':
        push('Operator', begin, s[pos + 1] === '|' ? pos + 2 : pos + 1);
        continue;
      case '@':
        push('Operator', begin, s[pos + 1] === '@' ? pos + 2 : pos + 1);
        continue;
      case '\\':
        // `\G` ends a statement like ';' in ClickHouse's clients.
        if (s[pos + 1] === 'G') push('Semicolon', begin, pos + 2);
        else push('Error', begin, pos + 1, "a backslash outside a string");
        continue;
      default:
        break;
    }
    if (c === '$') {
      // Heredoc: `$tag$ … $tag$`, tag of word characters (engine-measured).
      const w = scanWord(s, pos + 1);
      if (s[w] === '$') {
        const tag = s.slice(pos, w + 1);
        const close = s.indexOf(tag, w + 1);
        if (close >= 0) {
          push('HereDoc', begin, close + tag.length);
          continue;
        }
      }
      if (pos + 1 === end || !isWordChar(s[pos + 1])) {
        push('Operator', begin, pos + 1);
        continue;
      }
    }
    if (pos + 2 < end && s[pos + 1] === "'" && 'xXbB'.includes(c)) {
      const hex = c === 'x' || c === 'X';
      let p = pos + 2;
      while (p < end && (hex ? isHex(s[p]) : s[p] === '0' || s[p] === '1')) p++;
      if (p >= end || s[p] !== "'") push('Error', begin, end, 'a quoted string is not closed');
      else push('StringLiteral', begin, p + 1);
      continue;
    }
    if (isWordChar(c) || c === '$') {
      let p = pos + 1;
      while (p < end && (isWordChar(s[p]) || s[p] === '$')) p++;
      push('BareWord', begin, p);
      continue;
    }
    // ClickHouse skips Unicode whitespace here and lexes a few Unicode quotes
    // and the minus sign; the guard refuses all non-ASCII outside strings.
    push('Error', begin, pos + 1, 'a character outside strings that is not plain ASCII');
  }
  return out;
}

function lineEnd(s: string, from: number): number {
  const nl = s.indexOf('\n', from);
  return nl < 0 ? s.length : nl;
}

/** Index just past the run of word characters starting at `from`. */
function scanWord(s: string, from: number): number {
  let p = from;
  while (p < s.length && isWordChar(s[p])) p++;
  return p;
}

/** True for tokens the parser sees (not whitespace or comments). */
export function isSignificant(t: LexToken): boolean {
  return t.type !== 'Whitespace' && t.type !== 'Comment';
}

/**
 * Re-emits the significant tokens among `tokens` (lexed from `source`)
 * canonically: token texts verbatim, one space wherever the source had
 * whitespace or a comment between two tokens, nothing where they touched.
 * Comments are dropped.
 */
export function emit(source: string, tokens: readonly LexToken[]): string {
  let out = '';
  let last: LexToken | undefined;
  for (const t of tokens) {
    if (!isSignificant(t)) continue;
    if (last && t.start > last.end) out += ' ';
    out += source.slice(t.start, t.end);
    last = t;
  }
  return out;
}
