/** Stage 2, chart and ordering phrases: "as a bar chart", "in descending order", "sorted by". */
import type { ParseState } from './state.ts';

export function chartAndOrderStage(st: ParseState): void {
  const { out } = st;
  let s = st.s;
  // Chart type.
  const chart = /(?:\b(?:as|in|into|to|using|with|on)\s+(?:an?\s+)?)?\b(line|bar|column|stacked(?:\s+bar)?|grouped(?:\s+bar)?|side[- ]by[- ]side|pie|area|donut|heat\s*-?map)(?:\s*(?:chart|graph|plot|diagram|view)s?)?\b/.exec(s);
  if (chart && (/chart|graph|plot|diagram|map/.test(chart[0]) || /^(?:\s*(as|in|into|to)\b)/.test(chart[0]))) {
    const w = chart[1];
    out.chart = /^(line|area)/.test(w) ? 'line' : /^stacked/.test(w) ? 'stacked-bar' : /^(grouped|side)/.test(w) ? 'grouped-bar' : /^heat/.test(w) ? 'heatmap' : 'bar';
    s = s.replace(chart[0], ' ');
  }
  // "as a table", "in a list": every answer has its table; the request changes nothing else.
  s = s.replace(/\b(?:as|in|into)\s+(?:a\s+)?(?:plain\s+|simple\s+)?(?:table|list|text|grid)\b/, () => { out.display = 'table'; return ' '; });
  s = s.replace(/\bas\s+(?:a\s+)?(?:single\s+|big\s+)?number\b/, () => { out.chart = 'big-number'; return ' '; });

  // Ordering phrases.
  s = s.replace(/\bin\s+(descending|decreasing|ascending|increasing)\s+order\b|\b(descending|ascending|desc|asc)\b/g, (_m, a?: string, b?: string) => {
    out.order = /^(desc|decr)/.test(a ?? b ?? '') ? 'desc' : 'asc';
    return ' ';
  });
  s = s.replace(/\b(?:sorted|ordered|ranked|sort|order|rank|arranged)\s+(?:them\s+|it\s+)?by\b/g, ' ranked-by ');
  st.s = s;
}
