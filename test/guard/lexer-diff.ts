/**
 * Compares the guard's lexer with ClickHouse's own (`tokenizeQuery`, from
 * the fuzz oracle): the same tokens at the same byte offsets, of the same
 * class, up to the first token the guard's lexer reports as an error (the
 * guard refuses from there; ClickHouse may read on, e.g. over Unicode spaces).
 */
import { lex, type LexType } from '../../agents/guard/lexer.ts';

const CLASS: Record<string, LexType> = {
  Whitespace: 'Whitespace', Comment: 'Comment', BareWord: 'BareWord', Number: 'Number', StringLiteral: 'StringLiteral', HereDoc: 'HereDoc',
  QuotedIdentifier: 'QuotedIdentifier', Semicolon: 'Semicolon', VerticalDelimiter: 'Semicolon',
};

const classOf = (chType: string): LexType => CLASS[chType] ?? (chType.startsWith('Error') ? 'Error' : 'Operator');

/** UTF-8 byte offset of every UTF-16 index of `s` (and of its end). */
function byteOffsets(s: string): number[] {
  const out = new Array<number>(s.length + 1);
  let b = 0;
  for (let i = 0; i < s.length; i++) {
    out[i] = b;
    const c = s.charCodeAt(i);
    if (c < 0x80) b += 1;
    else if (c < 0x800) b += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      b += 4;
      out[++i] = b;
    } else b += 3;
  }
  out[s.length] = b;
  return out;
}

/** A one-line description of the first difference, or undefined when the lexers agree. */
export function lexerDifference(sql: string, theirs: readonly [number, number, string][]): string | undefined {
  const at = byteOffsets(sql);
  const mine = lex(sql);
  for (let k = 0; k < mine.length; k++) {
    const m = mine[k];
    if (m.type === 'Error') return undefined;
    const t = theirs[k];
    const want = `${at[m.start]}-${at[m.end]} ${m.type}`;
    const got = t ? `${t[0]}-${t[1]} ${classOf(t[2])}` : 'nothing';
    if (want !== got) return `token ${k}: guard ${want}, ClickHouse ${got}${t ? ` (${t[2]})` : ''}`;
  }
  return theirs.length > mine.length ? `ClickHouse has ${theirs.length - mine.length} more tokens` : undefined;
}
