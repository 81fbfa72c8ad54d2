/**
 * "how many users signed up in December?" → "how many of them also placed a completed order in that same month?":
 * "them" are the rows the previous answer counted — a table's own rows in a period of its time column. The follow-up
 * is read as the question with that cohort said in words ("how many users who signed up in December 2024 placed a
 * completed order in December 2024"), which the parser reads as those of them with such rows (parse/related.ts).
 * Also here, the other follow-ups said again with the previous answer's rows: "their value" (its money column) and
 * "of it" after a one-row ranking ("of that product").
 */
import { extractTime, isoDateTime } from './time-phrases.ts';
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { rowEventWords } from './parse/related.ts';
import type { SemanticModel } from './semantic-model.ts';
import { baseTableOf } from './resolve.ts';
import type { SemanticQuery } from './semantic-query.ts';

/** "and how much revenue have those March signups generated in total?": a figure their rows of another table make. */
const THEIR_FIGURE = /^\s*(?:(?:and|so|ok|okay|now)\b[\s,]*)*how\s+much\s+([a-z][a-z ]*?)\s+(?:have|has|did|do)\s+(?:those|these|they|them)\b[a-z ]*?\s(?:generated?|brought\s+in|bring\s+in|spent|spend|produced?|made|make|contributed?)\b\s*(?:in\s+total|overall|altogether|so\s+far|to\s+date|since(?:\s+then)?)?\s*[?.!]*\s*$/i;
const OF_THEM = /^\s*(?:(?:and|so|ok|okay|now)\b[\s,]*)*how\s+many\s+of\s+(?:them|those|these)(?:\s+(?:[a-z]+\s+)?(?:people|users|customers|accounts|signups|sign-ups|new\s+users))?\s+(?:(?:have|has|had)\s+)?(?:(?:also|then|actually|ever|eventually|later)\s+)*(.+?)\s*[?.!]*\s*$/i;
/** "in that same month", "that month", "the same week": the previous answer's period. */
const THAT_PERIOD = /\b(?:in\s+|during\s+|within\s+)?(?:that|the|this)\s+(?:same\s+)?(?:day|week|month|quarter|year|period)\b/g;

