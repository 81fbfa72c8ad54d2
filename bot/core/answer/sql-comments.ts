/**
 * Raw SQL runs exactly as written. A comment in it that asks for a period the
 * statement does not apply ("… group by country -- last 30 days") would be
 * answered with a number for another period, so it is refused with the
 * reason instead: the comment is not SQL, and nothing guesses what it means.
 * A comment that documents a period the statement filters on is left alone.
 */
import { DatalabsError } from '../../contracts/errors.ts';

/** Words of a period, as people write them in a comment. */
const PERIOD_WORDS = /\b(?:(?:last|past|previous|prior|next|this|these|the\s+last|the\s+past)\s+(?:\d+\s*)?(?:days?|d|weeks?|wks?|w|months?|mos?|m|quarters?|q|years?|yrs?|y|hours?|hrs?|h)\b|(?:yesterday|today|tonight|mtd|qtd|ytd|wtd|month\s+to\s+date|year\s+to\s+date|since\s+\S+)\b|\b(?:in|during|for)\s+(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|20\d\d)\b)/i;

/** What in a statement filters on time: a date literal, a time function, or a comparison of a time-like column. */
const FILTERS_TIME = /\b(?:today|yesterday|now|interval|todate|todatetime|tostartof\w+|subtract\w+|add(?:days|weeks|months|years)|toyear|tomonth)\s*\(|'\d{4}-\d{2}-\d{2}|\b\w*(?:time|date|_at|day)\s*(?:[<>]=?|=|between\b|in\b)/i;

/** The statement's comments (`-- …` to the end of a line, `/* … *\/`), outside string literals. */
function commentsOf(sql: string): { comments: string[]; code: string } {
  const comments: string[] = [];
  let code = '';
  for (let i = 0; i < sql.length; ) {
    const ch = sql[i];
    if (ch === "'" || ch === '"' || ch === '`') {
      let j = i + 1;
      while (j < sql.length && sql[j] !== ch) j += sql[j] === '\\' ? 2 : 1;
      code += sql.slice(i, j + 1);
      i = j + 1;
    } else if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      comments.push(sql.slice(i + 2, end < 0 ? undefined : end).trim());
      i = end < 0 ? sql.length : end;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      comments.push(sql.slice(i + 2, end < 0 ? undefined : end).trim());
      i = end < 0 ? sql.length : end + 2;
    } else {
      code += ch;
      i += 1;
    }
  }
  return { comments, code };
}

/** Throws BAD_INPUT when a comment asks for a period the statement does not filter on. */
export function refuseUnappliedComment(sql: string): void {
  const { comments, code } = commentsOf(sql);
  const asking = comments.find((c) => PERIOD_WORDS.test(c));
  if (!asking || FILTERS_TIME.test(code)) return;
  const said = asking.length > 60 ? `${asking.slice(0, 57)}…` : asking;
  throw new DatalabsError('BAD_INPUT', `The SQL runs exactly as written, and its comment "${said}" asks for a period it does not filter on: put the period in the WHERE clause, or ask the question in words.`);
}
