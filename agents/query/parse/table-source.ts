/**
 * A table named as where the figure is read: "row count of demo.orders" (as SQL names it), "the product catalog",
 * "(from the products table)". The name says which rows are meant; it is no breakdown by the rows' name ("products"
 * is also the product dimension). It goes only where the rest of the question names that table's rows or figures
 * too; a table named nowhere else stays ("distinct user_ids in the events table"), and "does not exist in the users
 * table" is a data-quality check (orphans.ts), left alone.
 */
import { phraseKey } from '../vocabulary.ts';
import { tablesNamed, type ParseState } from './state.ts';

export function withTableNamedAsSource(st: ParseState, s: string): string {
  // "row count of demo.orders": a table written as the SQL names it is the table.
  // "users in demo.users": where they are read, as "in the users table" (below).
  for (const t of st.model.tables) s = s.replace(new RegExp(`(\\b(?:in|from)\\s+)?(?<![\\w.])${t.table.toLowerCase().replace('.', '\\.')}(?![\\w.])`, 'g'), (_m, where?: string) => { st.out.namesTable = true; st.out.sourceTable ??= t.name; return where ? ` ${where.trim()} the ${t.name} table ` : ` ${t.name} `; });
  // "the product catalog", "the user table": the table named by its rows' noun.
  // Named nowhere else it is the table ("how many items in the product catalog"); beside its own columns or figures
  // ("average list price per category (product catalogue)") it only says where they are read.
  s = s.replace(/\b([a-z_]+)\s+(?:catalog|catalogue)\b/g, (m, w: string, at: number, all: string) => {
    const table = st.model.tables.find((t) => t.name === w || t.name === `${w}s` || (t.entity ?? []).includes(w))?.name;
    if (!table) return m;
    return tablesNamed(st, `${all.slice(0, at)} ${all.slice(at + m.length)}`).has(table) ? ' ' : table;
  });
  // "(from the products table)", "in the users table": where the figure is read, not a breakdown by the rows' name.
  const tableNames = st.model.tables.map((t) => t.name).join('|');
  // Only where the rest names that table's rows or figures too ("distinct user_ids in the events table" keeps it).
  s = s.replace(new RegExp(`(?<!\\b(?:exist|exists|existing|missing|absent|present|found|appear|appears|listed|known)\\s+)\\b(?:from|in)\\s+the\\s+(${tableNames})(?:\\s+table)?\\b(?!\\s+(?:who|that|which|with|whose|where|of|having|placed|made|on|in|from)\\b)`, 'g'), (whole: string, table: string, at: number, all: string) => {
    st.out.namesTable = true;
    st.out.sourceTable ??= table;
    const rest = `${all.slice(0, at)} ${all.slice(at + whole.length)}`;
    // A column the table has, even one other tables have too ("distinct user_ids … in the events table"), is read there.
    const ownColumn = rest.split(/\s+/).some((w) => (st.vocab.phrases.get(phraseKey(w)) ?? []).some((m) => m.t === 'column' && m.table === table));
    return tablesNamed(st, rest).has(table) || ownColumn ? ' ' : whole;
  });
  return s;
}

/** "top 3 user_id by lifetime revenue", "the 5 biggest user ids": a table's key as the rows of a ranking is its entity. */
export function withKeyAsRankedRows(st: ParseState, s: string): string {
  return s.replace(/\b(top|bottom|best|worst|biggest|largest|smallest)\s+(\d+\s+)?([a-z]+)(?:_|\s+)ids?\b/g, (whole, lead: string, n: string | undefined, noun: string) => {
    // Only where the model's rows of that entity are the key itself (customers: orders.user_id), not a name of it.
    const t = st.model.tables.find((x) => (x.entity ?? []).includes(noun) && x.columns.some((c) => c.name === `${noun}_id`));
    const keyed = st.model.dimensions.some((d) => (d.columns ?? []).some((c) => c.endsWith(`.${noun}_id`)));
    return t && keyed ? `${lead} ${n ?? ''}${noun}s` : whole;
  });
}

/**
 * "the earliest and latest signup_time", "first and last order_time": the ends of a table's time column are its min and
 * max (the data's coverage), said with the words of time.
 */
