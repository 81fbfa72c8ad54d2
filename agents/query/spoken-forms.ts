/**
 * Ways of saying a question that read, once rewritten, as the plainer words the parser knows: a span of clock times,
 * a bucket said twice, "(not the current one)" after full months, "each of those 5", "top 5 is enough", "turn that
 * into …", a layout said to be fine, what the answer is for, "which … had more …". Part of `normalizeQuestion`
 * (words.ts), on the lowercased text.
 */
import { MONTH_NAME, MONTHS, WEEKDAYS } from './calendar-words.ts';

/** "(Mon–Sun)", "Mon-Fri" (any case, before lowercasing): the range of weekdays, written out. */
export function withWeekdayRanges(s: string): string {
  // "(Mon–Sun)", "Mon-Fri": a range of weekdays, written out as "monday to sunday" is.
  return s.replace(/\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\s*[-\u2013\u2014]+\s*(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b/gi, (_m, a: string, b: string) => `${WEEKDAYS[a.slice(0, 3).toLowerCase()]} to ${WEEKDAYS[b.slice(0, 3).toLowerCase()]}`);
}

/** "how many have gone on to make an order", "… ended up buying" (lowercased text, read first). */
export function withWhatTheyDidNext(s: string): string {
  // "how many have gone on to make an order", "… ended up buying": what they did next is what they did.
  const PAST: Record<string, string> = { make: 'made', place: 'placed', buy: 'bought', order: 'ordered', purchase: 'purchased', submit: 'submitted', spend: 'spent', shop: 'shopped', become: 'became', convert: 'converted', return: 'returned', churn: 'churned' };
  return s.replace(/\b((?:have|has|had)\s+)?(?:went|gone|go|goes|going)\s+on\s+to\s+([a-z]+)\b/g, (whole: string, aux: string | undefined, verb: string) => (PAST[verb] ? ` ${aux ?? ''}${PAST[verb]}` : whole))
    .replace(/\b(?:(?:have|has|had)\s+)?(?:ended|end|ends)\s+up\s+(?=[a-z]+ing\b)/g, ' ');
}

/** The question with the spoken forms above rewritten (lowercased text). */
export function withSpokenForms(s: string): string {
  // "no filters on event_type", "no filter by status": nothing is filtered on it, as nothing is unless said.
  s = s.replace(/[\s,;(-]*\b(?:with\s+)?no\s+(?:filters?|conditions?|restrictions?)\s+(?:on|by|for)\s+(?:the\s+)?[a-z_]+\b\s*\)?/g, ' ');
  // "put both countries in one table to compare": both values named, side by side.
  s = s.replace(/\b(?:put|show|place|have)\s+(both|the\s+two|these\s+two|those\s+two)\s+([a-z]+)\s+(?:in(?:to)?\s+(?:one|a\s+single|the\s+same)\s+(?:table|chart|view|answer)|together|next\s+to\s+each\s+other)(?:\s+(?:to|so\s+i\s+can)\s+compare(?:\s+them)?)?\b/g, 'both $2 side by side');
  // "make it a bar chart for the projector": where the chart is shown, not what it shows.
  if (/\b(?:chart|graph|plot|bars?|pie|line)\b/.test(s)) s = s.replace(/\s+(?:for|on)\s+(?:the|a|my|our)\s+(?:projector|big\s+screen|tv|wall\s+screen|screen\s+share|beamer|monitor\s+in\s+the\s+room)\b/g, ' ');
  // "sessions by channel, filtered to events on the /pricing page": the rows kept, as "only" says.
  s = s.replace(/\b(?:filtered|filtering|narrowed|restricted|limited)\s+(?:down\s+)?(?:to|on)\s+(?=(?:the\s+)?(?:[a-z]+\s+)?(?:orders|events|users|signups|sessions|rows|products|ones)\s+(?:on|from|in|with|via|of|for|where|that|who)\b)/g, 'only ');
  // "what are the min and max order_time …? just want the bounds of the table": what the extremes asked are.
  if (/\bmin(?:imum)?\b/.test(s) && /\bmax(?:imum)?\b/.test(s)) s = s.replace(/[\s,;-]*\b(?:i\s+)?(?:just\s+|only\s+)?(?:want|need|looking\s+for|after)\s+(?:to\s+(?:see|know|check)\s+)?the\s+(?:bounds|range|extent|span|coverage|limits|edges)\s+of\s+(?:the|this|that)\s+(?:table|data|dataset|data\s+set)\b/g, ' ');
  // "for yesterday's partition of events": a day's partition of a table is that table's rows of that day.
  s = s.replace(/\b(?:for\s+|in\s+)?(yesterday|today)(?:'?s)?\s+partitions?\s+(?:of|in|for)\s+(?:the\s+)?([a-z_.]+)(?:\s+table)?/g, 'in the $2 table $1');
  // "the 7 days before that (still desktop), for a wow comparison": what the numbers are for, the periods named already.
  s = s.replace(/[\s,;-]*\bfor\s+(?:a|an|the|my|our)\s+(?:wow|mom|yoy|qoq|dod|(?:week|month|year|quarter|day)[\s-]+(?:over|on)[\s-]+(?:week|month|year|quarter|day))\s+(?:comparison|compare|check|view|analysis|chart|slide)\b/g, ' ');
  // "for April and May 2025 together", "march & april combined": two months next to each other, one period over both.
  s = s.replace(new RegExp(String.raw`\b(${MONTH_NAME})\s+(?:and|&)\s+(${MONTH_NAME})(\s+\d{4})?\s+(?:together|combined|as\s+one(?:\s+period)?|pooled)\b`, 'g'), (whole: string, a: string, b: string, y = '') => {
    const at = (m: string): number => MONTHS.findIndex((x) => x.startsWith(m.slice(0, 3)));
    return at(b) === at(a) + 1 ? `from ${a}${y} to ${b}${y}` : whole;
  });
  // "for the United Kingdom alone": only that value.
  s = s.replace(/\b(for|in|on|from)\s+((?:the\s+)?[a-z0-9@~_/-]+(?:\s+[a-z0-9@~_/-]+)?)\s+alone\b/g, '$1 $2 only');
  // "which month was the strongest", "the weakest channel": the highest / lowest of the figure.
  s = s.replace(/\bstrongest\b/g, 'highest').replace(/\bweakest\b/g, 'lowest');
  // "in may twenty twenty five", "two thousand and twenty four": a year said aloud.
  s = s.replace(/\b(?:twenty|two\s+thousand(?:\s+and)?)\s+twenty[\s-]+(one|two|three|four|five|six|seven|eight|nine)\b/g, (_m, d: string) => `202${['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'].indexOf(d) + 1}`)
    .replace(/\b(?:twenty|two\s+thousand(?:\s+and)?)\s+twenty\b(?![\s-]+(?:one|two|three|four|five|six|seven|eight|nine)\b)/g, '2020');
  // "distinct paying customers …, counting anyone with a completed order in that period": who a customer is, said again.
  if (/\b(?:customers?|buyers?|purchasers?|paying)\b/.test(s)) s = s.replace(/[\s,;(-]*\b(?:counting|including|i\.?e\.?)\s+(?:anyone|anybody|everyone|everybody|any\s+(?:user|customer|buyer|account)|every\s+(?:user|customer|buyer|account))\s+(?:with|who\s+(?:has|had|placed|made))\s+(?:a|an|at\s+least\s+one|one\s+or\s+more|any)\s+completed\s+(?:order|purchase)(?:\s+in\s+(?:that|the|this)\s+(?:period|range|window|time|span))?\b\s*\)?/g, ' ');
  // "signed up before 2025", "orders after 2024": a year's first day, or the first day after it.
  s = s.replace(/\b(before|prior\s+to)\s+(?:the\s+(?:start\s+of\s+)?)?((?:19|20)\d\d)\b(?!\s*-)/g, '$1 $2-01-01')
    .replace(/\b(?:after|later\s+than)\s+(?:the\s+end\s+of\s+)?((?:19|20)\d\d)\b(?!\s*-)/g, (_m, y: string) => `since ${Number(y) + 1}-01-01`);
  // "orders/day", "signups/week": per that unit.
  s = s.replace(/\b([a-z]+)\s*\/\s*(hour|day|week|month|quarter|year)\b/g, '$1 per $2');
  // "k now 30d", "same for 7d": a bare count of days is the last that many days.
  s = s.replace(/(?<!\b(?:last|past|previous|prior|next|the|first|l)\s*)\b(\d{1,3})d\b/g, 'last $1 days');
  // "as pie", "as bars": the chart type, named without "chart".
  s = s.replace(/\bas\s+(?:a\s+)?(pie|donut|doughnut|bar|line|area|scatter)s?\b(?!\s+(?:chart|graph|plot))/g, 'as a $1 chart');
  // "leave the US out of it", "leave mobile out": the value excluded.
  s = s.replace(/\bleave\s+((?:the\s+)?[a-z0-9@~_/-]+(?:\s+(?:and|&)\s+[a-z0-9@~_/-]+)?)\s+out\b(?:\s+of\s+(?:it|this|that|them|the\s+(?:numbers|data|results?)))?/g, 'excluding $1');
  // "swap unique users for sessions", "swap category for country": the second named instead of the first.
  s = s.replace(/\bswap\s+(?:out\s+)?((?:[a-z0-9_@~-]+\s+){0,2}?[a-z0-9_@~-]+)\s+(?:for|with)\s+((?:[a-z0-9_@~-]+\s+){0,2}?[a-z0-9_@~-]+)(?=\s*(?:[.,;!?]|$|\s+(?:in|on)\s+the\s+(?:rows|columns|view|table|chart)\b))/g, '$2 instead of $1');
  // "should be 0 if the FK holds", "(should be zero)": what the asker expects the answer to be.
  s = s.replace(/[\s,;(-]*\b(?:it\s+|this\s+|that\s+)?should\s+(?:be|come\s+out(?:\s+as|\s+at)?)\s+(?:0|zero|none|empty)\b(?:\s+if\s+[^.?!)]*)?\s*\)?/g, ' ');
  // "as a 0-1 fraction", "a 0 to 1 share": a fraction, as fractions are.
  s = s.replace(/\b0\s*(?:-|\u2013|to)\s*1\s+(fraction|ratio|share|proportion)\b/g, '$1');
  // "users with 2+ orders, counted by their acquisition channel": grouped by it.
  s = s.replace(/\b(?:counted|grouped|split|bucketed)\s+by\s+(?:their|its|the)\s+/g, 'by ');
  // "…, keeping the desktop restriction and the weekday grouping": what a change leaves alone, as every change does.
  const KEPT_PART = String.raw`(?:the\s+|that\s+|this\s+|my\s+|our\s+)?(?:[a-z_/-]+\s+){1,2}(?:restriction|filter|condition|grouping|breakdown|split|period|date\s+range|time\s+range|dates)s?`;
  s = s.replace(new RegExp(String.raw`[\s,;]*\b(?:while\s+|and\s+)?(?:keeping|keep)\s+${KEPT_PART}(?:\s*(?:,|and|&)\s*${KEPT_PART})*(?:\s+(?:as\s+(?:is|they\s+are|it\s+is|before)|unchanged|in\s+place|the\s+same))?\b`, 'g'), ' ');
  // "the last 7 full days, not counting today", "yesterday (excluding today)": the last N days end before today already.
  if (/\b(?:(?:last|past|previous|prior)\s+(?:\d{1,3}|[a-z]+)\s+(?:full\s+|complete\s+|whole\s+|calendar\s+)?days?|yesterday)\b/.test(s)) {
    s = s.replace(/[\s,;(-]*(?:\(\s*(?:full|complete|whole)\s+days?\s*[,;]?\s*)?\b(?:excluding|excl|not\s+counting|not\s+including|without|except(?:\s+for)?|but\s+not|not)\s+(?:the\s+)?(?:today|current\s+day|partial\s+day|day\s+in\s+progress)(?:'s\s+(?:partial\s+)?(?:data|numbers|rows))?\b\s*\)?/g, ' ');
  }
  // "during the night, 00:00 to 05:59 UTC": a span of clock times on its own is "from … to …"; the name of the part of
  // the day before it is what those hours are called.
  s = s.replace(/\b(?:(?:during|at|in|over)\s+(?:the\s+)?(?:night|nighttime|night-time|overnight|morning|afternoon|evening)\b[\s,]*)?(?<!\b(?:from|between)\s+)(?=\b\d{1,2}:\d{2}\s*(?:am|pm)?\s*(?:to|-|\u2013)\s*\d{1,2}:\d{2}\b)/g, ' from ');
  // "9am to 5pm", "from 9 am until 5 pm": hours of the day, as "between 9am and 5pm" reads them.
  s = s.replace(/\b(?:from\s+)?(\d{1,2})\s*(am|pm)\s*(?:to|-|\u2013|until|till|through)\s*(\d{1,2})\s*(am|pm)\b/g, 'between $1$2 and $3$4');
  // "during business hours …, 9am to 5pm": the hours named next say which; alone, the words name no hours I know.
  const OFFICE = /\b(?:(?:during|in|within|inside)\s+)?(?:(?:our|the)\s+)?(?:business|working|office|opening|trading|work)\s+hours\b/g;
  if (OFFICE.test(s)) s = s.replace(OFFICE, /\bbetween\s+\d{1,2}(?::\d{2})?\s*(?:am|pm)?\s+and\s+\d|\bfrom\s+\d{1,2}:\d{2}\s+to\s+\d/.test(s) ? ' ' : ' businesshours ');
  // "(so 09:00 up to 16:59)", "(i.e. 9:00-16:59)": the same hours said again in clock times.
  s = s.replace(/\(\s*(?:so|i\.?e\.?|that\s+is|meaning|=)\s*,?\s*\d{1,2}(?::\d{2})?\s*(?:am|pm)?\s*(?:up\s+to|to|-|\u2013|until|till|through)\s*\d{1,2}(?::\d{2})?\s*(?:am|pm)?\s*\)/g, ' ');
  // "how many orders had each quantity, 1 through 5": the values of the breakdown listed, every one of them.
  s = s.replace(/\b(each|every|per)\s+(?!(?:day|week|month|quarter|year|hour|minute)s?\b)([a-z_]+)\s*,?\s*(?:from\s+)?\d{1,3}\s*(?:through|thru|to|-|\u2013)\s*\d{1,3}\b(?!\s*(?:am|pm|%|days?|weeks?|months?|years?|hours?|st|nd|rd|th|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))/g, '$1 $2');
  // "monthly revenue and monthly customers": the bucket said again for the second figure.
  s = s.replace(/\b(daily|weekly|monthly|quarterly|yearly)\b(.*?)\b(?:and|,|&|plus)\s+\1\s+/g, (_m, g: string, mid: string) => `${g}${mid} and `);
  // "(not the current one)", "(Monday start, not counting the current week)" after full months / weeks: what "full"
  // says already, and the ISO week the answer uses.
  if (/\b(?:full|complete|whole|completed|finished)\b/.test(s)) {
    s = s.replace(/\(\s*((?:(?:not|excluding|without|not\s+counting|not\s+including|except)\s+(?:the\s+)?(?:current|this|ongoing|partial|present)\s+(?:one|day|week|month|quarter|year)s?|(?:monday|mon)[\s-]+start(?:ing)?|(?:weeks?\s+)?start(?:ing)?\s+(?:on\s+)?monday|iso(?:\s+weeks?)?)(?:\s*[,;]\s*|\s+and\s+|\s*(?=\))))+\)/g, ' ');
  }
  // "how many orders did each of those 5 place": the count of the rows named, which the previous answer has.
  s = s.replace(/\b(each|all|any)\s+of\s+(those|these|them)\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3})\b(?!\s*(?:%|percent|days?|weeks?|months?|years?|hours?)\b)/g, '$1 of $2');
  // "top 5 is enough for that one": how many rows this answer needs, said as enough.
  s = s.replace(/\b((?:top|bottom|first|last)\s+\d{1,3})\s+(?:is|are|would\s+be|will\s+do|should\s+be)\s+(?:enough|fine|plenty|ok|okay)(?:\s+for\s+(?:that|this|the\s+next)\s+one)?\b/g, '$1');
  // "How many users on the free plan? All the users, not only the actives": every one, as "all" says already.
  s = s.replace(/[\s,;-]*\bnot\s+(?:only|just)\s+(?:the\s+)?(?:actives?|active\s+ones|active\s+users|engaged\s+ones)\b/g, ' ');
  // "trying to plan the night shift": the verb, not the plan a user is on.
  s = s.replace(/\bto\s+plan\s+(?=(?:the|our|my|a|an|for|ahead|next|around)\b)/g, 'to schedule ');
  // "and keep just organic and paid": what is kept is what "only" keeps.
  s = s.replace(/\bkeep(?:ing)?\s+(?=(?:just|only)\b)/g, ' ');
  // "…, so I can compare week on week", "so we can plan stock": what the asker will do with the answer asks nothing more.
  s = s.replace(/[\s,;-]*\bso\s+(?:that\s+)?(?:i|we)\s+can\s+[^.?!]*/g, ' ');
  // "turn that into refund rates", "put it like a pie chart", "…, all time to start with", "the day before of yesterday".
  s = s.replace(/\b(?:turn|convert|change)\s+(?:that|it|this|those|these)\s+(?:in)?to\s+(?!(?:an?\s+)?(?:percentages?|percent|rates?|shares?|fractions?|ratios?|%)\s*(?:[,.;?!]|$))((?:(?!\b(?:chart|graph|plot|table)\b)[^,.;?!])+?)\s*(?=[,.;?!]|$)/g, ' $1 instead ')
    .replace(/\b(?:turn|convert|change)\s+(that|it|this|those|these)\s+(?:in)?to\s+/g, 'make $1 ').replace(/\bput\s+(that|it|this)\s+(?:like|as|in|into)\s+(?=(?:an?\s+)?[a-z]+\s+(?:chart|graph|plot)\b)/g, 'show $1 as ')
    .replace(/[\s,]*\b(?:to\s+start\s+with|to\s+begin\s+with|for\s+starters)\b/g, ' ').replace(/\bday\s+before\s+of\s+yesterday\b/g, 'day before yesterday');
  // "A long table (one row per combination) is fine.", "one row per month and country is perfect": the layout, said as fine.
  s = s.replace(/\b((?:table|list|rows?|columns?|combinations?|combos?|format|layout)\)?|one\s+row\s+(?:per|for\s+each)\s+[a-z_]+(?:\s+(?:and|&)\s+[a-z_]+)?)\s+(?:is|are|would\s+be|will\s+be)\s+(?:totally\s+|perfectly\s+|just\s+|also\s+)?(?:fine|ok|okay|perfect|great|good|enough)\b/g, '$1');
  // "For VAT purposes I need …", "completed only, like always": what the answer is for, and how it always is, ask nothing.
  s = s.replace(/^\s*for\s+(?:[a-z0-9-]+\s+){1,3}(?:purposes|reasons)\b\s*[,:;-]?\s*/, ' ').replace(/[\s,]*\b(?:like|as)\s+(?:always|usual|ever|before)\b/g, ' ');
  // "which was the day with more signups?", "what channel brings more revenue": with nothing it is weighed against
  // (no "than", no two things named), "more" of the one asked for is the most.
  if (/^\s*(?:which|what)\b/.test(s) && !/\b(?:than|or|vs|versus|between|compared?|against|each|per|every)\b/.test(s)) {
    s = s.replace(/\b(more|fewer|less)\s+(?=[a-z])/, (_w, w: string) => (w === 'more' ? 'most ' : w === 'fewer' ? 'fewest ' : 'least '));
  }
  // "how many …, and what was the refund rate? two numbers per country please": a figure each for each row, as asked.
  s = s.replace(/[\s,.;-]*\b(?:two|three|four|2|3|4)\s+(?:numbers|figures|values|columns)\s+(?:per|for\s+each|each)\s+[a-z_]+(?:\s+(?:please|pls))?\s*[.!]?\s*$/g, ' ');
  // "… number of orders for the morning huddle": what the answer is for, at the end of a sentence.
  s = s.replace(/\s+for\s+(?:a|an|the|my|our|this|tomorrow's|today's|next\s+week's)\s+(?:[a-z&'-]+\s+){0,3}?(?:huddle|stand-?up|meeting|deck|slides?|report|review|update|presentation|dashboard|newsletter|memo|board|briefing|sync|call)\s*(?=[?.!]|$)/g, ' ');
  // "our top 5 best sellers": the best-selling rows, named by the noun a model gives them ("bestseller").
  s = s.replace(/\b(?:best|top)[\s-]+sellers\b/g, 'bestsellers').replace(/\b(?:best|top)[\s-]+seller\b/g, 'bestseller');
  // "the query behind it", "the SQL behind that": the previous answer's SQL. "our single best day ever": the best day.
  s = s.replace(/\b(query|sql|code)\s+(?:behind|for|of)\s+(?:it|that|this)\b/g, '$1').replace(/\bsingle\s+(best|worst|biggest|highest|lowest|busiest|quietest)\s+(day|week|month|hour)\b/g, '$1 $2');
  // "closing the books for May", "broken out by country": the books' close, and a breakdown.
  s = s.replace(/\b(clos(?:e|es|ed|ing)|balanc(?:e|es|ed|ing))\s+(?:the|our)\s+books\b/g, '$1').replace(/\bbroken\s+out\s+by\b/g, 'broken down by');
  // "Thanks a ton", "is it possible?", "if you can", "so to speak": courtesy and hedges ask nothing.
  s = s.replace(/\bthanks?\s+(?:a\s+(?:ton|lot|bunch|million)|so\s+much|heaps)\b|[\s,]*\b(?:is\s+(?:it|that|this)\s+possible|if\s+(?:possible|you\s+can|that'?s\s+ok(?:ay)?)|when\s+you\s+(?:get|have)\s+a\s+(?:chance|sec(?:ond)?|minute)|so\s+to\s+speak)\b/g, ' ');
  // "could you limit that to orders from the email channel", "restrict it to mobile": only those.
  s = s.replace(/\b(?:limit|restrict|narrow|filter|cut)\s+(?:that|it|this|those|these|them)(?:\s+down)?\s+to\s+(?:(?:the\s+)?(?:orders|ones|rows|users|events)\s+(?:from|on|in|with|via|through)\s+)?/g, ' only ');
  // "swap to books instead": the value named instead ("switch to number of orders" is read as a swap of figures).
  s = s.replace(/\bswap(?:\s+(?:it|that|this))?\s+(?:over\s+)?(?:to|for)\s+/g, ' ');
  // "rank all the countries by number of orders", "all countries ranked by revenue": every one of them, ranked — a
  // breakdown, not the one total "all countries" says elsewhere.
  s = s.replace(/\b(rank|sort|order|list)\s+all\s+(?:of\s+)?(?:the\s+|our\s+)?([a-z]+s)\s+by\b/g, '$1 $2 by')
    .replace(/\ball\s+(?:of\s+)?(?:the\s+|our\s+)?([a-z]+s)\s+(?=(?:ranked|sorted|ordered)\s+by\b)/g, '$1 ');
  return s;
}
