/**
 * Chatter around a question, read without: bracketed asides, remarks, who asks and why (asides.ts,
 * context-clauses.ts), passes until no word is left that the agent does not understand; and, in a question every word
 * of which is understood, a statement the asker makes beside the sentence that asks. What was left out is named in the
 * answer (`aside`).
 */
import { withoutAsides } from './asides.ts';
import { withoutToldSentences, type ClauseFacts } from './context-clauses.ts';
import type { ParsedQuestion } from './parser.ts';
import { dimensionCanFilter } from './resolve.ts';
import type { SemanticModel } from './semantic-model.ts';

export interface WithoutChatter {
  /** The question as it is read (unchanged when nothing was left out). */
  question: string;
  /** Its parse. */
  p: ParsedQuestion;
  /** The words (or sentences) left out. */
  aside: string[];
  /** The question without its chatter when that reads only as rows asked for (no figure), and what was left out. */
  rows?: { question: string; aside: string[] };
}

/** What the model says about a clause's parts (context-clauses.ts). */
export function clauseFacts(model: SemanticModel): ClauseFacts {
  return {
    canFilter: (d, figure) => dimensionCanFilter(model, d, figure.measures[0]),
    partOf: (part, whole) => part.kind === 'measure' && whole.kind === 'measure'
      && model.measures.some((m) => m.name === whole.name && m.agg === 'ratio' && (m.numerator === part.name || m.denominator === part.name)),
    perGrain: (figure, plain, grain) => {
      const a = figure.kind === 'measure' ? model.measures.find((m) => m.name === figure.name) : undefined;
      const b = plain.kind === 'measure' ? model.measures.find((m) => m.name === plain.name) : undefined;
      return !!a?.grain && a.grain === grain && !!b && !b.grain && a.table === b.table && a.agg === b.agg && a.column === b.column
        && JSON.stringify(a.filter ?? {}) === JSON.stringify(b.filter ?? {});
    },
  };
}

/** The question `p` parsed from, without its chatter; `parse` reads a text with the same model and clock. */
export function withoutChatter(model: SemanticModel, p: ParsedQuestion, question: string, parse: (text: string) => ParsedQuestion): WithoutChatter {
  const facts = clauseFacts(model);
  // Words not understood, and a figure word the model has no figure for ("page and the average").
  const odd = [...p.unknown, ...(p.unsupported && !p.unknown.length ? p.unsupported.toLowerCase().split(/\s+/) : [])];
  const asides = (text: string, words: string[]): string | undefined => withoutAsides(text, words, parse, facts, (a, b) => alikeParts(model, a, b));
  // "(the campaign day)": a bracketed aside holding the words not understood is read without.
  let bare = odd.length ? asides(question, odd) : undefined;
  let reread = bare ? parse(bare) : undefined;
  // "Morning. Trying to size …: what's …": with one aside gone, the words of another can be read as one too.
  const later: string[] = [];
  for (let pass = 0; pass < 2 && bare && reread?.unknown.length; pass++) {
    const next = asides(bare, reread.unknown);
    if (!next || next === bare) break;
    later.push(...reread.unknown);
    bare = next;
    reread = parse(bare);
  }
  if (bare && reread && !reread.unknown.length && !reread.unsupported) {
    return { question: bare, p: reread, aside: [...(p.unknown.length ? p.unknown : [p.unsupported!]), ...later] };
  }
  // Read without the chatter every word is understood, but no figure ("fraud team here. the biggest order last
  // week?"): the rows themselves may be asked (a listing); the caller tries.
  if (bare && reread && !reread.unknown.length) return { question, p, aside: [], rows: { question: bare, aside: [...p.unknown, ...later] } };
  // "we saw a lot of returns in apparel. refund rate per category?": a statement beside the question, every word read.
  if (!odd.length) {
    const { text: asked, told } = withoutToldSentences(question, parse, facts);
    const q = told.length ? parse(asked) : undefined;
    if (q && !q.unknown.length && !q.unsupported) return { question: asked, p: q, aside: told };
  }
  return { question, p, aside: [] };
}

/**
 * Two names of one column of the answer: dimensions sharing a column ("channel" for signup channel: users.channel), or
 * (as `measure:<name>`) two figures counting the same rows ("users" for signups: the users table's rows).
 */
function alikeParts(model: SemanticModel, a: string, b: string): boolean {
  if (a.startsWith('measure:') && b.startsWith('measure:')) {
    const [x, y] = [a, b].map((n) => model.measures.find((m) => m.name === n.slice(8)));
    return !!x && !!y && x.agg === y.agg && x.table === y.table && x.column === y.column && JSON.stringify(x.filter ?? {}) === JSON.stringify(y.filter ?? {});
  }
  const [x, y] = [a, b].map((n) => model.dimensions.find((d) => d.name === n));
  return !!x?.columns && !!y?.columns && x.columns.some((c) => y.columns!.includes(c));
}
