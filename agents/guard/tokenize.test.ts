import { describe, expect, it } from 'vitest';
import { isSignificant, lex } from './lexer.ts';
import { findCteNames, singleStatement, tokenize, TokenizeError } from './tokenize.ts';

const semis = (sql: string) => lex(sql).filter((t) => t.type === 'Semicolon').length;
const types = (sql: string) => lex(sql).filter(isSignificant).map((t) => `${t.type}:${sql.slice(t.start, t.end)}`);

describe('lexer (ClickHouse Lexer.cpp port)', () => {
  it('sees statement separators outside strings, identifiers, comments and heredocs', () => {
    expect(semis('SELECT 1; DROP TABLE t')).toBe(1);
    expect(semis("SELECT 'a;b', 'it''s;', 'x\\';'")).toBe(0);
    expect(semis("SELECT 'x\\\\'; DROP TABLE t")).toBe(1);
    expect(semis('SELECT 1 -- c\n; x')).toBe(1);
    expect(semis('SELECT 1 // c\n; x')).toBe(1);
    expect(semis('SELECT /* a /* b */ c */ 1;')).toBe(1);
    expect(semis('SELECT /* a /* b */ ; */ 1')).toBe(0);
    expect(semis('SELECT "a\\";" ; x')).toBe(1);
    expect(semis('SELECT `a\\`;` ; x')).toBe(1);
  });

  it('reads heredocs with word-character tags of any length, and nothing else as a heredoc', () => {
    const long = `$${'a'.repeat(300)}$`;
    expect(types(`SELECT ${long} ' ${long} ; x`)).toEqual(['BareWord:SELECT', `HereDoc:${long} ' ${long}`, 'Semicolon:;', 'BareWord:x']);
    expect(types('SELECT $a1_$x$a1_$')).toEqual(['BareWord:SELECT', 'HereDoc:$a1_$x$a1_$']);
    expect(types('SELECT $$x$$')).toEqual(['BareWord:SELECT', 'HereDoc:$$x$$']);
    expect(types("SELECT $a b$ ' $a b$")[1]).toBe('BareWord:$a');
    expect(types('SELECT $a$ open')[1]).toBe('BareWord:$a$');
    expect(types('SELECT $ x')[1]).toBe('Operator:$');
  });

  it('reads numbers as ClickHouse does', () => {
    expect(types('SELECT 1_000, 0x1F, 0b101, 1e-3, .5, 0x1p4, x.1.1, 1__2, 1.5e+3')).toEqual([
      'BareWord:SELECT', 'Number:1_000', 'Operator:,', 'Number:0x1F', 'Operator:,', 'Number:0b101', 'Operator:,', 'Number:1e-3', 'Operator:,',
      'Number:.5', 'Operator:,', 'Number:0x1p4', 'Operator:,', 'BareWord:x', 'Operator:.', 'Number:1', 'Operator:.', 'Number:1', 'Operator:,',
      'BareWord:1__2', 'Operator:,', 'Number:1.5e+3',
    ]);
  });

  it('reports unterminated and unknown input as errors', () => {
    for (const bad of ["SELECT 'open", 'SELECT `open', 'SELECT "open', 'SELECT /* open', 'SELECT 1 #x', 'SELECT !', "SELECT x'4G'", 'SELECT \\x', 'SELECT 1\u00a0']) {
      expect(lex(bad).some((t) => t.type === 'Error'), bad).toBe(true);
    }
  });
});

describe('tokenize and singleStatement', () => {
  it('re-emits one statement canonically: comments dropped, gaps one space, trailing ; removed', () => {
    expect(singleStatement("/* a */ SELECT\t1 ,'x  y'-- c\n FROM  t # z\n;").text).toBe("SELECT 1 ,'x  y' FROM t");
    expect(singleStatement('SELECT/**/1').text).toBe('SELECT 1');
    expect(() => singleStatement('SELECT 1;;')).toThrow(/multiple statements/);
    expect(() => singleStatement('SELECT 1; SELECT 2')).toThrow(/multiple statements/);
    expect(() => singleStatement('SELECT 1 \\G')).toThrow(/\\G/);
  });

  it('refuses what it cannot read with certainty, quoting nothing from the input', () => {
    for (const bad of ["SELECT 'zqx", 'SELECT `zqx', 'SELECT /* zqx', 'SELECT $$ zqx', 'SELECT 1 /* ; zqx */', 'SELECT 1 -- ; zqx', 'SELECT `zqx;b`', 'SELECT `zqx.b`', 'SELECT `zqx\\nb`', 'SELECT `zqx(b`', 'SELECT zqx\u037e', 'SELECT \u0000 zqx', 'SELECT $x$;zqx$x$', 'SELECT zqx\u00a0', 'SELECT zqx\ud800']) {
      let message = '';
      try {
        tokenize(bad);
      } catch (err) {
        expect(err, bad).toBeInstanceOf(TokenizeError);
        message = (err as Error).message;
      }
      expect(message, bad).not.toBe('');
      expect(message).not.toContain('zqx');
    }
  });

  it('proposes table-valued WITH names with their body parentheses, not scalar aliases or windows', () => {
    const names = (sql: string) => findCteNames(tokenize(sql)).map((c) => `${c.name}${c.recursive ? '*' : ''}`);
    expect(names('WITH a AS (SELECT 1), 1 AS k, b (x) AS (WITH c AS (SELECT 2) SELECT * FROM c) SELECT * FROM a, b')).toEqual(['a', 'b', 'c']);
    expect(names('WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r')).toEqual(['r*']);
    expect(names('SELECT sum(x) OVER w FROM t GROUP BY x WITH TOTALS HAVING 1 WINDOW w AS (ORDER BY x), w2 AS (ORDER BY y)')).toEqual([]);
    expect(names('WITH totals AS (SELECT 1) SELECT * FROM totals')).toEqual(['totals']);
    expect(names('WITH (SELECT 1) AS x SELECT x')).toEqual([]);
    const [c] = findCteNames(tokenize('WITH a AS (SELECT (1)) SELECT 1'));
    expect([c.open, c.close]).toEqual([3, 8]);
  });
});
