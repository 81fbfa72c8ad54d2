/**
 * Courtesy around a question asks for nothing: greetings ("Good morning!", "Hi there,"), thanks ("Thanks a lot!",
 * "thx", "Much appreciated."), a word of approval before a follow-up ("Perfect.", "ok fine,"), hopes and apologies
 * ("I hope this is the right place to ask.", "sorry if this is a basic question, but I was wondering …"), asides of
 * permission ("…, if that's ok?") and the asker's own task ("I'm preparing a slide."). They are taken out of the
 * question before it is read; a sentence that says more than courtesy is left whole.
 */

const GREETING = String.raw`(?:hi|hello|hey|hiya|howdy|good\s+(?:morning|afternoon|evening|day))(?:\s+(?:there|all|everyone|team|folks|guys|again|sir|madam|ma'am|dear))?`;
const THANKS = String.raw`(?:(?:thanks|thank\s+you|thx|thnx|ty|cheers|many\s+thanks|much\s+appreciated|appreciated|i\s+am\s+thanking\s+you|thanking\s+you|(?:i\s+)?appreciate\s+(?:it|your\s+help|the\s+help))(?:\s+(?:a\s+lot|so\s+much|very\s+much|in\s+advance|a\s+bunch|a\s+ton|again|for\s+(?:your|the)\s+help))*)`;
const APPROVAL = String.raw`(?:that\s*'?\s*s\s+(?:great|perfect|helpful|brilliant|lovely|super|awesome|wonderful|amazing)|perfect|great|awesome|nice|cool|fine|excellent|brilliant|lovely|super|wonderful|thanks?,?\s+(?:that|this)\s+(?:helps|is\s+great|is\s+perfect)|ok(?:ay)?\s+fine|(?:that|this)\s+(?:is\s+)?(?:great|perfect|helpful))`;
const HOPE = String.raw`(?:i\s+)?hope\s+(?:this|it)\s+is\s+the\s+right\s+(?:place|channel|spot)(?:\s+(?:to\s+ask|for\s+this))?`;
const SORRY = String.raw`(?:sorry(?:\s+to\s+bother(?:\s+you)?|\s+for\s+the\s+(?:bother|trouble)|\s+in\s+advance|\s+if\s+(?:this|that)\s*(?:'?\s*s|\s+is)\s+a\s+(?:basic|dumb|stupid|silly|simple|naive|strange|weird|odd)\s+(?:question|one|request|ask))?|(?:so\s+)?apologies(?:\s+in\s+advance)?)`;
/** "it's my first week", "I'm new here": who asks, not what. */
const NEW_HERE = String.raw`(?:it\s*'?\s*s\s+my\s+(?:first|second)\s+(?:day|week|month)(?:\s+here)?|i\s*'?\s*m\s+new\s+(?:here|to\s+this|on\s+the\s+team)|i\s*'?\s*m\s+still\s+(?:learning(?:\s+(?:the\s+data|the\s+ropes|my\s+way\s+around|how\s+this\s+works))?|finding\s+my\s+(?:way|feet)(?:\s+around)?|new(?:\s+here)?|getting\s+(?:used\s+to\s+(?:this|it|the\s+data)|the\s+hang\s+of\s+(?:this|it))))`;
const ANY = `(?:${GREETING}|${THANKS}|${APPROVAL}|${HOPE}|${SORRY}|${NEW_HERE})`;

const LEADING = new RegExp(String.raw`^\s*${ANY}\s*(?:[,.!;:]+|\s[-\u2013\u2014])\s*(?=\S)`, 'i');
const TRAILING = new RegExp(String.raw`(?:[,.!?;:]\s*|\s[-\u2013\u2014]\s*)(?:${ANY})\s*[.!,]*\s*(?:\p{Extended_Pictographic}\s*)*$|\s+${THANKS}\s*[.!]*\s*(?:\p{Extended_Pictographic}\s*)*$`, 'iu');
/** "…, if that's ok?", "if possible", "please and thank you": permission asked in passing. */
const PERMISSION = /\s*,?\s*\bif\s+(?:that'?s|that\s+is|it'?s|it\s+is)\s+(?:ok|okay|alright|all\s+right|fine|possible|not\s+too\s+much\s+trouble)\b|\s*,?\s*\bif\s+possible\b/gi;
/**
 * "…, but please correct me if I'm wrong", "— would you be able to help me with that?", "I was asked to find out how
 * many …", "I'm putting together a slide for my manager and would love to know what …": the asker's hedges and task
 * around the request, never what to count.
 */