export function withTimeColumnEnds(st: ParseState, s: string): string {
  const times = st.model.tables.flatMap((t) => (t.time ? [t.time, t.time.replace(/_/g, ' ')] : []));
  if (!times.length) return s;
  const time = `(${times.sort((a, b) => b.length - a.length).join('|')})`;
  // "when did user 2001 sign up", "when was order 5003 placed": the time of the one row its key names.
  for (const t of st.model.tables) {
    const nouns = (t.entity ?? []).filter((e) => /^[a-z]+$/.test(e) && !e.endsWith('s'));
    if (!t.time || !nouns.length) continue;
    s = s.replace(new RegExp(`\\bwhen\\s+(?:did|was|were|has|have|is)\\s+((?:the\\s+)?(?:${nouns.join('|')})\\s+(?:id\\s+|#\\s*|no\\.?\\s*)?\\d{1,12})\\s+(?:first\\s+)?(?:sign(?:ed)?\\s*up|register(?:ed)?|join(?:ed)?|(?:get|got)\\s+created|created|placed|made|happen(?:ed)?|occur(?:red)?|c[oa]me\\s+in|arrive[d]?)\\b`, 'g'), ` earliest ${t.time} for $1 `);
  }
  // "which country is user 1500 based in?", "what plan is user 2001 on?": that row's value of a column of its table,
  // read as the table's rows by that column for the row's key.
  for (const t of st.model.tables) {
    const nouns = (t.entity ?? []).filter((e) => /^[a-z]+$/.test(e) && !e.endsWith('s'));
    if (!nouns.length || !t.columns.some((c) => c.type === 'id')) continue;
    s = s.replace(new RegExp(`\\b(?:which|what)\\s+([a-z]+(?:\\s+[a-z]+)?)\\s+(?:is|was|are|were)\\s+((?:the\\s+)?(?:${nouns.join('|')})\\s+(?:id\\s+|#\\s*|no\\.?\\s*)?\\d{1,12})(?:\\s+(?:on|in|from|with|at|using|under))?\\b`, 'g'), (whole: string, what: string, key: string) => {
      const dim = (st.vocab.phrases.get(phraseKey(what)) ?? []).find((x) => x.t === 'dimension');
      const own = dim && st.model.dimensions.find((d) => d.name === (dim as { name: string }).name)?.columns?.some((c) => c.startsWith(`${t.name}.`));
      // The number is a key here ("user 2024" may not be read as a year): said with "id".
      return own ? ` ${t.name} by ${what} for ${/(?:id|#|no\.?)\s*\d+$/.test(key) ? key : key.replace(/\s+(\d+)$/, ' id $1')} ` : whole;
    });
  }
  // "order timestamps", "the signup timestamp": the time column of the table the noun before it names.
  for (const t of st.model.tables) {
    if (!t.time) continue;
    const nouns = [t.name, ...(t.entity ?? []), t.time.replace(/_time$|_at$|_date$/, '')].map((n) => n.replace(/s$/, ''));
    s = s.replace(new RegExp(`\\b(?:${[...new Set(nouns)].join('|')})s?\\s+timestamps?\\b`, 'g'), t.time);
  }
  return s
    .replace(new RegExp(`\\b(?:earliest|first|oldest)\\s+and\\s+(?:the\\s+)?(?:latest|last|newest|most\\s+recent)\\s+${time}\\b`, 'g'), 'min and max $1')
    .replace(new RegExp(`\\b(?:latest|last|newest|most\\s+recent)\\s+and\\s+(?:the\\s+)?(?:earliest|first|oldest)\\s+${time}\\b`, 'g'), 'max and min $1')
    .replace(new RegExp(`\\b(?:earliest|oldest)\\s+${time}\\b`, 'g'), 'min $1')
    .replace(new RegExp(`\\b(?:latest|newest|most\\s+recent)\\s+${time}\\b`, 'g'), 'max $1');
}

/**
 * "revenue by customer plan (free / starter / growth / enterprise)": every value of a dimension listed after it names the
 * breakdown's rows, not a ratio or a filter; said once.
 */
