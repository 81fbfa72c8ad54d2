/**
 * Requirements the designer will not turn into DDL, each answered with one
 * line: destroying existing data, reading files or the server's own tables,
 * features ClickHouse does not have.
 */

const UNSAFE: Array<[RegExp, string]> = [
  [
    /\b(drop|truncate|destroy|wipe|empty|purge|delete|remove)\s+(the\s+|all\s+|my\s+|our\s+|every\s+|existing\s+|of\s+)*([\w.]+\s+){0,2}(tables?|databases?|schemas?)\b/i,
    'Not designed: the designer only proposes new tables and additive changes; it never drops or empties a table or database (do that yourself, reviewed, outside the chat).',
  ],
  [/\b(drop|truncate|delete|wipe)\s+(the\s+|all\s+)?(\w+\.\w+|orders|customers|events|users|data|everything)\b(?!\s+older|\s+after|\s+rows\s+older)/i, 'Not designed: the designer never drops or deletes existing data; ask for a retention period ("keep 90 days") instead.'],
  [/(\/etc\/|\/proc\/|\/root\/|\/home\/|\/var\/|\.\.\/|passwd|shadow\b|\bfile\s*\(|\burl\s*\(|\bs3\s*\(|\bhdfs\s*\(|\bexecutable\b|\bshell\b|\bcommand line\b|read (a |the |local |any )?files?\b)/i, 'Not designed: a schema cannot read files, URLs or run commands on the server; describe the table you want to fill instead.'],
  [/\b(password|passwd|pwd)\b\s*(is|:|=)?\s*\S+|:\/\/[^\s/]*:[^\s/]*@/i, 'Not designed: never put a password in chat. The operator stores it in a ClickHouse named collection (CREATE NAMED COLLECTION …); name it here with "using secret <name>".'],
  [/\bsystem\.\w+|\binformation_schema\b|\b(in|into) (the )?system (database|db)\b/i, "Not designed: the server's own tables (system, information_schema) are off limits; name a database of yours."],
  [/\b(grant|revoke|passwords?|credentials? of|create user|alter user|privileges?)\b(?!.*\bsecret\b)/i, 'Not designed: users, grants and passwords are the operator\'s, not the designer\'s; it proposes tables only.'],
];

const IMPOSSIBLE: Array<[RegExp, string]> = [
  [/\bforeign[- ]keys?\b|\breferences\s+\w+\s*\(/i, 'ClickHouse has no foreign keys: keep the other table\'s id as a column (e.g. customer_id UInt64) and join on it at query time.'],
  [/\bauto[- ]?increment(ing)?\b|\bserial\b/i, 'ClickHouse has no auto-increment: let the writer assign a UInt64 id (or use generateSnowflakeID()), then say "with id".'],
  [/\b(unique constraint|unique index|enforce(d)? uniqueness|must be unique)\b/i, 'ClickHouse does not enforce uniqueness: ask for "latest state per <key>" and the designer uses ReplacingMergeTree, which keeps one row per key after merges.'],
  [/\b(stored procedures?|triggers?)\b/i, 'ClickHouse has no triggers or stored procedures: a materialized view runs on every insert instead; ask for "a dashboard of daily …" to get one.'],
];

/** The one line refusing `requirement`, or undefined when it may be designed. */
export function refusalOf(requirement: string): string | undefined {
  for (const [re, line] of UNSAFE) if (re.test(requirement)) return line;
  for (const [re, line] of IMPOSSIBLE) if (re.test(requirement)) return line;
  return undefined;
}