const HEDGES = /\s*,?\s*(?:but\s+)?(?:please\s+)?correct\s+me\s+if\s+i\s*'?\s*m\s+wrong\b|\s*(?:[,\u2014\u2013-]\s*)?(?:would|could|can)\s+you\s+(?:be\s+able\s+to\s+)?help(?:\s+me)?\s+with\s+(?:that|this)\s*(?=\?|$)|\bi\s+(?:was|have\s+been|got)\s+asked\s+to\s+(?:find\s+out|check|look\s+up|pull|get)\s+|^\s*(?:i\s*'?\s*m|i\s+am)\s+(?:putting\s+together|preparing|making|writing|building)\s+[^.?!,]{1,80}?\s+and\s+(?:would|'d)\s+(?:love|like)\s+to\s+know\s+|\b(?:i\s*'?\s*d|i\s+would)\s+(?:love|like)\s+to\s+know\s+/gi;

/**
 * "I believe AOV is revenue divided by the number of orders.", "I think 'customers' means people with completed
 * orders?", "I think it's the users table, but I'm not 100% sure.": a sentence after the question in which the asker
 * says what they believe a word means or where it lives — a definition the model holds, not a part of the question.
 * Never a sentence that asks for a breakdown, a filter or a period.
 */
const BELIEF = /([.?!])\s+(?:(?:and|but|also)\s+)?i\s+(?:think|believe|assume|guess|understand)\s+(?:that\s+)?[^.?!]{0,160}?\b(?:means?|is|are|counts?|=|equals|refers\s+to|divided\s+by|table|definition)\b[^.?!]*[.?!]*\s*$/i;
const ASKS_PART = /\b(?:by|per|split|break|only|just|except|excluding|without|instead|top|last|this|since|between|in\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))/i;

/** "but I was wondering what …", "I was wondering if you could tell me …": the question follows. */
const WONDERING = /\b(?:but\s+)?i\s+(?:was|am)\s+wondering\s+(?:if\s+(?:you\s+could|someone\s+could)\s+(?:tell\s+me\s+|show\s+me\s+|give\s+me\s+)?)?/gi;
/** "could you please help me find the average …": the request is the finding. */
const HELP_ME = /\bhelp\s+(?:me|us)\s+(?:to\s+)?(?=(?:find|get|see|pull|work\s+out|figure\s+out|check|look\s+up)\b)/gi;

/**
 * "I'm preparing a chart about growth.", "I'm new on the team and my manager asked me to prepare a slide.": a sentence
 * about the asker's own task before the request says what the answer is for, not what to count ("growth" there is no
 * plan); it is left out when a sentence follows.
 */
const ASKER_TASK = /^\s*(?:(?:i\s*'?\s*m|i\s+am|we\s*'?\s*re|we\s+are)\s+(?:new|preparing|writing|working|building|rebuilding|migrating|redoing|fixing|checking|putting|making|doing|drafting|creating|updating|reviewing|looking\s+into|trying|getting\s+ready)\b|my\s+(?:manager|boss|lead|team\s+lead|cto|ceo|cfo|director)\s+(?:asked|wants|needs|told)\b|i\s+(?:have|need)\s+to\s+(?:prepare|write|make|build|put\s+together|update|present)\b)[^.?!]*[.!]+\s+(?=\S)/i;

/** "ok last one for today I promise 😅", "one more thing, sorry!", "last question:": a question's place among the asker's. */
const LAST_ONE = /^\s*(?:(?:ok|okay|alright|oh|and|sorry)\b[\s,!.]*)*(?:(?:one|a)\s+)?(?:last|final|more|another)\s+(?:one|thing|question|q)\b(?:\s+(?:for\s+(?:today|now|the\s+day|this\s+week)|i\s+promise|sorry))*\s*(?:[,!.:;\u2014-]|\p{Extended_Pictographic})(?:[\s,!.:;\u2014-]|\p{Extended_Pictographic})*(?=\S)/iu;

/** "Sorry, she actually wants only the starter plan", "my boss needs it by week": what someone else wants, asked for them. */
const FOR_SOMEONE = /^\s*(?:(?:sorry|oh|ok|okay|ah|hmm)\b[,!.]*\s+)*(?:she|he|they|my\s+(?:boss|manager|lead|client|team)|the\s+(?:boss|manager|client|team))\s+(?:actually\s+|now\s+|also\s+|really\s+)?(?:wants|needs|asked\s+for|would\s+like|wanted)\s+(?:to\s+see\s+)?(?=(?:only|just|it|that|them|those|the|a|an)\b)/i;

