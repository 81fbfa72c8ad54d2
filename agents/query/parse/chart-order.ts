/** Stage 2, chart and ordering phrases: "as a bar chart", "in descending order", "sorted by". */
import type { ParseState } from './state.ts';

export function chartAndOrderStage(st: ParseState): void {
  const { out } = st;
  let s = st.s;
  // Chart type ("as bars", "as lines": the kind's plural too; "horizontal bars": bars of categories are drawn so).
  const chart = /(?:\b(?:as|in|into|to|using|with|on)\s+(?:an?\s+)?)?(?:\bhorizontal\s+(?=bars?\b))?\b(line|bar|column|stacked(?:\s+bar)?|grouped(?:\s+bar)?|side[- ]by[- ]side|pie|area|donut|doughnut|scatter|heat\s*-?map)(?:(?<=bar|line|column|pie|donut)s)?(?:\s*(?:chart|graph|plot|diagram|view)s?)?\b/.exec(s);
  // "stacked bar please", "pie instead": a message that is only a chart kind (and politeness) asks for that chart.
  const onlyChart = !!chart && /^(?:\s*\b(?:ok|okay|so|now|then|please|pls|plz|make\s+it|use|do|try|a|an|maybe|instead|thanks|thx|can|could|would|you|u)\b)*\s*$/
    .test(s.replace(chart[0], ' '));
  if (chart && (onlyChart || /chart|graph|plot|diagram|map/.test(chart[0]) || /^(?:\s*(as|in|into|to)\b)/.test(chart[0]))) {
    const w = chart[1];
    // Each kind reaches the renderer as asked; it draws it when the result fits, or says why not.
    out.chart = /^(line|area|pie|donut|scatter)$/.test(w) ? w as 'line' | 'area' | 'pie' | 'donut' | 'scatter' : w === 'doughnut' ? 'donut'
      : /^stacked/.test(w) ? 'stacked-bar' : /^(grouped|side)/.test(w) ? 'grouped-bar' : /^heat/.test(w) ? 'heatmap' : 'bar';
    s = s.replace(chart[0], ' ');
  }
  // "as a table", "in a list": every answer has its table; the request changes nothing else.
  s = s.replace(/\b(?:as|in|into)\s+(?:a\s+)?(?:plain\s+|simple\s+)?(?:table|list|text|grid)\b/, () => { out.display = 'table'; return ' '; });
  s = s.replace(/\bas\s+(?:a\s+)?(?:single\s+|big\s+)?number\b/, () => { out.chart = 'big-number'; return ' '; });
  // "show it as a chart", "chart it", "plot that", "visualise it": the chart every answer has, of the kind its shape takes.
  if (!out.chart) {
    s = s.replace(/\b(?:as|in|into|on)\s+(?:an?\s+)?(?:chart|graph|plot|visual(?:i[sz]ation)?|diagram)\b|\b(?:chart|plot|graph|visuali[sz]e|draw)\s+(?:it|that|this|them|these|those)\b|^\s*(?:visuali[sz]e|chart|plot|graph)\s*$/,
      () => { out.display = 'chart'; return ' '; });
  }

  // Ordering phrases.
  s = s.replace(/\bin\s+(descending|decreasing|ascending|increasing)\s+order\b|\b(descending|ascending|desc|asc)\b/g, (_m, a?: string, b?: string) => {
    out.order = /^(desc|decr)/.test(a ?? b ?? '') ? 'desc' : 'asc';
    return ' ';
  });
  // "list all of them, worst first", "no limit", "the full list": every row, not the top N of before.
  s = s.replace(/\b(?:(?:show|list|give\s+me|see|display|return)\s+(?:me\s+)?)?(?:all\s+(?:of\s+)?(?:them|those|these|the\s+rows|rows|the\s+results|results|the\s+ones)|every\s+one\s+of\s+(?:them|those|these)|no\s+limit|without\s+(?:a\s+|the\s+)?limit|the\s+(?:full|whole|complete|entire)\s+(?:list|ranking))\b/g, () => { out.allRows = true; return ' '; });
  // "highest first", "smallest first", "biggest on top": the order of the rows.
  s = s.replace(/\b(highest|largest|biggest|most|top|best|lowest|smallest|least|fewest|worst)\s+(?:ones?\s+)?(?:first|on\s+top|at\s+the\s+top)\b/g, (_m, w: string) => {
    out.order = /^(highest|largest|biggest|most|top|best)$/.test(w) ? 'desc' : 'asc';
    // "worst first" of a refund rate: the highest first (the figure's good direction, once it is known).
    if (w === 'best' || w === 'worst') out.judged = true;
    return ' ';
  });
  // "sorted high to low", "ordered from the biggest plan to the smallest", "longest first" (after a figure: "pages ranked
  // by average duration, longest first").
  s = s.replace(/\b(?:(?:sorted|ordered|ranked|sort|order|rank|arranged)\s+(?:them\s+|it\s+)?)?(?:from\s+)?(?:the\s+)?(high|highest|large|largest|big|biggest|most|top|low|lowest|small|smallest|least|bottom)(?:\s+[a-z_]+)?\s+to\s+(?:the\s+)?(low|lowest|small|smallest|least|bottom|high|highest|large|largest|big|biggest|most|top)(?:\s+(?:one|ones))?\b/g,
    (whole: string, a: string, b: string) => {
      const up = /^(high|highest|large|largest|big|biggest|most|top)$/;
      if (up.test(a) === up.test(b)) return whole;
      out.order = up.test(a) ? 'desc' : 'asc';
      return ' ';
    });
  // "oldest quarter first", "most recent first", "in chronological order": with a time series, the order of its periods.
  s = s.replace(/\b(newest|oldest|latest|earliest|most\s+recent)\s+(?:(?:hour|day|week|month|quarter|year|period|one)s?\s+)?(?:first|on\s+top|at\s+the\s+top)\b/g, (_m, w: string) => {
    out.timeOrder = /^(newest|latest|most\s+recent)$/.test(w) ? 'desc' : 'asc'; out.order = out.timeOrder; return ' ';
  });
  s = s.replace(/\b(?:(?:in|by)\s+)?(reverse\s+)?(?:chronological(?:ly)?|time)(?:\s+order)?\b(?=\s|$)/g, (whole: string, rev: string | undefined) => {
    if (/^time$/.test(whole.trim())) return whole;
    out.timeOrder = rev ? 'desc' : 'asc'; return ' ';
  });
  // "order by month asc", "sorted by date descending": by the series' own time unit is the order of its periods.
  s = s.replace(/\b(?:order(?:ed)?|sort(?:ed)?)\s+by\s+(?:the\s+)?(?:hour|day|date|week|month|quarter|year|time)\s*(asc|ascending|desc|descending)?\b/g, (_m, dir: string | undefined) => {
    out.timeOrder = dir && /^desc/.test(dir) ? 'desc' : 'asc'; return ' ';
  });
  s = s.replace(/\b(longest|shortest)\s+first\b/g, (_m, w: string) => { out.order = w === 'longest' ? 'desc' : 'asc'; return ' '; });
  // "most sessions first", "fewest orders first": the figure named again between the word and "first".
  // "highest revenue first", "biggest category first": the same with a word of size.
  s = s.replace(/\b(most|fewest|least|highest|lowest|biggest|largest|smallest)\s+(?:[a-z_]+\s+){1,2}?first\b/g, (_m, w: string) => { out.order = /^(?:most|highest|biggest|largest)$/.test(w) ? 'desc' : 'asc'; return ' '; });
  // "cheapest first", "priciest first": a column's rank word (the model's) says the order of the rows it ranks.
  const rankWords = st.model.tables.flatMap((t) => t.columns.flatMap((c) => Object.entries(c.rankWords ?? {}).map(([w, d]) => ({ w: w.toLowerCase().replace(/\s+/g, ' '), d, column: c.name }))));
  for (const { w, d, column } of rankWords) {
    s = s.replace(new RegExp(`\\b${w.replace(/\s+/g, '\\s+')}\\s+(?:ones?\\s+)?first\\b`, 'g'), () => { out.order = d; out.orderColumn = column; return ' '; });
  }
  // "sort that from most expensive to cheapest": of two of a column's rank words, the first says the order.
  const ranks = new Map(rankWords.map((r) => [r.w, r]));
  if (ranks.size) {
    const words = [...ranks.keys()].map((w) => w.replace(/\s+/g, '\\s+')).join('|');
    s = s.replace(new RegExp(`\\b(?:(?:sorted|ordered|ranked|sort|order|rank|arranged)\\s+(?:(?:them|it|that|this|those|these)\\s+)?)?from\\s+(?:the\\s+)?(${words})\\s+(?:ones?\\s+)?to\\s+(?:the\\s+)?(${words})\\b(?:\\s+ones?)?`, 'g'), (whole: string, a: string, b: string) => {
      const [ra, rb] = [ranks.get(a.replace(/\s+/g, ' ')), ranks.get(b.replace(/\s+/g, ' '))];
      if (!ra || !rb || ra.d === rb.d || ra.column !== rb.column) return whole;
      out.order = ra.d; out.orderColumn = ra.column;
      return ' ';
    });
  }
  // Not "revenue per order by device", "the average order by country": there "order" is a row of the figure.
  s = s.replace(/\b(?:sorted|ordered|ranked|sort|(?<!\b(?:per|each|every|an?|one|single|average|avg|mean|typical|first|last|latest|biggest|largest|smallest)\s+)order|rank|arranged)\s+(?:them\s+|it\s+)?by\b/g, ' ranked_by ');
  st.s = s;
}
