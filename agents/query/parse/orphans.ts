/**
 * Data-quality checks across tables: "orders that reference a user_id that doesn't exist in the users table", "events
 * with a user_id not in users", "orders with a product_id missing from products". The rows counted are those whose key
 * column names no row of the other table (`orphanOf`); only a key the model joins to that table is read. Read in the
 * normalise stage.
 */
import type { ParseState } from './state.ts';

const NOT_IN = String.raw`(?:that\s+|which\s+)?(?:(?:does|do)\s*(?:not|n't|nt)\s+exist\s+in|(?:is|are)\s+not\s+(?:in|found\s+in|present\s+in)|not\s+(?:in|found\s+in|present\s+in)|(?:is\s+|are\s+)?(?:missing|absent)\s+from|(?:has|have)\s+no\s+(?:row|match|matching\s+row)\s+in)`;
const ORPHAN = new RegExp(String.raw`\b(?:that\s+|which\s+)?(?:have|has|with|reference|references|referencing|point\s+to|points\s+to|pointing\s+to)\s+(?:a|an|the)?\s*([a-z_]+)\s+${NOT_IN}\s+(?:the\s+)?([a-z_]+)(?:\s+table)?\b`);

/** Reads the check into `orphanOf` and takes its words out; a key or table the model does not join is left as written. */
export function withOrphans(st: ParseState, s: string): string {
  const m = ORPHAN.exec(s);
  if (!m) return s;
  const [, column, named] = m;
  const table = st.model.tables.find((t) => t.name === named || (t.entity ?? []).some((e) => e === named || `${e}s` === named));
  if (!table) return s;
  const join = (st.model.joins ?? []).find((j) => j.to === table.name && Object.keys(j.on).length === 1 && Object.keys(j.on)[0] === column);
  if (!join) return s;
  st.out.orphanOf = { table: table.name, column };
  return `${s.slice(0, m.index)} ${s.slice(m.index + m[0].length)}`;
}
