import { describe, expect, it } from 'vitest';
import { findCteNames, tokenize, TokenizeError } from './tokenize.ts';

const semis = (sql: string) => tokenize(sql).filter((t) => t.kind === 'punct' && t.text === ';').length;

describe('tokenize', () => {
  it('sees statement separators outside strings and identifiers', () => {
    expect(semis('SELECT 1; DROP TABLE t')).toBe(1);
    expect(semis("SELECT 'a;b', 'it''s;', 'x\\';'")).toBe(0);
    expect(semis("SELECT 'x\\\\'; DROP TABLE t")).toBe(1);
    expect(semis('SELECT 1 -- c\n; x')).toBe(1);
    expect(semis('SELECT /* a /* b */ c */ 1;')).toBe(1);
  });

  it('reads strings, quoted names, heredocs and numbers as single tokens', () => {
    const kinds = tokenize("SELECT 'a''b', `c d`, \"e\", $$f'g$$, 1.5e-3, .5 FROM t").map((t) => `${t.kind}:${t.text}`);
    expect(kinds).toEqual(['word:SELECT', "string:'a''b'", 'punct:,', 'quoted:c d', 'punct:,', 'quoted:e', 'punct:,', "string:$$f'g$$", 'punct:,', 'number:1.5e-3', 'punct:,', 'number:.5', 'word:FROM', 'word:t']);
  });

  it('refuses what it cannot read with certainty', () => {
    for (const bad of ["SELECT 'open", 'SELECT `open', 'SELECT /* open', 'SELECT $$ open', 'SELECT 1 /* ; */', 'SELECT 1 -- ;', 'SELECT `a;b`', 'SELECT `a.b`', 'SELECT `a\\nb`', 'SELECT `a(b`', 'SELECT 1\u037e', 'SELECT \u0000 1', 'SELECT $x$;$x$']) {
      expect(() => tokenize(bad), bad).toThrow(TokenizeError);
    }
  });

  it('finds table-valued WITH names in source order, not scalar aliases or windows', () => {
    const names = (sql: string) => findCteNames(tokenize(sql)).map((c) => `${c.name}${c.recursive ? '*' : ''}`);
    expect(names('WITH a AS (SELECT 1), 1 AS k, b (x) AS (WITH c AS (SELECT 2) SELECT * FROM c) SELECT * FROM a, b')).toEqual(['a', 'b', 'c']);
    expect(names('WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r')).toEqual(['r*']);
    expect(names('SELECT sum(x) OVER w FROM t GROUP BY x WITH TOTALS HAVING 1 WINDOW w AS (ORDER BY x), w2 AS (ORDER BY y)')).toEqual([]);
    expect(names('WITH totals AS (SELECT 1) SELECT * FROM totals')).toEqual(['totals']);
    expect(names('WITH (SELECT 1) AS x SELECT x')).toEqual([]);
  });
});
