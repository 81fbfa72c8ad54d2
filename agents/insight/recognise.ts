/**
 * Recognises the questions the insight module answers, by rule, and strips
 * the anomaly or forecast wording so what is left is an ordinary question
 * for the query agent ("anything unusual in revenue last 30 days?" →
 * "revenue last 30 days"; "forecast revenue for the next 30 days" →
 * "revenue", 30 days ahead). Which measure, filters, dimension and period
 * the rest names is the query agent's business (its semantic model).
 */

export type InsightIntent =
  | {
      kind: 'anomaly';
      /** The question without the anomaly words. */
      core: string;
      /** "why did X jump / drop": the movement asked about, which the drivers explain. */
      why?: 'up' | 'down';
    }
  | {
      kind: 'forecast';
      core: string;
      /** Steps ahead, in `unit`s. */
      horizon: number;
      unit: 'hour' | 'day' | 'week' | 'month';
    };

const UNUSUAL = String.raw`(?:unusual|odd|strange|weird|abnormal|anomalous|out of the ordinary|off|wrong)`;
const UP_VERBS = 'jump|jumped|spike|spiked|surge|surged|soar|soared|rise|rose|risen|increase|increased|go up|went up|grow|grew|double|doubled|climb|climbed';
const DOWN_VERBS = 'drop|dropped|fall|fell|fallen|dip|dipped|plunge|plunged|decrease|decreased|decline|declined|go down|went down|crash|crashed|tank|tanked|halve|halved|sink|sank';

/** Tidies what is left: no question mark, no dangling "in"/"for"/"of", single spaces. */
function tidy(text: string): string {
  let s = text.replace(/[?!.]+/g, ' ').replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 3; i++) {
    s = s.replace(/^(?:in|of|for|with|about|on|the|my|our|to)\s+/i, '').replace(/\s+(?:in|of|for|with|about|on|the|to)$/i, '').trim();
  }
  return s;
}

/** The intent of a question, or undefined when it is not an anomaly or forecast question. */
export function recogniseInsight(text: string): InsightIntent | undefined {
  const s = text.trim().replace(/\s+/g, ' ');
  let m: RegExpExecArray | null;

  // Forecasts: "forecast revenue for the next 30 days", "predict signups next week", "revenue forecast for next month".
  // Not "our forecast accuracy", "forecast vs actual", "a school project", nor a remark after the question ("…? checking our
  // forecast").
  const asked = s.replace(/\b(?:our|my|the\s+team's|their)\s+(?:forecast|forecasts|projection|projections)\b|\b(?:forecast|projection)s?\s+(?:accuracy|error|errors|model|models|bias|variance|team|tool|process|review|vs|versus)\b/gi, ' ')
    .replace(/\?\s+\S.*$/, '?')
    // "I'm doing a school project about …": the noun (after an article or a possessive) is no verb of forecasting.
    .replace(/\b(?:a|an|the|my|our|this|that|their|his|her)\s+(?:[a-z]+\s+)?projects?\b/gi, ' ');
  if (/\b(?:forecast|forecasts|predict|prediction|projection|project)\b/i.test(asked)) {
    let horizon = 30;
    let unit = 'day' as 'hour' | 'day' | 'week' | 'month';
    let rest = s;
    if ((m = /\b(?:for |over |in )?(?:the )?(?:next|coming|following) (?:(\d{1,4}) )?(hours?|days?|weeks?|months?)\b/i.exec(s))) {
      const n = m[1] ? Number(m[1]) : 1;
      unit = m[2].toLowerCase().replace(/s$/, '') as typeof unit;
      // A bare "next week / month" is that many days; "next 8 weeks" stays weekly.
      if (!m[1] && unit === 'week') [horizon, unit] = [7, 'day'];
      else if (!m[1] && unit === 'month') [horizon, unit] = [30, 'day'];
      else horizon = n;
      rest = s.slice(0, m.index) + ' ' + s.slice(m.index + m[0].length);
    }
    const core = tidy(rest.replace(/\b(?:can you |please |what is |what's |what are |give me |show me |make )?(?:a |the )?(?:forecast|forecasts|predict|prediction|projection|project)(?: of| for)?\b/gi, ' ').replace(/\b(?:will be|going to be|be)\b/gi, ' '));
    return core ? { kind: 'forecast', core, horizon, unit } : undefined;
  }

  // "why did refunds jump on mobile", "why is revenue down yesterday"
  if ((m = new RegExp(String.raw`^why (?:did|does|do|is|are|was|were|has|have) (?:the )?(.+?) (${UP_VERBS}|${DOWN_VERBS}|up|down|so high|so low|higher|lower)\b(?: so much| suddenly| sharply)?(.*)$`, 'i').exec(s))) {
    const verb = m[2].toLowerCase();
    const up = new RegExp(`^(?:${UP_VERBS}|up|so high|higher)$`).test(verb);
    const core = tidy(`${m[1]} ${m[3]}`);
    return core ? { kind: 'anomaly', core, why: up ? 'up' : 'down' } : undefined;
  }

  // "anything unusual in revenue last 30 days", "is something off with signups"
  if ((m = new RegExp(String.raw`^(?:(?:is|was) there |are there |were there |do you see |did you see |have there been |has there been )?(?:anything|something|any thing) ${UNUSUAL}\b(.*)$`, 'i').exec(s))) {
    const core = tidy(m[1]);
    return core ? { kind: 'anomaly', core } : undefined;
  }

  // "any anomalies in signups by channel", "signups last 60 days anomalies", "outliers in refunds", "unusual days in revenue"
  const words = /\b(?:anomal(?:y|ies|ous)|outliers?|unusual (?:days?|hours?|weeks?|values?|spikes?|drops?|points?|movements?|changes?))\b/i;
  // Not the word in a remark after the question ("…, last 7 days. baseline for geo anomaly rules") or as a modifier of
  // another noun ("anomaly rules", "outlier policy").
  const askedAnomaly = s.replace(/([?.!])\s+(?!(?:any|are|is|was|were|find|show|detect|list|check|look|spot|anything|something|outliers?|anomal\w*)\b)\S.*$/i, '$1').replace(/\b(?:anomaly|outlier)\s+(?:rules?|alerts?|detection\s+rules?|policy|policies|thresholds?|settings?|config(?:uration)?)\b/gi, ' ');
  if (words.test(askedAnomaly)) {
    const rest = s
      .replace(new RegExp(String.raw`\b(?:(?:are|were|is|was) there |do you see |did you see |find |show(?: me)? |detect |list |check(?: for)? |look for |spot )?(?:any |the |some )?${words.source}`, 'gi'), ' ')
      .replace(/^(?:are|were|is|was|any) /i, '');
    const core = tidy(rest);
    return core ? { kind: 'anomaly', core } : undefined;
  }
  return undefined;
}
