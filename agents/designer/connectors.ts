/**
 * Connector designs: "pull orders from our PostgreSQL with id, amount, status"
 * → a table with the PostgreSQL / MySQL engine reading the remote table, or a
 * Kafka engine table plus a MergeTree and a materialized view. Credentials
 * live in a ClickHouse named collection the operator creates (a named secret);
 * the design names it and never holds or echoes a host, user or password.
 * Kafka designs are validated (EXPLAIN AST) but never run here.
 */
import type { DesignColumn, DesignResult, DesignTable } from './design.ts';
import { columnFor, roleOf } from './conventions.ts';

const SOURCE = /\b(?:pull|sync|mirror|read|import|replicate|copy|load|ingest|stream|consume)\b.*?\b(?:from|out of)\s+(?:our\s+|the\s+|a\s+|my\s+)?(postgres(?:ql)?|mysql|mariadb|kafka)\b/i;

/** A local copy refreshed on a schedule rather than live reads. */
const REFRESH = /\b(every\s+(\d+\s*)?(minute|hour|day)s?|hourly|daily|nightly|refresh(ed)?|local copy|copy|snapshot)\b/i;

const snake = (s: string) => s.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');

/** A connector design when the requirement asks to pull from PostgreSQL, MySQL or Kafka; undefined otherwise. */
export function connectorDesign(req: string, database: string): DesignResult | undefined {
  const src = SOURCE.exec(req);
  if (!src) return undefined;
  const kind = /^postgres/i.test(src[1]) ? 'PostgreSQL' : /kafka/i.test(src[1]) ? 'Kafka' : 'MySQL';
  if (/\b(password|passwd|pwd)\s*[:=]?\s*\S+|:\/\/[^\s/]*:[^\s/]*@/i.test(req)) {
    return { refused: 'Not designed: never put a password in chat. The operator stores it in a ClickHouse named collection (CREATE NAMED COLLECTION …); name it here with "using secret <name>".' };
  }
  const entity = /\b(?:pull|sync|mirror|read|import|replicate|copy|load|ingest|stream|consume)\s+(?:the\s+|our\s+|all\s+)?([a-z][a-z0-9_]*(?:\s+[a-z][a-z0-9_]*)?)\s+(?:table\s+|topic\s+|events\s+)?(?:from|out of)\b/i.exec(req);
  const name = snake(entity?.[1] ?? '');
  if (!name || !/^[a-z_][a-z0-9_]*$/.test(name)) return { refused: `Say which table to pull: e.g. "pull orders from our ${kind} with order_id, amount, status, created_at".` };
  const list = /\b(?:with|columns|fields)\s*:?\s+(.+?)(?:[;.](?:\s|$)|\busing\b|$)/i.exec(req.slice(src.index + src[0].length))?.[1];
  if (!list) return { refused: `Name the columns to pull: e.g. "pull ${name} from our ${kind} with id, amount, status, created_at" (ClickHouse needs them to declare the table).` };
  const columns: DesignColumn[] = [];
  for (const raw of list.split(/,|\band\b/)) {
    const n = snake(raw.replace(/\b(a|an|the|its)\b/gi, ' '));
    if (n && /^[a-z_][a-z0-9_]*$/.test(n) && !columns.some((c) => c.name === n)) columns.push(columnFor(n, { nullable: false, precision: 0 }));
  }
  if (!columns.length) return { refused: `Name the columns to pull from ${kind}.` };
  const secret = snake(/\b(?:using|with)\s+(?:the\s+)?(?:secret|named collection|collection)\s+`?([A-Za-z_][\w]*)/i.exec(req)?.[1] ?? `${kind.toLowerCase()}_${name}`);
  const remote = name;
  const time = columns.find((c) => roleOf(c.name) === 'time');
  const explanation: string[] = [];
  const tables: DesignTable[] = [];
  if (kind === 'Kafka') {
    const queue: DesignTable = { name: `${name}_queue`, columns, engine: 'MergeTree', orderBy: [], why: { engine: `Kafka engine: consumes topic ${remote} as JSONEachRow through named collection ${secret}`, orderBy: 'a Kafka table has no sorting key' } };
    const store: DesignTable = {
      name,
      columns,
      engine: 'MergeTree',
      orderBy: [time?.name ?? columns[0].name],
      ...(time ? { partitionBy: `toYYYYMM(${time.name})`, timeColumn: time.name } : {}),
      why: { engine: 'MergeTree: where the consumed rows are kept', orderBy: `ORDER BY ${time?.name ?? columns[0].name}` },
    };
    tables.push(queue, store);
    explanation.push(
      `${database}.${name}_queue reads Kafka topic ${remote} (JSONEachRow) with the brokers and credentials of named collection ${secret}; ${database}.${name}_mv moves each consumed block into ${database}.${name} (MergeTree).`,
      'Kafka designs are validated by ClickHouse (EXPLAIN AST) but not run here: apply them on a server with Kafka reachable.',
    );
  } else if (REFRESH.test(req)) {
    // A local copy, replaced from the remote table on a schedule by a refreshable materialized view.
    const m = /\bevery\s+(\d+)?\s*(minute|hour|day)s?\b/i.exec(req);
    const every = m ? `${m[1] ?? 1} ${m[2].toUpperCase()}` : /\bdaily|nightly\b/i.test(req) ? '1 DAY' : /\bminutely\b/i.test(req) ? '1 MINUTE' : '1 HOUR';
    const key = columns.find((c) => c.role === 'id') ?? columns[0];
    tables.push({ name: `${name}_remote`, columns, engine: 'MergeTree', orderBy: [], why: { engine: `${kind} engine over ${remote} through named collection ${secret}`, orderBy: 'no sorting key: rows stay in the source database' } });
    tables.push({
      name,
      columns,
      engine: 'MergeTree',
      orderBy: [key.name],
      ...(time ? { partitionBy: `toYYYYMM(${time.name})`, timeColumn: time.name } : {}),
      why: { engine: 'MergeTree: the local copy queries read', orderBy: `ORDER BY ${key.name}` },
    });
    explanation.push(
      `${database}.${name}_remote reads ${remote} from ${kind} through named collection ${secret}; ${database}.${name}_refresh, a refreshable materialized view, replaces the local copy ${database}.${name} (MergeTree, ORDER BY ${key.name}) every ${every.toLowerCase()}, so questions never wait on ${kind}.`,
      `Credentials come from the ClickHouse named collection ${secret} (host, port, database, user, password), created once by the operator: CREATE NAMED COLLECTION ${secret} AS host = '…', port = …, database = '…', user = '…', password = '…'. The design never holds them.`,
    );
    for (const c of columns) explanation.push(`${c.name}: ${c.type} — ${c.why}.`);
    return {
      design: {
        requirement: req,
        database,
        tables,
        views: [],
        connector: { kind, table: `${name}_remote`, secretName: secret, remote, runnable: true, refresh: { view: `${name}_refresh`, target: name, every } },
        explanation,
        wantsSampleData: false,
      },
    };
  } else {
    tables.push({ name, columns, engine: 'MergeTree', orderBy: [], why: { engine: `${kind} engine: every query reads ${remote} live from ${kind} through named collection ${secret}`, orderBy: 'no sorting key: rows stay in the source database' } });
    explanation.push(
      `${database}.${name} is a ${kind} table engine over the remote table ${remote}: queries read it live, nothing is copied.`,
      `Credentials come from the ClickHouse named collection ${secret} (host, port, database, user, password), created once by the operator: CREATE NAMED COLLECTION ${secret} AS host = '…', port = …, database = '…', user = '…', password = '…'. The design never holds them.`,
      `Say "every hour" (or "a local copy") to get a MergeTree copy refreshed by a refreshable materialized view instead.`,
    );
  }
  for (const c of columns) explanation.push(`${c.name}: ${c.type} — ${c.why}.`);
  return {
    design: {
      requirement: req,
      database,
      tables,
      views: [],
      connector: { kind, table: kind === 'Kafka' ? `${name}_queue` : name, secretName: secret, remote, runnable: kind !== 'Kafka' },
      explanation,
      wantsSampleData: false,
    },
  };
}
