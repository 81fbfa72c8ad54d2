/**
 * pandas and tidyverse code, read as the plain words the parser knows ("count of events by device, only event_type = page
 * view event", "sum of revenue by country, only status = completed, top 5"), so it is answered as those words are, by the
 * model's definitions (orders are completed ones unless a status is said). Read:
 *
 * - pandas: a frame named by a table (name, singular, "orders_df") or generic (df, data …: its columns say the table);
 *   masks (`==`, `!=`, `>` …, `&`, `|` of one column's values, `~`, `.isin`, `.between`, `.dt.month / year / quarter /
 *   hour / dayofweek / date`), `.query("…")`, `.loc[mask, col]`; `.groupby` (columns, `.dt` parts, `pd.Grouper`),
 *   `.resample('D' | 'W' | 'M' | 'MS' | 'Q' | 'Y' | 'H')`; `.sum / mean / median / min / max / nunique / count / size /
 *   value_counts / agg`, `len(…)`, `.shape[0]`; `.sort_values`, `.sort_index`, `.head(n)`, `.nlargest`, `.nsmallest`.
 * - tidyverse (`%>%`, `|>`): `filter` (`==`, `!=`, `%in%`, `between`, `month(t) == 5`, `wday`, `hour`, `year`,
 *   `<last calendar month>`), `group_by`, `summarise(x = n() | n_distinct(col) | sum / mean / median / min / max(col))`,
 *   `count(…, sort = TRUE, wt = col)`, `tally`, `nrow`, `distinct(col)`, `mutate(x = hour(t) | month | wday | year |
 *   as.Date | floor_date(t, "week"))`, `arrange(x | desc(x))`, `slice_max / slice_min / top_n`, `head(n)`.
 * - the chatter about the code: "what does that Series look like?", "what would … return", "restricted to …".
 *
 * Read by spreadsheet-words.ts on the raw question; unchanged when no code is said. A frame, a column, a value, a method
 * or a verb that names nothing of the model is refused, naming it.
 */
import { DatalabsError } from '../../bot/contracts/errors.ts';
import type { ParseState } from './parse/state.ts';
import { columnTables, meaningsOf, owners, tablesOf } from './bi-words.ts';
import { MONTHS, WEEKDAYS } from './calendar-words.ts';

const fail = (message: string): never => { throw new DatalabsError('NOT_UNDERSTOOD', message); };
const said = (x: string): string => x.replace(/\s+/g, ' ').trim().slice(0, 60);
/** A literal without its quotes. */
const lit = (x: string): string => x.trim().replace(/^(['"`])([\s\S]*)\1$/, '$2').trim();
/** Names that say a frame without saying its table. */
const GENERIC = /^(?:df\d*|data|dat|d|frame|tbl|tib|tibble|dt|x|raw|table|result|res)$/i;
const DAYS = Object.values(WEEKDAYS);
/** pandas' frequencies and lubridate's units → the bucket said in words. */
const FREQ: Array<[RegExp, string]> = [[/^(?:h|hour|hours)$/i, 'hour'], [/^(?:d|day|days|date)$/i, 'day'], [/^(?:w|w-[a-z]{3}|week|weeks)$/i, 'week'],
  [/^(?:m|ms|me|month|months)$/i, 'month'], [/^(?:q|qs|qe|q-[a-z]{3}|quarter|quarters)$/i, 'quarter'], [/^(?:y|ys|ye|a|as|year|years)$/i, 'year']];
const AGG: Record<string, string> = { sum: 'sum', mean: 'avg', average: 'avg', avg: 'avg', median: 'median', min: 'min', max: 'max', nunique: 'distinct', n_distinct: 'distinct', count: 'count', size: 'count', n: 'count', length: 'count' };
/** pandas' methods read (any other is refused, naming it) and tidyverse's verbs. */
const METHODS = /^(?:groupby|query|set_index|resample|sum|mean|median|min|max|nunique|count|size|value_counts|agg|aggregate|sort_values|sort_index|nlargest|nsmallest|head|reset_index|to_frame|round|rename|copy|dropna|unstack|plot|bar|barh|line)$/;
const VERBS = /^(?:filter|group_by|summari[sz]e|count|tally|nrow|mutate|arrange|slice_max|slice_min|top_n|head|slice_head|distinct|pull|ungroup|collect|as_tibble|as\.data\.frame|print|view|select|sum|mean|median|min|max|n_distinct|length)$/i;

interface Cond { col: string; part?: string; op: string; values: string[]; words?: string; said: string }
interface Dim { col: string; bucket?: string; name?: string } // a column, or a bucket or part of the date; its alias in a pipe
interface Fig { fn: string; col?: string; name?: string }
interface Read { frame: string; table?: string; conds: Cond[]; dims: Dim[]; figs: Fig[]; sel?: Dim; index?: string; sort?: { by?: string; desc: boolean }; limit?: number; sorted?: boolean; share?: boolean; distinct?: string; chart?: string }
interface Span { from: number; to: number; read: Read }

/** Where the bracket opened at i closes (just after it), quotes skipped; -1 when it does not. */
function closeAt(s: string, i: number): number {
  for (let j = i, depth = 0, quote = ''; j < s.length; j++) {
    const c = s[j];
    if (quote) { if (c === quote) quote = ''; } else if (`'"\``.includes(c)) quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c) && --depth === 0) return j + 1;
  }
  return -1;
}

/** A text split where `sep` (sticky) matches outside brackets and quotes. */
function splitTop(s: string, sep: RegExp): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0, depth = 0, quote = ''; i < s.length; i++) {
    const c = s[i];
    if (quote) { if (c === quote) quote = ''; continue; }
    if (`'"\``.includes(c)) quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (!depth) {
      sep.lastIndex = i;
      const m = sep.exec(s);
      if (m?.[0]) { out.push(s.slice(start, i)); start = i + m[0].length; i = start - 1; }
    }
  }
  return [...out, s.slice(start)].map((x) => x.trim()).filter(Boolean);
}