/** The question with "how many of them …" read over the previous answer's rows, or undefined when it is not such a question. */
export function withCohortOfPrevious(question: string, model: SemanticModel, prev: SemanticQuery | undefined, now: Date): string | undefined {
  const figure = THEIR_FIGURE.exec(question);
  const hit = OF_THEM.exec(question) ?? (figure ? Object.assign([figure[0], ''], { index: 0 }) as unknown as RegExpExecArray : null);
  // "have at least one completed order": a count of rows per user, whose clause of signups is not read here.
  if (hit && /\b(?:at\s+least|at\s+most|more\s+than|fewer\s+than|less\s+than|over|under|\d+\s*\+)/i.test(hit[1])) return undefined;
  // "how many of those may signups have ever placed a completed order? one number" after signups by channel: the rows of
  // the whole answer, once; without "one number" / "in total" the split is not carried over — refused, never another count.
  if (hit && prev?.period && (prev.dimensions.length || prev.grain) && /^(?:placed|made|ordered|bought|purchased|converted|came\s+back|returned|spent|paid)\b/i.test(hit[1])) {
    if (!/\b(?:one|a\s+single|single)\s+(?:number|figure|value|total)\b|\bin\s+total\b|\boverall\b|\baltogether\b/i.test(question)) {
      throw new DatalabsError('NOT_UNDERSTOOD', `"${question.trim().slice(0, 60)}" asks about the rows of an answer split by ${prev.grain ?? prev.dimensions.join(' and ')}: ask for one number ("… in total") or name the group.`);
    }
    prev = { ...prev, dimensions: [] };
    delete prev.grain;
  }
  if (!hit || !prev?.period || prev.measures.length !== 1 || prev.dimensions.length || prev.grain) return undefined;
  const first = prev.measures[0];
  const m = first.kind === 'measure' ? model.measures.find((x) => x.name === first.name) : undefined;
  const t = m?.agg === 'count' && !m.filter ? model.tables.find((x) => x.name === m.table) : undefined;
  if (!t?.time) return undefined;
  // The event of the table's own rows, said as a verb: a name of its plain count ("signed up", "registered").
  const verbs = rowEventWords(model, t);
  // A verb with its particle first ("signed up"), then one word ("joined").
  const verb = verbs.find((v) => /^[a-z]+ed\s+(?:up|in|on|out)$/.test(v)) ?? verbs.find((v) => /^[a-z]+ed$/.test(v)) ?? verbs[0];
  // The period said again as its label, when the label reads back to the same period.
  const label = prev.period.label;
  const read = (() => { try { return extractTime(` in ${label.toLowerCase()} `, now).period; } catch { return undefined; } })();
  if (!verb || !read || isoDateTime(read.from) !== prev.period.from || isoDateTime(read.to) !== prev.period.to) return undefined;
  // "how many users signed up via social …": one value of a column of those rows, said with the dimension that is
  // that column alone ("with signup channel social"), so it stays on them and never goes to the other rows.
  const withs: string[] = [];
  for (const f of prev.filters) {
    if (f.kind !== 'dimension' || f.negate || f.values.length !== 1) return undefined;
    const col = model.dimensions.find((d) => d.name === f.dimension)?.columns?.find((c) => c.startsWith(`${t.name}.`));
    const own = col ? model.dimensions.find((d) => d.columns?.length === 1 && d.columns[0] === col) : undefined;
    // Only a dimension of several tables said through the one of these rows (channel: signup channel); a dimension of
    // these rows alone ("with plan growth") does not read back as one clause here.
    if (!own || own.name === f.dimension) return undefined;
    withs.push(`with ${own.label ?? own.name.replace(/_/g, ' ')} ${f.values[0]}`);
  }
  const noun = t.entity?.[0] ? `${t.entity[0].replace(/s$/, '')}s` : t.name;
  const said = /^(?:last|this|previous|past|yesterday|today|the)\b/i.test(label) ? label : `in ${label}`;
  const who = `${noun} who ${verb} ${said} ${withs.join(' ')}`;
  if (figure) return `${figure[1]} from ${who}`;
  // "… placed a completed order since then": after they joined, which every order of theirs is.
  const rest = hit[1].replace(/\b(?:ever\s+)?since\s+(?:then|that\s+(?:day|week|month|time))\b/g, ' ').replace(THAT_PERIOD, ` ${said} `);
  return `how many ${who} ${rest}`;
}

/**
 * "what was their total value?", "and their value" after a count of orders: the value of a table's rows is its money
 * column (orders: revenue), said by its name. Only with a previous answer whose rows have exactly one such column.
 */
export function withValueOfPrevious(question: string, model: SemanticModel, prev: SemanticQuery): string {
  const re = /\b(their|its|the)\s+((?:total|combined|overall|summed)\s+)?(?:value|worth)\b(?!\s+of\b)/i;
  if (!re.test(question) || !prev.measures.length) return question;
  const table = model.tables.find((t) => t.name === baseTableOf(model, prev.measures[0]));
  const money = table?.columns.filter((c) => c.type === 'number' && c.unit === 'usd') ?? [];
  return money.length === 1 ? question.replace(re, (_m, who: string, total?: string) => `${who} ${total ?? ''}${money[0].name.replace(/_/g, ' ')}`) : question;
}

/**
 * "how many units of it have we sold?" after "what's our top product by revenue?": "it" is the one row of that answer,
 * said as "that product" (which names the row of the previous answer's ranking).
 */
export function withOneRowNamed(question: string, model: SemanticModel, prev: SemanticQuery): string {
  if (prev.limit !== 1 || prev.dimensions.length !== 1 || prev.grain || prev.limitBy) return question;
  const d = model.dimensions.find((x) => x.name === prev.dimensions[0]);
  const noun = d ? (d.label ?? d.name).replace(/_/g, ' ') : undefined;
  return noun ? question.replace(/\b(of|for|from|about|on)\s+(?:it|that\s+one|this\s+one)\b/i, `$1 that ${noun}`) : question;
}