export function withoutListedValuesOfBreakdown(st: ParseState, s: string): string {
  for (const d of st.model.dimensions) {
    if (!d.values || d.values.length < 2) continue;
    const values = d.values.map((v) => v.toLowerCase().replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
    // Commas are gone from the text by now: the values may follow each other with spaces alone.
    const list = new RegExp(`\\b(?:${values.join('|')})(?:(?:\\s*(?:/|,|\\bor\\b|\\band\\b)\\s*|\\s+)(?:${values.join('|')})){${d.values.length - 1}}\\b`, 'g');
    s = s.replace(list, (m: string, at: number, all: string) => {
      const said = new Set(m.split(/\s*(?:\/|,|\bor\b|\band\b)\s*|\s+/).map((x) => x.trim()).filter(Boolean));
      // Only the whole list, after a breakdown by that dimension ("by plan", "per customer plan").
      const names = [d.name.replace(/_/g, ' '), ...(d.synonyms ?? [])].map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
      // … or after every value of it said included ("all statuses included (completed, refunded and cancelled)").
      return said.size === d.values!.length && new RegExp(`(?:\\b(?:by|per|each|every)\\s+(?:[a-z]+\\s+)?(?:${names.join('|')})|\\b(?:all|every|any)\\s+(?:the\\s+)?(?:${names.join('|')})s?(?:\\s+(?:included|counted|considered))?)\\s*$`).test(all.slice(0, at)) ? ' ' : m;
    });
  }
  return s;
}

/**
 * "row counts of demo.users, demo.products and demo.orders", "the number of rows in the orders table": a table's row
 * count is every row it holds (all statuses of orders too), not its default figure. Each table named is written as the
 * model's plain count of its rows, listed, so several are answered side by side.
 */
export function withRowCountsOfTables(st: ParseState, s: string): string {
  const tables = st.model.tables.map((t) => t.name).sort((a, b) => b.length - a.length).join('|');
  const one = `(?:the\\s+)?(?:${tables})(?:\\s+tables?)?`;
  const re = new RegExp(`\\b(?:the\\s+)?(?:total\\s+)?(?:row\\s+counts?|rows?\\s+counts?|numbers?\\s+of\\s+rows|counts?\\s+of\\s+(?:all\\s+)?(?:the\\s+)?rows|how\\s+many\\s+rows\\s+(?:are|do\\s+we\\s+have|exist|there\\s+are)?\\s*(?:there\\s+)?)\\s*(?:of|in|for|from)\\s+(${one}(?:(?:\\s*(?:,|and|&)\\s*|\\s+)${one})*)`, 'g');
  s = s.replace(re, (whole: string, list: string) => {
    const named = [...list.matchAll(new RegExp(`\\b(${tables})\\b`, 'g'))].map((m) => m[1]);
    // The count named as its table is ("products"), else the table's plain count ("all orders").
    const counts = named.map((name) => plainCount(st, name));
    if (!counts.length || counts.some((m) => !m)) return whole;
    st.out.namesTable = true;
    return ` ${counts.map((m) => countWords(m!)).join(' and ')} `;
  });
  // "dupe check: the total number of rows and the number of distinct order_ids": rows of no table named are those of the
  // one table the rest of the question is about.
  const bare = /\b(?:the\s+)?(?:total\s+)?(?:row\s+count|numbers?\s+of\s+rows|counts?\s+of\s+(?:all\s+)?(?:the\s+)?rows)\b(?!\s+(?:of|in|for|from|where|with|that|which)\b)/g;
  return s.replace(bare, (whole: string, at: number, all: string) => {
    const named = [...tablesNamed(st, `${all.slice(0, at)} ${all.slice(at + whole.length)}`)];
    const count = named.length === 1 ? plainCount(st, named[0]) : undefined;
    if (!count) return whole;
    st.out.namesTable = true;
    return ` ${countWords(count)} `;
  });
}

type CountMeasure = ParseState['model']['measures'][number];
/** The model's plain count of a table's rows: the count named as the table ("products"), else one with no filter ("all orders"). */
function plainCount(st: ParseState, table: string): CountMeasure | undefined {
  const plain = st.model.measures.filter((m) => m.table === table && m.agg === 'count' && !m.filter && !m.grain);
  return plain.find((m) => m.name === table) ?? plain[0];
}
const countWords = (m: CountMeasure): string => (m.name === m.table ? `number of ${m.name.replace(/_/g, ' ')}` : m.label ?? m.name.replace(/_/g, ' '));
