/**
 * "show the SQL", "what query did you run?", "could you read me the SQL query that produced this result?": the SQL of
 * an answer is asked (`showSql`); the words that ask it and say which answer's it is are left out of the question.
 */
import type { ParseState } from './state.ts';

/** `s` without the words asking for the SQL; sets `st.out.showSql` when they are there. */
export function withShowSqlAsked(st: ParseState, s: string): string {
  // "what query did you run?", "which SQL was that": the SQL of the previous answer.
  if (/\b(?:what|which)\s+(?:query|sql)\b/.test(s)) s = s.replace(/\b(?:did|do)\s+you\s+(?:run|use|execute|send)\b|\byou\s+(?:ran|used|executed|sent)\b|\b(?:was|is)\s+(?:that|this|it)\b|\bwhat\s+query\b|\bwhich\s+query\b/g, (w) => (/query/.test(w) ? ' the query ' : ' '));
  if (/\b(sql|the query|that query|query used|your query)\b|^\s*(?:show|see|view|display|print|give\s+me)\s+(?:me\s+)?(?:the\s+)?query\s*[?.!]*\s*$/.test(s)) {
    st.out.showSql = true;
    s = s.replace(/\b(sql|the query|that query|query used|your query|code)\b|^\s*(?:show|see|view|display|print|give\s+me)\s+(?:me\s+)?(?:the\s+)?query\b/g, ' ').replace(/\b(?:that\s+|which\s+)?you\s+(?:just\s+)?(?:ran|run|used|executed|sent|wrote)\b/g, ' ')
      // "the SQL query that produced this result", "the SQL behind that table": which answer's SQL.
      .replace(/\b(?:that|which)\s+(?:produced|generated|gave|returned|created|built|made|computed|calculated)(?:\s+(?:me|us))?\s+(?:this|that|the|these|those)(?:\s+(?:figure|number|answer|result|table|chart|value|data|numbers|figures|results|output))?\b/g, ' ')
      // "the SQL used to produce this figure", "the query you ran to get that number": which answer's SQL.
      .replace(/\b(?:(?:that\s+)?(?:was\s+)?(?:used|run|ran|needed|behind)\s+)?(?:to|for)\s+(?:produce|get|make|compute|calculate|generate|build|create|answer|arrive\s+at)\s+(?:this|that|the|it|these|those)(?:\s+(?:figure|number|answer|result|table|chart|value|data|numbers|figures|results))?\b/g, ' ')
      // "… so I can learn from it", "so I can check it": why it is asked.
      .replace(/\bso\s+(?:that\s+)?(?:i|we)\s+can\s+(?:learn\s+from|check|verify|review|reuse|copy|understand|see)\b.*$/g, ' ');
  }
  return s;
}