/**
 * "For this week's newsletter: …", "for the board deck - …", "For a piece I'm writing: …": what the answer is for, before a colon or a dash, names
 * a document or an occasion of the asker's, never what to count ("newsletter" is no email channel, "this week's" no period).
 */
const ANSWER_FOR = /^\s*(?:(?:this\s+is\s+)?for\s+)(?:(?:this|next|the|our|my|a|an|today|tomorrow|monday|friday)(?:\s*'\s*s|s)?\s+)?(?:(?:week|month|quarter|year)(?:\s*'\s*s|s)?\s+)?(?:(?:weekly|monthly|quarterly|daily|internal|team|exec|executive|board|investor|sales|marketing)\s+)?(?:newsletter|report|deck|update|email|memo|meeting|stand-?up|review|presentation|slides?|dashboard|summary|recap|digest|call|post|note|notes|piece|article|story|blog(?:\s+post)?|column|pitch|talk|thread|one-?pager|brief|briefing)(?:\s+(?:that\s+|which\s+)?(?:i\s*'?\s*m|i\s+am|we\s*'?\s*re|we\s+are)\s+(?:writing|preparing|drafting|doing|giving|putting\s+together|working\s+on))?\s*(?::|\s[-\u2013\u2014])\s+(?=\S)/i;

/** "Support ticket: …", "Ticket #4411 -": the kind of request, before the question. */
const REQUEST_LABEL = /^\s*(?:(?:support|customer|help(?:desk)?|zendesk|jira)\s+)?(?:ticket|case|request|enquiry|inquiry)\s*(?:#?\s*\d+)?\s*(?::|\s[-\u2013\u2014])\s+(?=\S)/i;

/** The question without the courtesy around it (the text as written otherwise). */
export function withoutCourtesy(question: string): string {
  // ":)", ";-)", ":D", "xD": a smiley typed as text, read as the emoji it stands for (which ends a clause).
  let s = question.replace(/(^|\s)(?:[:;=]-?[)(DPp3]+|xD+|\(:|<3)(?=\s|$|[.!?,])/g, '$1\u{1F642}');
  for (let i = 0; i < 4; i++) {
    const before = s;
    s = s.replace(LEADING, '').replace(LAST_ONE, '').replace(ASKER_TASK, '').replace(ANSWER_FOR, '').replace(REQUEST_LABEL, '').replace(TRAILING, (m) => (/^[?]/.test(m.trim()) ? '?' : ''));
    if (s === before) break;
  }
  s = s.replace(BELIEF, (m, end: string) => (ASKS_PART.test(m.replace(/^[.?!]\s+/, '').replace(/\b(?:only|just)\s+counts?\b|\bdivided\s+by\b/gi, '')) ? m : end)).replace(/\s*,?\s*but\s+i\s*'?\s*m\s+not\s+(?:100\s*%|a\s+hundred\s+percent|entirely|completely|totally)?\s*sure\s*[.!]*$/i, '');
  // "and maybe just the top 3": a hedge before what is asked.
  // "could you maybe tell me …", "could it maybe be a line chart?", "Oh, and maybe the revenue too?": "maybe" only hedges.
  s = s.replace(/\b(?:perhaps|maybe|possibly)\s+(?=[a-z#$0-9])(?!(?:not|so|later|never|yes|no|it|that|this)\b)/gi, '');
  s = s.replace(PERMISSION, '').replace(WONDERING, '').replace(HELP_ME, '').replace(HEDGES, ' ').replace(FOR_SOMEONE, '');
  // "(I think signups = rows in users)", "(sessions = distinct session ids, right?)": the asker's hedge on a bracket.
  s = s.replace(/\(\s*(?:i\s+(?:think|guess|assume|believe|reckon)|presumably|probably|assuming|if\s+i'm\s+not\s+wrong)\s*,?\s+([^()]{3,200}?)\)/gi, '($1)')
    .replace(/\(([^()]{3,200}?)\s*,?\s*(?:right|correct|yes|no|yeah|i\s+(?:think|guess|assume|believe)|if\s+i'm\s+not\s+wrong)\s*\??\s*\)/gi, '($1)');
  return s.trim() || question;
}