/** Without the brackets around all of it. */
const bare = (x: string): string => { const s = x.trim(); return /^[([]/.test(s) && closeAt(s, 0) === s.length ? bare(s.slice(1, -1)) : s; };
/** "name = expr" (a keyword argument, an alias) or the expression alone. */
const named = (a: string): { name?: string; expr: string } => { const m = /^([A-Za-z_.][\w.]*)\s*=(?!=)\s*([\s\S]+)$/.exec(a.trim()); return m ? { name: m[1], expr: m[2].trim() } : { expr: a.trim() }; };
/** A call's positional and keyword arguments. */
function argsOf(inner: string): { pos: string[]; kw: Record<string, string> } {
  const args = splitTop(inner, /,/y).map(named);
  return { pos: args.filter((a) => !a.name).map((a) => a.expr), kw: Object.fromEntries(args.filter((a) => a.name).map((a) => [a.name!.toLowerCase(), a.expr])) };
}
/** A list literal's items ("['a', 'b']", 'c("a", "b")', "'a'", "pd.Timestamp('2025-06-01')"). */
const listOf = (x: string): string[] => splitTop(bare(x.trim().replace(/^c\s*(?=\()/, '')), /,/y).map((v) => lit(v.replace(/^(?:pd\.(?:to_datetime|Timestamp)|as\.Date|as_date|ymd|as\.POSIXct)\s*\(([\s\S]*)\)$/i, '$1')));
const isTrue = (x: string | undefined): boolean => /^(?:true|t)$/i.test(x ?? '');
const num = (x: string | undefined, dflt: number): number => { const n = Number(lit(x ?? '')); return !x ? dflt : Number.isInteger(n) && n > 0 ? n : fail(`I could not read "${said(x)}" as a number of rows.`); };
const bucketOfFreq = (f: string): string => FREQ.find(([re]) => re.test(lit(f).replace(/^1(?=[a-z])/i, '')))?.[1] ?? fail(`I could not read the frequency "${lit(f)}": say D, W, M, MS, Q or Y (day, week, month, quarter, year).`);

/** A column as written: `df.col`, `df['col']`, `'col'`, `col`; undefined when it is no plain name. */
function colName(x: string): string | undefined {
  const c = bare(x).replace(/^[A-Za-z_]\w*\s*(?:\.(?=[A-Za-z_]\w*$)|\[\s*(?=['"]))/, '').replace(/\]$/, '');
  return /^['"`]?([A-Za-z_]\w*)['"`]?$/.exec(c.trim())?.[1].toLowerCase();
}

/** A date part or bucket of a column: `df.t.dt.hour`, `.dt.to_period('M')`, `hour(t)`, `floor_date(t, "week")`, `pd.Grouper(…)`. */
function partOf(x: string): Dim | undefined {
  const s = bare(x);
  let m = /^([\s\S]+?)\.dt\.(\w+)(?:\(([^()]*)\))?$/.exec(s);
  if (m) {
    const col = colName(m[1]) ?? fail(`I could not read the column of "${said(s)}".`);
    const p = m[2].toLowerCase();
    const parts: Record<string, string> = { date: 'day', normalize: 'day', hour: 'hour of day', month: 'month of year', month_name: 'month of year', year: 'year', quarter: 'quarter of year', dayofweek: 'pandas dow', weekday: 'pandas dow', day_of_week: 'pandas dow', day_name: 'pandas dow' };
    return { col, bucket: /^(?:floor|to_period)$/.test(p) ? bucketOfFreq(m[3] ?? '') : parts[p] ?? fail(`I could not read ".dt.${m[2]}": I read .dt.date, .hour, .dayofweek, .month, .year, .quarter and .to_period().`) };
  }
  m = /^(?:lubridate::)?(hour|month|year|wday|quarter|as\.Date|as_date|date|floor_date|round_date|format|strftime)\s*\(([\s\S]*)\)$/i.exec(s);
  if (m) {
    const { pos, kw } = argsOf(m[2]);
    const col = colName(pos[0] ?? '') ?? fail(`I could not read the column of "${said(s)}".`);
    const f = m[1].toLowerCase();
    if (/^(?:floor_date|round_date)$/.test(f)) return { col, bucket: bucketOfFreq(kw.unit ?? pos[1] ?? 'second') };
    if (/^(?:format|strftime)$/.test(f)) return { col, bucket: /%d/.test(pos[1] ?? '') ? 'day' : /%m/.test(pos[1] ?? '') ? 'month' : /%Y/.test(pos[1] ?? '') ? 'year' : fail(`I could not read the format of "${said(s)}".`) };
    if (f === 'wday') return { col, bucket: lit(kw.week_start ?? '7') === '1' ? 'iso dow' : 'r dow' };
    return { col, bucket: /date/.test(f) ? 'day' : ({ hour: 'hour of day', month: 'month of year', quarter: 'quarter of year' } as Record<string, string>)[f] ?? f };
  }
  m = /^pd\.Grouper\(([\s\S]*)\)$/.exec(s);
  if (m) { const { kw } = argsOf(m[1]); return { col: colName(kw.key ?? '') ?? fail('I could not read the key of pd.Grouper.'), bucket: bucketOfFreq(kw.freq ?? '') }; }
  return undefined;
}

/** The left side of a condition: a column or a date part of one. */
const lhs = (x: string, s: string): { col: string; part?: string } => { const p = partOf(x); return p ? { col: p.col, part: p.bucket } : { col: colName(x) ?? fail(`I could not read the condition "${said(s)}": "${said(x)}" is no column as I read one.`) }; };

/** The conditions of a mask, a query or a filter(): `&`, `and` and `,` join them; a `|` of one column's values is one. */
function condsOf(x: string): Cond[] {
  const s = bare(x);
  const ands = splitTop(s, /&&?|\band\b|,/y);
  if (ands.length > 1) return ands.flatMap(condsOf);
  const ors = splitTop(s, /\|\|?|\bor\b/y);
  if (ors.length > 1) {
    const cs = ors.map(condsOf);
    const first = cs[0][0];
    if (cs.some((c) => c.length !== 1 || c[0].col !== first.col || c[0].part !== first.part || c[0].op !== '==')) fail(`I could not read "${said(s)}": I read "|" only between values of one column, as in (df.device == 'mobile') | (df.device == 'tablet').`);
    return [{ ...first, values: cs.flatMap((c) => c[0].values), said: s }];
  }
  const neg = /^(?:~|!|not\s+)([\s\S]+)$/i.exec(s);
  if (neg) return condsOf(neg[1]).map((c) => ({ ...c, op: c.op === '==' ? '!=' : c.op === '!=' ? '==' : fail(`I could not read "${said(s)}": negate an equality or a list only.`) }));
  const place = /^<([^<>]+)>$/.exec(s);
  if (place) return [{ col: '', op: 'words', values: [], words: place[1].trim(), said: s }];
  let m = /^([\s\S]+?)(?:\.isin\s*\(([\s\S]*)\)|\s+%in%\s+([\s\S]+)|\s+(not\s+in|in)\s+([\s\S]+))$/i.exec(s);
  if (m) return [{ ...lhs(m[1], s), op: /^not/i.test(m[4] ?? '') ? '!=' : '==', values: listOf(m[2] ?? m[3] ?? m[5]), said: s }];
  m = /^(?:between\s*\(([\s\S]+?),([\s\S]+?),([\s\S]+)\)|([\s\S]+?)\.between\s*\(([\s\S]+?),([\s\S]+)\))$/i.exec(s);
  if (m) { const c = lhs(m[1] ?? m[4], s); return [{ ...c, op: '>=', values: listOf(m[2] ?? m[5]), said: s }, { ...c, op: '<=', values: listOf(m[3] ?? m[6]), said: s }]; }
  const parts = splitTop(s, /==|!=|>=|<=|<>|>|<|=(?!=)/y);
  const op = /(==|!=|>=|<=|<>|>|<|=)/.exec(s.slice(parts[0]?.length ?? 0))?.[1];
  if (parts.length !== 2 || !op) return fail(`I could not read the condition "${said(s)}": write a column, a comparison and a value, as in status == 'completed'.`);
  return [{ ...lhs(parts[0], s), op: op === '=' ? '==' : op === '<>' ? '!=' : op, values: listOf(parts[1]), said: s }];
}

/** A figure of an aggregation's name and column ("sum", "revenue"); refused when the function is none read here. */
function fig(fn: string, col: string | undefined, name?: string): Fig {
  const f = AGG[fn.toLowerCase()] ?? fail(`I could not read the aggregation "${fn}": I read sum, mean, median, min, max, nunique / n_distinct, count, size and n().`);
  return f === 'count' || col ? { fn: f, col, name } : fail(`I could not read "${fn}()": say the column to take the ${fn} of, as in df.revenue.${fn}().`);
}

/** pandas' .agg(…): a function, a list of them, a dict of column → function(s), or named aggregations. */
function aggOf(r: Read, inner: string): Fig[] {
  const { pos, kw } = argsOf(inner);
  const out = Object.entries(kw).map(([name, v]) => { const [c, f] = listOf(v.replace(/^pd\.NamedAgg/, '')); return fig(f ?? '', colName(`'${c}'`), name); });
  if (/^\{/.test(pos[0] ?? '')) return [...out, ...splitTop(pos[0].trim().slice(1, -1), /,/y).flatMap((e) => { const [c, f] = splitTop(e, /:/y); return listOf(f ?? '').map((g) => fig(g, colName(c))); })];
  return [...out, ...(pos[0] ? listOf(pos[0]).map((g) => fig(g, r.sel?.col)) : [])];
}

/** A pandas chain (its steps after the frame's name) read. */
function readPandas(r: Read, steps: Array<{ name?: string; call?: string; index?: string }>): void {
  for (let i = 0; i < steps.length; i++) {
    const { name, call, index } = steps[i];
    const prev = steps[i - 1]?.name;
    if (index !== undefined && prev === 'shape') r.figs.push(fig('count', undefined));
    else if (index !== undefined) {
      const [mask, col] = prev === 'loc' ? splitTop(index, /,/y) : [index];
      if (/==|!=|>=|<=|[<>~&|]|\.isin\s*\(|\.between\s*\(/.test(mask)) r.conds.push(...condsOf(mask));
      else if (!col && colName(mask)) r.sel = { col: colName(mask)! };
      else if (!col && !/^\[/.test(mask.trim())) fail(`I could not read "[${said(mask)}]": a mask is a condition on a column, as in df[df.status == 'completed'].`);
      if (col) r.sel = { col: colName(col) ?? fail(`I could not read the column "${said(col)}" of .loc.`) };
    } else if (call === undefined) {
      const next = steps[i + 1];
      if (name === 'dt' && r.sel && next) { r.sel = { col: r.sel.col, bucket: partOf(`x.${r.sel.col}.dt.${next.name}${next.call !== undefined ? `(${next.call})` : ''}`)!.bucket }; i++; }
      else if (/^(?:str|iloc|apply|map)$/.test(name!)) fail(`I could not read ".${name}": I read masks, groupby, resample and aggregations.`);
      else if (!/^(?:loc|shape|plot)$/.test(name!)) r.sel = { col: name!.toLowerCase() };
    } else {
      const n = name!.toLowerCase();
      if (!METHODS.test(n)) fail(`I could not read ".${name}(…)": I read masks, .query, .groupby, .resample, .value_counts, .agg, sum / mean / median / min / max / nunique / count / size, sort_values, nlargest and head.`);
      const { pos, kw } = argsOf(call);
      if (n === 'groupby') {
        const g = (pos[0] ?? kw.by ?? '').trim();
        r.dims.push(...(/^\[/.test(g) ? splitTop(bare(g), /,/y) : [g]).map((x) => partOf(x) ?? { col: colName(x) ?? fail(`I could not read the group "${said(x)}".`) }));
      } else if (n === 'query') r.conds.push(...condsOf(lit(pos[0] ?? '')));
      else if (n === 'set_index') r.index = colName(pos[0] ?? '');
      else if (n === 'resample') r.dims.push({ col: colName(kw.on ?? '') ?? r.index ?? '', bucket: bucketOfFreq(pos[0] ?? kw.rule ?? '') });
      else if (n === 'value_counts') {
        r.dims.push(r.sel ?? fail('I could not read .value_counts() of a whole frame: name the column, as in df.device.value_counts().'));
        r.figs.push(fig('count', undefined));
        r.sel = undefined; r.sorted = true; r.share = isTrue(kw.normalize);
        if (isTrue(kw.ascending)) r.sort = { desc: false };
      } else if (n in AGG) r.figs.push(fig(n, r.sel?.bucket ? fail(`I could not read .${name}() of a date part: group by it, as in .groupby(df.order_time.dt.hour).size().`) : r.sel?.col));
      else if (/^agg(?:regate)?$/.test(n)) r.figs.push(...aggOf(r, call));
      else if (n === 'sort_values' || n === 'sort_index') r.sort = { by: n === 'sort_index' ? 'key' : colName(kw.by ?? pos[0] ?? ''), desc: /^false$/i.test(kw.ascending ?? '') };
      else if (n === 'nlargest' || n === 'nsmallest') { r.sort = { by: colName(kw.columns ?? pos[1] ?? ''), desc: n === 'nlargest' }; r.limit = num(kw.n ?? pos[0], 5); }
      else if (n === 'head') r.limit = num(kw.n ?? pos[0], 5);
      else if (/^(?:bar|barh|line)$/.test(n) || (n === 'plot' && kw.kind)) r.chart = lit(kw.kind ?? n).replace(/^barh$/, 'bar');
    }
  }
}

/** A tidyverse pipeline's verbs read. */
function readPipe(r: Read, verbs: Array<{ name: string; call: string }>): void {
  const aliases = new Map<string, Dim>();
  const dimOf = (a: string): Dim => { const { name, expr } = named(a); return { ...(aliases.get(expr) ?? partOf(expr) ?? { col: colName(expr) ?? fail(`I could not read the group "${said(expr)}".`) }), name: name ?? expr }; };
  const figOf = ({ name, expr }: { name?: string; expr: string }): Fig => {
    const m = /^(\w+)\s*\(/.exec(expr);
    const arg = m && closeAt(expr, m[0].length - 1) === expr.length ? argsOf(expr.slice(m[0].length, -1)).pos[0] : fail(`I could not read the summary "${said(expr)}": write name = fn(column), as in rev = sum(revenue).`);
    return fig(m![1], arg ? colName(arg) ?? fail(`I could not read the column of "${said(expr)}".`) : undefined, name);
  };
  const own = (a: string): boolean => !/^\.\w+\s*=/.test(a);
  for (const { name, call } of verbs) {
    const v = name.toLowerCase();
    if (!VERBS.test(v)) fail(`I could not read "${name}()" in the pipe: I read filter, group_by, summarise, count, tally, mutate, arrange, slice_max / slice_min and head.`);
    const { pos, kw } = argsOf(call);
    const as = lit(kw.name ?? 'n');
    if (v === 'filter') r.conds.push(...splitTop(call, /,/y).flatMap(condsOf));
    else if (v === 'group_by') r.dims.push(...splitTop(call, /,/y).filter(own).map(dimOf));
    else if (v === 'mutate') for (const a of splitTop(call, /,/y)) { const { name: n, expr } = named(a); if (n) aliases.set(n, partOf(expr) ?? { col: colName(expr) ?? fail(`I could not read the column "${n} = ${said(expr)}".`) }); }
    else if (/^summari[sz]e$/.test(v)) r.figs.push(...splitTop(call, /,/y).filter(own).map(named).map(figOf));
    else if (v === 'count' || v === 'tally' || v === 'nrow') {
      if (v === 'count') r.dims.push(...pos.map(dimOf), ...Object.entries(kw).filter(([k]) => !/^(?:sort|name|wt)$/.test(k)).map(([k, e]) => dimOf(`${k} = ${e}`)));
      r.figs.push(kw.wt ? fig('sum', colName(kw.wt), as) : r.distinct ? fig('nunique', r.distinct, as) : fig('count', undefined, as));
      r.sorted = isTrue(kw.sort);
    } else if (v === 'distinct') r.distinct = colName(pos[0] ?? '') ?? fail('I could not read distinct(): name one column, as in distinct(user_id) %>% count().');
    else if (v === 'arrange') { const d = /^(?:desc\s*\(([\s\S]*)\)|-\s*([\s\S]+))$/.exec((pos[0] ?? '').trim()); r.sort = { by: lit(d ? d[1] ?? d[2] : pos[0] ?? ''), desc: !!d }; }
    else if (v === 'slice_max' || v === 'slice_min') { r.sort = { by: lit(pos[0] ?? kw.order_by ?? ''), desc: v === 'slice_max' }; r.limit = num(kw.n ?? pos[1], 1); }
    else if (v === 'top_n') { r.sort = { by: lit(pos[1] ?? kw.wt ?? ''), desc: !/^-/.test(pos[0] ?? kw.n ?? '') }; r.limit = num((pos[0] ?? kw.n ?? '').replace(/^-/, ''), 1); }
    else if (v === 'head' || v === 'slice_head') r.limit = num(kw.n ?? pos[0], 6);
    else if (v === 'pull') r.sel = { col: colName(pos[0] ?? '') ?? fail('I could not read pull(): name one column.') };
    else if (v in AGG) r.figs.push(fig(v, r.sel?.col));
  }
}

/** A column's own name (by name, synonym or dimension); refused when it names nothing of the model. */
function canon(st: ParseState, name: string): string {
  if (columnTables(st, name).length) return name;
  const m = [...meaningsOf(st, name.replace(/_/g, ' ')), ...meaningsOf(st, name)];
  const col = m.find((x) => x.t === 'column');
  const dim = m.find((x) => x.t === 'dimension');
  const cols = dim?.t === 'dimension' ? st.model.dimensions.find((d) => d.name === dim.name)?.columns ?? [] : [];
  return col?.t === 'column' ? col.column : cols.length ? cols[0].split('.')[1] : fail(`I could not read the column "${name}": it names no column I know (the columns are those of ${st.model.tables.map((t) => t.name).join(', ')}).`);
}

/** The table the code is about: the frame's, else the one holding all its columns (the rest of the question deciding). */
function tableOf(st: ParseState, r: Read, context: string): string {
  const cols = [...new Set([...r.conds.filter((c) => c.op !== 'words').map((c) => c.col), ...r.dims.map((d) => d.col), ...r.figs.flatMap((f) => (f.col ? [f.col] : []))])];
  const missing = r.table && cols.find((c) => !columnTables(st, c).includes(r.table!));
  if (missing) fail(`I could not read the code: "${missing}" is no column of ${r.table} (its columns are ${st.model.tables.find((t) => t.name === r.table)!.columns.map((c) => c.name).join(', ')}).`);
  if (r.table) return r.table;
  let tables = st.model.tables.map((t) => t.name).filter((t) => cols.every((c) => columnTables(st, c).includes(t)));
  if (!cols.length || !tables.length) fail(`I could not read the code: ${cols.length ? `no one table has all of ${cols.join(', ')}` : `${r.frame ? `"${r.frame}"` : 'the pipe'} names no table`}; name the frame by its table, as in orders[orders.status == 'completed'].`);
  const named = tablesOf(st, context);
  if (tables.length > 1 && tables.some((t) => named.has(t))) tables = tables.filter((t) => named.has(t));
  return tables.length === 1 ? tables[0] : fail(`I could not read the code: ${r.frame ? `"${r.frame}"` : 'the pipe'} could be ${tables.join(' or ')}; name the frame by its table, as in ${tables[0]}.${cols[0]}.`);
}

/** A spelling that names only a column (or only a dimension's value), where its own also names a figure ("revenue" → "amount", "purchase" → "purchase event"). */
function ownWord(st: ParseState, word: string, synonyms: string[], t: 'value' | 'column'): string {
  const only = (w: string): boolean => meaningsOf(st, w).every((m) => m.t === t);
  return only(word) ? word : synonyms.find((w) => meaningsOf(st, w).length && only(w)) ?? word;
}

const hourWord = (h: number): string => `${h % 12 || 12}${h % 24 < 12 ? 'am' : 'pm'}`;
const dayAfter = (d: string, n: number): string => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
const holds = (x: number, op: string, v: number): boolean => (op === '==' ? x === v : op === '!=' ? x !== v : op === '>' ? x > v : op === '>=' ? x >= v : op === '<' ? x < v : x <= v);

/** The conditions on the table's date in words: a month / quarter / year, days of the week, a run of hours, days. */
function dateWords(conds: Cond[]): string[] {
  const out: string[] = [];
  const odd = conds.find((c) => !/^(?:year|month of year|quarter of year|\w+ dow|hour of day|day)?$/.test(c.part ?? ''));
  if (odd) fail(`I could not read "${said(odd.said)}": filter on the date's month, year, quarter, day of week, hour or day.`);
  const of = (p: RegExp): Cond[] => conds.filter((c) => p.test(c.part ?? ''));
  const kept = (range: number[], cs: Cond[], value: (v: string) => number): number[] => range.filter((x) => cs.every((c) => (c.op === '==' ? c.values.some((v) => value(v) === x) : c.op === '!=' ? c.values.every((v) => value(v) !== x) : holds(x, c.op, value(c.values[0])))));
  const number = (c: Cond) => (v: string): number => (Number.isFinite(Number(v)) ? Number(v) : fail(`I could not read "${said(c.said)}": compare it with a number.`));
  const one = (cs: Cond[], range: number[], what: string): number | undefined => {
    const k = cs.length ? kept(range, cs, number(cs[0])) : [];
    return !cs.length ? undefined : k.length === 1 ? k[0] : fail(`I could not read "${said(cs.map((c) => c.said).join(' & '))}": ask for one ${what}.`);
  };
  const year = one(of(/^year$/), Array.from({ length: 200 }, (_, i) => 1950 + i), 'year');
  const month = one(of(/^month of year$/), Array.from({ length: 12 }, (_, i) => i + 1), 'month');
  const quarter = one(of(/^quarter of year$/), [1, 2, 3, 4], 'quarter');
  if (month || quarter || year) out.push(`in ${month ? MONTHS[month - 1] : quarter ? `q${quarter}` : ''}${year ? ` ${year}` : ''}`);
  const dows = of(/dow$/);
  if (dows.length) {
    // Numbered as written: pandas Monday = 0, lubridate's wday() Sunday = 1 (Monday = 1 with week_start = 1).
    const kind = dows[0].part!;
    const native = (d: number): number => (kind === 'pandas dow' ? d : kind === 'iso dow' ? d + 1 : ((d + 1) % 7) + 1);
    const value = (v: string): number => { const d = DAYS.findIndex((x) => x.startsWith(v.toLowerCase().slice(0, 3))); return d >= 0 ? native(d) : number(dows[0])(v); };
    const days = DAYS.filter((_, d) => kept([native(d)], dows, value).length);
    out.push(days.length ? `only day of week = ${days.join(', ')}${days.length > 1 ? ' combined' : ''}` : fail(`I could not read "${said(dows[0].said)}": it keeps no day.`));
  }
  const hours = of(/^hour of day$/);
  const run = hours.length ? kept(Array.from({ length: 24 }, (_, i) => i), hours, number(hours[0])) : [];
  if (hours.length && (!run.length || run.some((h, i) => i && h !== run[i - 1] + 1))) fail(`I could not read "${said(hours.map((c) => c.said).join(' & '))}": ask for one run of hours.`);
  if (run.length) out.push(`between ${hourWord(run[0])} and ${hourWord(run.at(-1)! + 1)}`);
  let from: string | undefined;
  let to: string | undefined;
  for (const c of of(/^(?:day)?$/)) {
    const d = /^\d{4}-\d{2}-\d{2}$/.exec(c.values[0] ?? '')?.[0] ?? fail(`I could not read "${said(c.said)}": compare the date with a day written as YYYY-MM-DD.`);
    if (c.op === '==') { from = d; to = dayAfter(d, 1); } else if (c.op === '>=' || c.op === '>') from = c.op === '>' && c.part ? dayAfter(d, 1) : d;
    else if (c.op === '<' || c.op === '<=') to = c.op === '<=' ? dayAfter(d, 1) : d; else fail(`I could not read "${said(c.said)}": compare the date by ==, >, >=, < or <=.`);
  }
  if (from || to) out.push(from && to ? (dayAfter(from, 1) === to ? `on ${from}` : `between ${from} and ${dayAfter(to, -1)}`) : from ? `since ${from}` : `before ${to}`);
  return out;
}

/** A condition on a column of the table in words: "only status = completed", "excluding device = mobile or tablet", "with quantity > 2". */
function condWords(st: ParseState, table: string, c: Cond): string {
  const type = st.model.tables.find((t) => t.name === table)!.columns.find((x) => x.name === c.col)!.type;
  if (type === 'number' || type === 'id') {
    if (c.values.length !== 1 || !/^-?\d+(?:\.\d+)?$/.test(c.values[0]) || c.op === '!=') fail(`I could not read "${said(c.said)}": compare ${c.col} with one number by ==, >, >=, < or <=.`);
    return `with ${c.col} ${c.op === '==' ? '=' : c.op} ${c.values[0]}`;
  }
  const dim = st.model.dimensions.find((d) => d.columns?.includes(`${table}.${c.col}`));
  const unknown = c.values.filter((v) => !dim || !owners(st, v).includes(dim.name));
  if (unknown.length || !/^[!=]=$/.test(c.op)) fail(`I could not read "${said(c.said)}": ${unknown.length ? `${unknown.map((v) => `"${v}"`).join(', ')} ${unknown.length > 1 ? 'are' : 'is'} no value of ${c.col} I know` : `compare ${c.col} with == or != only`}.`);
  const vs = c.values.map((v) => ownWord(st, v, Object.keys(dim!.valueSynonyms ?? {}).filter((k) => dim!.valueSynonyms![k] === v), 'value'));
  return c.op === '!=' ? `excluding ${c.col} = ${vs.join(' or ')}` : `only ${c.col} = ${vs.join(', ')}${vs.length > 1 ? ' combined' : ''}`;
}

/** The code read, in the plain words the parser knows. */
function words(st: ParseState, r: Read, context: string): string {
  r.conds = r.conds.map((c) => (c.op === 'words' ? c : { ...c, col: canon(st, c.col) }));
  r.figs = r.figs.map((f) => ({ ...f, col: f.col && canon(st, f.col) }));
  const time = (t?: string): string => st.model.tables.find((x) => x.name === t)?.time ?? '';
  r.dims = r.dims.map((d) => ({ ...d, col: d.col ? canon(st, d.col) : time(r.table) || fail('I could not read .resample(): set the date as the index or say on=, as in .resample(\'W\', on=\'order_time\').') }));
  const table = tableOf(st, r, context);
  const def = st.model.tables.find((t) => t.name === table)!;
  const type = (c: string): string => def.columns.find((x) => x.name === c)?.type ?? '';
  const dated = (c: Cond): boolean => c.op !== 'words' && (!!c.part || type(c.col) === 'time');
  const other = [...r.dims.filter((d) => d.bucket), ...r.conds.filter(dated)].find((x) => x.col !== def.time);
  if (other) fail(`I could not read the code: ${other.col} is not the date of ${table}${def.time ? ` (${def.time} is)` : ''}.`);
  const dims = r.dims.map((d) => {
    if (d.bucket) return /dow$/.test(d.bucket) ? 'day of week' : d.bucket === 'quarter of year' ? fail('I could not read a group by the quarter of the year: group by quarter, as in .resample(\'Q\').') : d.bucket;
    if (type(d.col) !== 'string' && !st.model.dimensions.some((x) => x.columns?.includes(`${table}.${d.col}`))) fail(`I could not read the group "${d.col}": group by a column of values or a part of ${def.time || 'a date'}, as in .groupby('country').`);
    return d.col;
  });
  const figs = r.figs.map((f) => {
    if (f.fn === 'count') return `${r.share ? 'share' : 'count'} of ${table}`;
    if (f.fn === 'distinct') return `count of distinct ${f.col}${columnTables(st, f.col!).length > 1 ? ` in ${table}` : ''}`;
    if (type(f.col!) !== 'number') fail(`I could not read the ${f.fn} of ${f.col}: it is no number column.`);
    // "average revenue by month" reads the months' revenue averaged: the column by a word naming only it ("amount").
    const col = f.fn === 'sum' ? f.col! : ownWord(st, f.col!, def.columns.find((c) => c.name === f.col)?.synonyms ?? [], 'column');
    return `${{ sum: 'sum of', avg: 'average', median: 'median', min: 'minimum', max: 'maximum' }[f.fn]} ${col}`;
  });
  const filters = [...dateWords(r.conds.filter(dated)), ...r.conds.filter((c) => !dated(c) && c.op !== 'words').map((c) => condWords(st, table, c)), ...r.conds.filter((c) => c.op === 'words').map((c) => c.words!)].map((f) => `, ${f}`).join('');
  const { sort, limit } = r;
  if (!figs.length) {
    if (dims.length) fail('I could not read the code: a group needs an aggregation after it, as in .groupby(\'country\').revenue.sum().');
    if (limit && sort?.by && type(sort.by) === 'number') return `${sort.desc ? 'top' : 'bottom'} ${limit} ${table} by ${sort.by}${filters}`;
    if (limit || sort) fail('I could not read the code: sort rows by a number column, as in .nlargest(5, \'revenue\').');
    return `${table}${filters}`;
  }
  const byKey = sort && (sort.by === 'key' || r.dims.some((d) => d.name === sort.by || d.col === sort.by)) && !r.figs.some((f) => f.name === sort.by);
  let order = '';
  if (sort && !byKey && dims.length) order = limit ? `, ${sort.desc ? 'top' : 'bottom'} ${limit}` : sort.desc ? ', highest first' : ', lowest first';
  else if (sort?.desc && !limit && r.dims.some((d) => d.bucket)) order = ', latest first';
  else if (limit && r.sorted && !sort) order = `, top ${limit}`;
  else if (limit && dims.length) fail(`I could not read head(${limit}): sort by the figure first, as in .sort_values(ascending=False).head(${limit}).`);
  return `${figs.join(' and ')}${dims.length ? ` by ${dims.join(' and ')}` : ''}${filters}${order}${r.chart ? `, as a ${r.chart} chart` : ''}`;
}

/** The table a frame's name says: its name, its singular, "orders_df". */
const tableNamed = (st: ParseState, name: string): string | undefined => { const n = name.toLowerCase().replace(/^df_|_(?:df|tbl|data|raw)$/, ''); return st.model.tables.find((t) => t.name === n || t.name === `${n}s`)?.name; };
/** The frame a name says: a table, a generic name, or a column of one table ("revenue", as bi-tool-words.ts leaves "orders.revenue"). */
function frameOf(st: ParseState, name: string): Read {
  const r: Read = { frame: name, table: tableNamed(st, name), conds: [], dims: [], figs: [] };
  if (r.table || GENERIC.test(name)) return r;
  const tables = columnTables(st, name);
  if (!tables.length) fail(`I could not read the code: the frame "${name}" names no table I know; call it by its table (${st.model.tables.map((t) => t.name).join(', ')}) or df.`);
  return { ...r, table: tables.length === 1 ? tables[0] : undefined, sel: { col: name.toLowerCase() } };
}

/** pandas chains: a frame's name, then masks, attributes and calls (`len(…)` around one counts its rows). */
function pandasSpans(st: ParseState, s: string): Span[] {
  const out: Span[] = [];
  const start = /(?<![\w.$])([A-Za-z_]\w*)(?=\[|\s*\.[A-Za-z_])/g;
  for (let m = start.exec(s); m; m = start.exec(s)) {
    const steps: Array<{ name?: string; call?: string; index?: string }> = [];
    let pos = m.index + m[0].length;
    for (;;) {
      const a = /^(?:\s*\n\s*)?\.([A-Za-z_]\w*)/.exec(s.slice(pos));
      const end = s[pos] === '[' ? closeAt(s, pos) : a && s[pos + a[0].length] === '(' ? closeAt(s, pos + a[0].length) : -1;
      if (s[pos] === '[' && end > 0) steps.push({ index: s.slice(pos + 1, end - 1) });
      else if (a && end > 0) steps.push({ name: a[1], call: s.slice(pos + a[0].length + 1, end - 1) });
      else if (a) { steps.push({ name: a[1] }); pos += a[0].length; continue; } else break;
      pos = end;
    }
    // Code: a mask, a method only pandas has, or any method of a frame naming a table, a column or a frame
    // ("orders.describe()", refused below); not "client.query({…})".
    const frame = GENERIC.test(m[1]) || !!tableNamed(st, m[1]) || columnTables(st, m[1]).length > 0;
    const pandas = (x: string): boolean => frame || /^(?:groupby|value_counts|nunique|resample|set_index|sort_values|sort_index|nlargest|nsmallest|agg|aggregate)$/.test(x);
    if (!steps.some((x) => (x.call !== undefined && pandas(x.name!)) || (x.index !== undefined && /==|!=|>=|<=|[<>]|\.isin\s*\(/.test(x.index)))) continue;
    const read = frameOf(st, m[1]);
    readPandas(read, steps);
    const len = /\blen\s*\(\s*$/.exec(s.slice(0, m.index));
    const close = len ? /^\s*\)/.exec(s.slice(pos)) : null;
    if (len && close) read.figs.push(fig('count', undefined));
    out.push({ from: len && close ? len.index : m.index, to: pos + (close?.[0].length ?? 0), read });
    start.lastIndex = pos;
  }
  return out;
}

/** tidyverse pipelines: a frame's name or a first verb (`filter(orders, …)`), then verbs joined by %>% or |>. */
function pipeSpans(st: ParseState, s: string): Span[] {
  const out: Span[] = [];
  const pipe = /%>%|\|>/g;
  for (let m = pipe.exec(s); m; m = pipe.exec(s)) {
    const before = s.slice(0, m.index).replace(/\s+$/, '');
    const verbs: Array<{ name: string; call: string }> = [];
    let open = before.length - 1;
    for (let depth = 0; before.endsWith(')') && open >= 0; open--) { depth += before[open] === ')' ? 1 : before[open] === '(' ? -1 : 0; if (!depth) break; }
    const head = /(?<![\w.])([A-Za-z_][\w.]*)\s*$/.exec(before.endsWith(')') ? before.slice(0, Math.max(open, 0)) : before);
    if (!head) continue;
    const args = before.endsWith(')') ? splitTop(before.slice(open + 1, -1), /,/y) : [];
    const frame = args[0] && (GENERIC.test(args[0]) || tableNamed(st, args[0])) ? args[0] : '';
    if (before.endsWith(')')) verbs.push({ name: head[1], call: (frame ? args.slice(1) : args).join(', ') });
    let pos = m.index + m[0].length;
    for (let v = /^\s*([A-Za-z_][\w.:]*)\s*\(/.exec(s.slice(pos)); v; v = /^\s*([A-Za-z_][\w.:]*)\s*\(/.exec(s.slice(pos))) {
      const end = closeAt(s, pos + v[0].length - 1);
      if (end < 0) break;
      verbs.push({ name: v[1].replace(/^\w+::/, ''), call: s.slice(pos + v[0].length, end - 1) });
      pos = end;
      const next = /^\s*(?:%>%|\|>)/.exec(s.slice(pos));
      if (!next) break;
      pos += next[0].length;
    }
    if (verbs.length < (before.endsWith(')') ? 2 : 1)) continue;
    const read = before.endsWith(')') ? (frame ? frameOf(st, frame) : { frame: '', conds: [], dims: [], figs: [] }) : frameOf(st, head[1]);
    readPipe(read, verbs);
    // "arrange(desc(users)) %>% head(3)": verbs of no frame naming no column are an edit of an earlier pipe, left as said.
    if (!read.frame && !read.conds.length && !read.dims.length && !read.figs.some((f) => f.col)) continue;
    out.push({ from: head.index, to: pos, read });
    pipe.lastIndex = pos;
  }
  return out;
}

/** What is said about the code rather than asked: removed. */
const CHATTER = new RegExp(String.raw`\s*(?:[-\u2013\u2014]\s*)?\b(?:${[
  String.raw`(?:so\s+)?what\s+(?:does|would|will|do|did|should)\s+(?:(?:that|this|the|my|our|it|resulting|final|returned)\s+)*(?:series|frame|data\s*frame|df|tibble|output|result|pipe(?:line)?|chain|code|snippet|thing|table)?\s*(?:look\s+like|return|give(?:\s+me)?|show|print|output|produce|spit\s+out)`,
  String.raw`what(?:['\u2019]s|\s+is)\s+(?:the\s+)?(?:output|result)`,
  String.raw`(?:in|using|with|via)\s+(?:pandas|dplyr|the\s+tidyverse|tidyverse|polars|python|r)(?:\s+(?:terms|speak|syntax|code|land))?(?=\s*(?:[:,.;]|\s[-\u2013\u2014]|$))`,
  String.raw`(?:the\s+)?(?:pandas|dplyr|tidyverse|python|r)\s+(?:equivalent|version|translation)\s+(?:of|would\s+be)`,
].join('|')})\b\s*[?:]*`, 'gi');

/**
 * The question with pandas and tidyverse code written as the plain words the parser reads (raw text; unchanged when no
 * code is said): a frame, its masks or filter(), its groups, its aggregation, its order and head, and the chatter about
 * the code. A frame, a column, a value, a method or a verb that names nothing of the model is refused, naming it.
 */
export function withDataframeWords(st: ParseState, question: string): string {
  if (!/%>%|\|>|[\w\]]\s*\.[A-Za-z_]\w*\(|\w\[/.test(question)) return question;
  const s = question.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"');
  // Code with an operand emptied ("[ & (b)]", "agg(n= )") is what is left when a bracket of it is read apart from it (as
  // restated-bracket.ts tries): no code anyone typed, left as said.
  if (/=\s*[,)]|[[(]\s*[&|\]]|[&|]\s*[\])]/.test(s)) return question;
  const spans = [...pipeSpans(st, s), ...pandasSpans(st, s)].sort((a, b) => a.from - b.from).filter((x, i, all) => !all.slice(0, i).some((y) => x.from < y.to));
  if (!spans.length) return question;
  const context = spans.reduceRight((t, x) => `${t.slice(0, x.from)} ${t.slice(x.to)}`, s);
  let out = s;
  for (const x of [...spans].reverse()) {
    // "what would <code> return?", "what do I get from <code>": the code is what is asked.
    const asking = /\b(?:so\s+)?what\s+(?:would|does|will|do|did|should)\s+(?:(?:i|we|you)\s+get\s+(?:from|for|out\s+of)\s+)?$/i.exec(out.slice(0, x.from));
    const after = asking ? out.slice(x.to).replace(/^\s*(?:return|give|output|print|show|produce|spit\s+out|come\s+out\s+as|evaluate\s+to)(?:\s+me)?\b/i, '') : out.slice(x.to);
    out = `${out.slice(0, asking?.index ?? x.from)} ${words(st, x.read, context)} ${after}`;
  }
  out = out.replace(CHATTER, ' ').replace(/\b(?:but\s+)?(?:restricted|limited|narrowed|constrained|scoped|subsetted|cut)\s+(?:down\s+)?to\b/gi, ', ');
  return out.replace(/\s+/g, ' ').replace(/\s+([,.;?!])(?=\s|$)/g, '$1').replace(/([,;:])(?:\s*,)+/g, '$1').trim();
}
