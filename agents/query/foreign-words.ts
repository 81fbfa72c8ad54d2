/**
 * Everyday words of German, Dutch, Portuguese, Spanish, Italian and French that people who work in English mix into a
 * question ("nur DE und FR", "alleen mobile graag", "só paid channel", "ventas por país el mes pasado", "ora per mese
 * invece che per categoria"), read as the English they stand for before anything else reads the question. Only function
 * words, courtesy, question and calendar words, a few words every business says, and chat shorthand ("b4"); the
 * model's own words (a value, a column) are never replaced.
 *
 * Each language has its own words (only it has them here: one of them says the question is in that language) and its
 * ambiguous words (English or another language here has them too, or means something else by them: Spanish "en" is
 * "in", Dutch "en" is "and"; "solo", "per", "e", "la"), read only in a question in that language.
 */
import { phraseKey, type Vocabulary } from './vocabulary.ts';

type Lang = 'de' | 'nl' | 'pt' | 'es' | 'it' | 'fr';
type Entries = ReadonlyArray<readonly [string, string]>;

/**
 * The words only each language has here, phrases and single words; each `from` is a whole-word, case-insensitive
 * match. A `from` ending in an apostrophe is an elided article or preposition ("dell'anno", "quest'anno").
 */
const GLOSSARY: Record<Lang, Entries> = {
  de: [
    ['wie hoch waren', 'what were'], ['wie hoch war', 'what was'], ['wie hoch ist', 'what is'], ['wie viele', 'how many'], ['wie viel', 'how much'],
    ['die summe der', 'the sum of'], ['die summe des', 'the sum of'], ['die summe von', 'the sum of'], ['summe der', 'sum of'],
    ['aufgeteilt nach', 'broken down by'], ['aufgeschlüsselt nach', 'broken down by'], ['gruppiert nach', 'grouped by'], ['sortiert nach', 'sorted by'],
    ['im vergleich zu', 'compared to'], ['verglichen mit', 'compared to'], ['letzte woche', 'last week'], ['letzten monat', 'last month'],
    ['letzter monat', 'last month'], ['letztes jahr', 'last year'], ['letzten jahres', 'last year'], ['diese woche', 'this week'],
    ['diesen monat', 'this month'], ['dieser monat', 'this month'], ['dieses jahr', 'this year'], ['das gleiche', 'the same'], ['das selbe', 'the same'],
    ['dasselbe', 'the same'], ['dieselbe', 'the same'], ['dieselben', 'the same'], ['und noch was', 'one more thing'], ['noch was', 'one more thing'],
    ['kurze frage', 'quick question'], ['guten morgen', 'good morning'], ['guten tag', 'good day'], ['guten abend', 'good evening'],
    ['hallo zusammen', 'hello all'], ['grüß gott', 'hello'], ['vielen dank', 'thanks'], ['danke schön', 'thanks'], ['bitte schön', 'please'],
    ['monatsabschluss', 'month-end close'], ['jahresabschluss', 'year-end close'], ['nur', 'only'], ['für', 'for'], ['fuer', 'for'], ['statt', 'instead of'],
    ['anstatt', 'instead of'], ['jetzt', 'now'], ['nach', 'by'], ['ohne', 'without'], ['nicht', 'not'], ['anzahl', 'number'], ['summe', 'sum'],
    ['durchschnittlicher', 'average'], ['durchschnittliche', 'average'], ['durchschnitt', 'average'], ['umsatz', 'revenue'], ['bestellungen', 'orders'],
    ['bestellung', 'order'], ['bestellwert', 'order value'], ['kunden', 'customers'], ['monatlich', 'monthly'], ['wöchentlich', 'weekly'],
    ['täglich', 'daily'], ['quartal', 'quarter'], ['monat', 'month'], ['woche', 'week'], ['jahr', 'year'], ['gestern', 'yesterday'], ['heute', 'today'],
    ['bitte', 'please'], ['danke', 'thanks'], ['hallo', 'hello'], ['moin', 'morning'], ['servus', 'hello'], ['natürlich', 'obviously'], ['bzw', 'or'],
  ],
  nl: [
    ['laat me de sql zien', 'show me the sql'], ['laat me zien', 'show me'], ['alvast bedankt', 'thanks'], ['dank je wel', 'thanks'], ['dank je', 'thanks'],
    ['dank u', 'thanks'], ['even snel', 'quick question'], ['goedemorgen', 'good morning'], ['goedemiddag', 'good afternoon'],
    ['goedenavond', 'good evening'], ['hoi', 'hi'], ['graag', 'please'], ['hoeveel', 'how many'], ['alleen', 'only'], ['nu', 'now'],
    ['vorige maand', 'last month'], ['vorige week', 'last week'], ['deze maand', 'this month'], ['deze week', 'this week'], ['gisteren', 'yesterday'],
    ['vandaag', 'today'], ['zonder', 'without'], ['per maand', 'per month'], ['omzet', 'revenue'], ['bestellingen', 'orders'], ['klanten', 'customers'],
    ['landen', 'countries'], ['maand', 'month'], ['jaar', 'year'], ['dit jaar', 'this year'],
  ],
  pt: [
    ['tudo bem', 'hello'], ['bom dia', 'good morning'], ['boa tarde', 'good afternoon'], ['olá', 'hello'], ['pessoal', 'all'], ['obrigado', 'thanks'],
    ['obrigada', 'thanks'], ['quantos', 'how many'], ['quantas', 'how many'], ['qual', 'which'], ['só', 'only'], ['somente', 'only'], ['apenas', 'only'],
    ['e nos', 'and in the'], ['e no', 'and in the'], ['mês passado', 'last month'], ['semana passada', 'last week'], ['ano passado', 'last year'],
    ['ontem', 'yesterday'], ['hoje', 'today'], ['receita', 'revenue'], ['vendas', 'revenue'], ['pedidos', 'orders'], ['por favor', 'please'], ['por', 'by'],
    ['para', 'for'], ['dia', 'day'], ['dias', 'days'], ['mês', 'month'], ['ano', 'year'], ['produtos', 'products'],
  ],
  es: [
    // Courtesy.
    ['buenos días', 'good morning'], ['buen día', 'good morning'], ['buenas tardes', 'good afternoon'], ['buenas noches', 'good evening'],
    ['buenas', 'hello'], ['hola', 'hello'], ['mil gracias', 'thanks'], ['muchas gracias', 'thanks'], ['gracias', 'thanks'], ['por favor', 'please'],
    ['porfa', 'please'], ['porfis', 'please'], ['una pregunta', 'quick question'], ['oye', 'hey'], ['perfecto', 'perfect'], ['disculpa', 'sorry'],
    // Questions and requests.
    ['cuántos', 'how many'], ['cuántas', 'how many'], ['cuánto', 'how much'], ['cuánta', 'how much'], ['cuál es', 'what is'], ['cuáles son', 'which are'],
    ['cuál', 'which'], ['cuáles', 'which'], ['qué', 'what'], ['cómo', 'how'], ['cuándo', 'when'], ['dónde', 'where'], ['quién', 'who'],
    ['hubo', 'were there'], ['había', 'were there'], ['tuvimos', 'we had'], ['hemos tenido', 'we had'], ['tenemos', 'we have'], ['hicimos', 'we made'],
    ['vendimos', 'we sold'], ['trajo', 'brought'], ['trajeron', 'brought'], ['generó', 'generated'], ['tuvo', 'had'], ['hizo', 'made'], ['vendió', 'sold'],
    ['se registraron', 'signed up'], ['se dieron de alta', 'signed up'], ['registros', 'signups'], ['me pasas', 'can you show me'],
    ['me das', 'can you show me'], ['me muestras', 'can you show me'], ['me dices', 'can you tell me'], ['fue', 'was'], ['fueron', 'were'],
    ['muéstrame', 'show me'], ['enséñame', 'show me'], ['mostrame', 'show me'], ['muestra', 'show'], ['quiero ver', 'i want to see'], ['quiero', 'i want'],
    ['necesito', 'i need'], ['puedes', 'can you'], ['podrías', 'could you'],
    ['me podrías mostrar', 'could you show me'], ['me puedes mostrar', 'can you show me'], ['mostrar', 'show'], ['quiero saber', 'i want to know'],
    ['saber', 'know'], ['compraron', 'bought'], ['compró', 'bought'], ['han comprado', 'bought'], ['se vendió', 'was sold'], ['se vendieron', 'were sold'],
    ['excluyendo', 'excluding'], ['planes', 'plans'],
    // Function words.
    ['por', 'by'], ['para', 'for'], ['desde', 'since'], ['hasta', 'until'], ['sobre', 'on'], ['durante', 'during'], ['cada', 'each'], ['algún', 'any'],
    ['alguna', 'any'], ['algunos', 'any'], ['algunas', 'any'], ['todos', 'all'], ['todas', 'all'], ['también', 'also'], ['pero', 'but'], ['este', 'this'],
    ['esta', 'this'], ['estos', 'these'], ['estas', 'these'], ['una', 'a'], ['es decir', 'i.e.'], ['o sea', 'i.e.'], ['en lugar de', 'instead of'],
    ['en vez de', 'instead of'], ['en comparación con', 'compared to'], ['comparado con', 'compared to'], ['frente a', 'compared to'],
    ['desglosado por', 'broken down by'], ['agrupado por', 'grouped by'], ['ordenado por', 'sorted by'], ['ordenados por', 'sorted by'],
    ['solamente', 'only'], ['sólo', 'only'], ['nomás', 'only'], ['únicamente', 'only'], ['excepto', 'except'], ['sin contar', 'excluding'],
    ['más de', 'more than'], ['menos de', 'less than'], ['más', 'most'], ['menos', 'least'], ['mejores', 'best'], ['peores', 'worst'], ['primer', 'first'],
    ['primera', 'first'], ['primeros', 'first'], ['primeras', 'first'], ['ahora', 'now'], ['dia', 'day'], ['dias', 'days'], ['todo el histórico', 'all time'],
    ['de siempre', 'of all time'], ['desde siempre', 'all time'],
    // Calendar.
    ['la semana pasada', 'last week'], ['el mes pasado', 'last month'], ['el año pasado', 'last year'], ['el trimestre pasado', 'last quarter'],
    ['semana pasada', 'last week'], ['mes pasado', 'last month'], ['año pasado', 'last year'], ['trimestre pasado', 'last quarter'],
    ['en lo que va del año', 'year to date'], ['en lo que va de año', 'year to date'], ['en lo que va del mes', 'month to date'], ['al día', 'per day'],
    ['al mes', 'per month'], ['al año', 'per year'], ['a la semana', 'per week'], ['ayer', 'yesterday'], ['el día anterior', 'the day before'], ['el dia anterior', 'the day before'], ['la semana anterior', 'the week before'], ['el mes anterior', 'the month before'], ['hoy', 'today'],
    ['anteayer', 'the day before yesterday'], ['antier', 'the day before yesterday'], ['último', 'last'], ['última', 'last'], ['últimos', 'last'],
    ['últimas', 'last'], ['día', 'day'], ['días', 'days'], ['semana', 'week'], ['semanas', 'weeks'], ['pasado', '~last'], ['pasada', '~last'],
    ['mes', 'month'], ['meses', 'months'], ['año', 'year'], ['años', 'years'], ['trimestre', 'quarter'], ['hora', 'hour'], ['horas', 'hours'],
    ['diario', 'daily'], ['diaria', 'daily'], ['diarios', 'daily'], ['diarias', 'daily'], ['semanal', 'weekly'], ['semanales', 'weekly'],
    ['mensual', 'monthly'], ['mensuales', 'monthly'], ['anual', 'yearly'], ['anuales', 'yearly'], ['lunes', 'monday'], ['martes', 'tuesday'],
    ['miércoles', 'wednesday'], ['jueves', 'thursday'], ['viernes', 'friday'], ['sábado', 'saturday'], ['domingo', 'sunday'], ['enero', 'january'],
    ['febrero', 'february'], ['marzo', 'march'], ['abril', 'april'], ['junio', 'june'], ['julio', 'july'], ['agosto', 'august'], ['septiembre', 'september'],
    ['setiembre', 'september'], ['octubre', 'october'], ['noviembre', 'november'], ['diciembre', 'december'],
    // Business.
    ['ticket medio', 'average order value'], ['ticket promedio', 'average order value'], ['valor medio del pedido', 'average order value'],
    ['valor promedio del pedido', 'average order value'], ['ventas', 'revenue'], ['venta', 'sale'], ['ingresos', 'revenue'], ['ingreso', 'revenue'],
    ['valor', 'value'], ['facturación', 'revenue'], ['pedidos', 'orders'], ['pedido', 'order'], ['órdenes', 'orders'], ['clientes', 'customers'],
    ['cliente', 'customer'], ['productos', 'products'], ['producto', 'product'], ['país', 'country'], ['países', 'countries'], ['canales', 'channels'],
    ['usuarios', 'users'], ['usuario', 'user'], ['eventos', 'events'], ['evento', 'event'], ['categoría', 'category'], ['categorías', 'categories'],
    ['dispositivo', 'device'], ['dispositivos', 'devices'], ['reembolsos', 'refunds'], ['devoluciones', 'refunds'], ['cancelaciones', 'cancellations'],
    ['completados', '~completed'], ['completadas', '~completed'], ['reembolsados', '~refunded'], ['reembolsadas', '~refunded'], ['cancelados', '~cancelled'],
    ['canceladas', '~cancelled'], ['nuevos', '~new'], ['nuevas', '~new'], ['nuevo', '~new'], ['nueva', '~new'], ['tipo', 'type'], ['tipos', 'types'],
    ['lo mismo', 'the same'], ['mismo', 'same'], ['misma', 'same'], ['promedio por', '~average per'], ['medio por', '~average per'], ['promedio', '~average'],
    ['cantidad', 'quantity'], ['unidades', 'units'], ['vendidos', 'sold'], ['vendidas', 'sold'], ['vendido', 'sold'], ['vendida', 'sold'],
    ['únicos', 'unique'], ['únicas', 'unique'], ['distintos', 'distinct'], ['número', 'number'], ['tasa de reembolso', 'refund rate'],
    ['tasa de reembolsos', 'refund rate'], ['tasa de devolución', 'refund rate'], ['tasa de devoluciones', 'refund rate'],
    ['tasa de cancelación', 'cancellation rate'], ['tasa de conversión', 'conversion rate'], ['tasa', 'rate'], ['reembolso', 'refund'], ['precio', 'price'],
    ['precios', 'prices'], ['máximo', 'maximum'], ['mínimo', 'minimum'], ['gráfico de líneas', 'line chart'], ['gráfico de barras', 'bar chart'],
    ['gráfico circular', 'pie chart'], ['gráfico de torta', 'pie chart'], ['gráfico de pastel', 'pie chart'], ['gráfico de tarta', 'pie chart'],
    ['gráfico', 'chart'], ['tabla', 'table'],
  ],
  it: [
    // Courtesy.
    ['buongiorno', 'good morning'], ['buonasera', 'good evening'], ['ciao', 'hi'], ['grazie mille', 'thanks'], ['grazie', 'thanks'], ['per favore', 'please'],
    ['per piacere', 'please'], ['perfetto', 'perfect'], ['ottimo', 'great'], ['va bene', 'ok'], ['scusa', 'sorry'], ['scusate', 'sorry'],
    ['una domanda', 'quick question'], ['sono', "i'm"], ['hanno', 'have'],
    // Questions and requests.
    ['quanti', 'how many'], ['quante', 'how many'], ['quanto', 'how much'], ['quanta', 'how much'], ['qual è', 'what is'], ['quali sono', 'which are'],
    ['quanti sono', 'how many are'], ['quale', 'which'], ['quali', 'which'], ['che cosa', 'what'], ['cosa', 'what'], ['quando', 'when'],
    ['ci sono stati', 'were there'], ['ci sono state', 'were there'], ['ci sono', 'are there'], ["c'erano", 'were there'], ["c'è stato", 'was there'],
    ["c'è stata", 'was there'], ["c'è", 'is there'], ['sono stati', 'were'], ['sono state', 'were'], ['è', 'is'], ['fammi vedere', 'show me'],
    ['mostrami', 'show me'], ['dammi', 'give me'], ['dimmi', 'tell me'], ['vorrei vedere', "i'd like to see"], ['vorrei', "i'd like"],
    ['abbiamo avuto', 'we had'], ['ha avuto', 'had'], ['ha fatto', 'made'], ['hanno fatto', 'made'], ['ha portato', 'brought'], ['ha generato', 'generated'],
    ['ha venduto', 'sold'], ['si sono registrati', 'signed up'], ['si sono registrate', 'signed up'], ['iscritti', 'signups'], ['iscrizioni', 'signups'],
    ['registrazioni', 'signups'], ['abbiamo fatto', 'we made'], ['abbiamo', 'we have'], ['voglio', 'i want'], ['mi serve', 'i need'],
    ['mi servono', 'i need'], ['puoi', 'can you'], ['potresti', 'could you'],
    ['mi fai vedere', 'can you show me'], ['mi mostri', 'can you show me'], ['mi puoi mostrare', 'can you show me'], ['vorrei sapere', "i'd like to know"],
    ['sapere', 'know'], ['hanno comprato', 'bought'], ['hanno acquistato', 'bought'], ['comprato', 'bought'], ['acquistato', 'bought'],
    ['escluso', 'excluding'], ['esclusi', 'excluding'], ['esclusa', 'excluding'], ['escluse', 'excluding'], ['escludendo', 'excluding'],
    ['quelli', 'the ones'], ['quelle', 'the ones'], ['di più', 'the most'], ['totale', 'total'], ['piani', 'plans'],
    // Function words.
    ['gli', 'the'], ['una', 'a'], ['della', 'of the'], ['dello', 'of the'], ['dei', 'of the'], ['degli', 'of the'], ['delle', 'of the'], ["dell'", 'of the'],
    ['nel', 'in the'], ['nella', 'in the'], ['nello', 'in the'], ['nei', 'in the'], ['negli', 'in the'], ['nelle', 'in the'], ["nell'", 'in the'],
    ['dalla', 'from the'], ['dai', 'from the'], ['dagli', 'from the'], ['dalle', 'from the'], ["dall'", 'from the'], ['allo', 'to the'], ['alla', 'to the'],
    ['agli', 'to the'], ["all'", 'to the'], ['sul', 'on the'], ['sulla', 'on the'], ['sui', 'on the'], ["sull'", 'on the'], ['questo', 'this'],
    ['questa', 'this'], ["quest'", 'this'], ['questi', 'these'], ['senza', 'without'], ['dopo', 'after'], ['fino a', 'until'], ['ogni', 'each'],
    ['qualche', 'any'], ['tutti', 'all'], ['tutte', 'all'], ['anche', 'also'], ['cioè', 'i.e.'], ['invece che', 'instead of'], ['invece di', 'instead of'],
    ['per il', 'for the'], ['per la', 'for the'], ["per l'", 'for the'], ["per quest'", 'for this'], ['per questo', 'for this'], ['per questa', 'for this'],
    ['per ieri', 'for yesterday'], ['per oggi', 'for today'], ['rispetto a', 'compared to'], ['rispetto al', 'compared to the'],
    ['confrontato con', 'compared to'], ['suddiviso per', 'broken down by'], ['suddivisi per', 'broken down by'], ['raggruppati per', 'grouped by'],
    ['ordinati per', 'sorted by'], ['ordinato per', 'sorted by'], ['soltanto', 'only'], ['solamente', 'only'], ['unicamente', 'only'], ['tranne', 'except'],
    ['eccetto', 'except'], ['più di', 'more than'], ['meno di', 'less than'], ['più', 'most'], ['piu', 'most'], ['meno', 'least'], ['migliori', 'best'],
    ['peggiori', 'worst'], ['primo', 'first'], ['primi', 'first'], ['prima di', 'before'], ['adesso', 'now'], ['di sempre', 'of all time'],
    ['da sempre', 'all time'], ['in totale', 'in total'],
    // Calendar.
    ['da inizio anno', 'year to date'], ["dall'inizio dell'anno", 'year to date'], ["da inizio dell'anno", 'year to date'],
    ['da inizio mese', 'month to date'], ["dall'inizio del mese", 'month to date'], ['la settimana scorsa', 'last week'], ['il mese scorso', 'last month'],
    ["l'anno scorso", 'last year'], ['il trimestre scorso', 'last quarter'], ['settimana scorsa', 'last week'], ['mese scorso', 'last month'],
    ['anno scorso', 'last year'], ['trimestre scorso', 'last quarter'], ['al giorno', 'per day'], ['al mese', 'per month'], ["all'anno", 'per year'],
    ["all'ora", 'per hour'], ['alla settimana', 'per week'], ['a settimana', 'per week'], ['per ora', 'by hour'], ['ieri', 'yesterday'], ['oggi', 'today'],
    ["l'altro ieri", 'the day before yesterday'], ['altroieri', 'the day before yesterday'], ['scorso', '~last'], ['scorsa', '~last'], ['scorsi', '~last'],
    ['scorse', '~last'], ['ultimo', 'last'], ['ultima', 'last'], ['ultimi', 'last'], ['ultime', 'last'], ['giorno', 'day'], ['giorni', 'days'],
    ['settimana', 'week'], ['settimane', 'weeks'], ['mese', 'month'], ['mesi', 'months'], ['anno', 'year'], ['anni', 'years'], ['trimestre', 'quarter'],
    ['inizio', 'start'], ['giornaliero', 'daily'], ['giornaliera', 'daily'], ['giornalieri', 'daily'], ['giornaliere', 'daily'], ['quotidiano', 'daily'],
    ['settimanale', 'weekly'], ['settimanali', 'weekly'], ['mensile', 'monthly'], ['mensili', 'monthly'], ['annuale', 'yearly'], ['annuali', 'yearly'],
    ['lunedì', 'monday'], ['martedì', 'tuesday'], ['mercoledì', 'wednesday'], ['giovedì', 'thursday'], ['venerdì', 'friday'], ['sabato', 'saturday'],
    ['domenica', 'sunday'], ['gennaio', 'january'], ['febbraio', 'february'], ['marzo', 'march'], ['aprile', 'april'], ['maggio', 'may'], ['giugno', 'june'],
    ['luglio', 'july'], ['agosto', 'august'], ['settembre', 'september'], ['ottobre', 'october'], ['novembre', 'november'], ['dicembre', 'december'],
    // Business.
    ['scontrino medio', 'average order value'], ["valore medio dell'ordine", 'average order value'], ['valore medio degli ordini', 'average order value'],
    ['fatturato', 'revenue'], ['ricavi', 'revenue'], ['vendite', 'revenue'], ['ordini', 'orders'], ['ordine', 'order'], ['clienti', 'customers'],
    ['cliente', 'customer'], ['prodotti', 'products'], ['prodotto', 'product'], ['paese', 'country'], ['paesi', 'countries'], ['canale', 'channel'],
    ['canali', 'channels'], ['categoria', 'category'], ['categorie', 'categories'], ['dispositivo', 'device'], ['dispositivi', 'devices'],
    ['utenti', 'users'], ['utente', 'user'], ['eventi', 'events'], ['rimborsi', 'refunds'], ['cancellazioni', 'cancellations'], ['completati', '~completed'],
    ['completate', '~completed'], ['rimborsati', '~refunded'], ['rimborsate', '~refunded'], ['cancellati', '~cancelled'], ['cancellate', '~cancelled'],
    ['annullati', '~cancelled'], ['annullate', '~cancelled'], ['nuovi', '~new'], ['nuove', '~new'], ['nuovo', '~new'], ['tipi', 'types'],
    ['la stessa cosa', 'the same'], ['stessa cosa', 'the same'], ['lo stesso', 'the same'], ['stesso', 'same'], ['stessa', 'same'], ['valore', 'value'],
    ['medio per', '~average per'], ['media per', '~average per'], ['medio', '~average'], ['unici', 'unique'], ['uniche', 'unique'], ['distinti', 'distinct'],
    ['venduti', 'sold'], ['venduta', 'sold'], ['venduto', 'sold'], ['vendute', 'sold'], ['quantità', 'quantity'], ['unità', 'units'], ['numero', 'number'],
    ['tasso di rimborso', 'refund rate'], ['tasso di rimborsi', 'refund rate'], ['tasso di reso', 'refund rate'], ['tasso di resi', 'refund rate'],
    ['tasso di cancellazione', 'cancellation rate'], ['tasso di conversione', 'conversion rate'], ['tasso', 'rate'], ['rimborso', 'refund'],
    ['prezzo', 'price'], ['prezzi', 'prices'], ['massimo', 'maximum'], ['minimo', 'minimum'], ['grafico a barre', 'bar chart'],
    ['grafico a linee', 'line chart'], ['grafico a torta', 'pie chart'], ['istogramma', 'bar chart'], ['grafico', 'chart'], ['tabella', 'table'],
  ],
  fr: [["s'il vous plaît", 'please'], ["s'il te plaît", 'please'], ['svp', 'please'], ['seulement', 'only'], ['uniquement', 'only']],
};

/** Each language's words English or another language has too (or means something else by): read only in a question in that language. */
const AMBIGUOUS: Record<Lang, Entries> = {
  // "der" / "des" are read apart (below): "the" or "of the" by the word before.
  de: [
    ['pro', 'per'], ['je', 'per'], ['mit', 'with'], ['alle', 'all'], ['hier', 'here'], ['und', 'and'], ['oder', 'or'],
    // "Umsatz, also revenue": German "also" says the same again (i.e.).
    ['also', 'i.e.'], ['die', 'the'], ['das', 'the'], ['den', 'the'], ['dem', 'the'],
  ],
  nl: [['de', 'the'], ['het', 'the'], ['en', 'and'], ['van', 'of'], ['met', 'with'], ['voor', 'for'], ['op', 'on'], ['dit', 'this'], ['land', 'country']],
  pt: [
    ['nos', 'in the'], ['sem', 'without'], ['oi', 'hi'], ['canal', 'channel'], ['de', 'of'], ['e', 'and'], ['com', 'with'], ['em', 'in'], ['mas', 'but'],
    ['no', 'in the'], ['na', 'in the'],
  ],
  es: [
    ['el', 'the'], ['la', 'the'], ['los', 'the'], ['las', 'the'], ['un', 'a'], ['de', 'of'], ['del', 'of the'], ['al', 'to the'], ['en', 'in'],
    ['con', 'with'], ['sin', 'without'], ['entre', 'between'], ['y', 'and'], ['o', 'or'], ['solo', 'only'], ['canal', 'channel'], ['media', '~average'],
    ['mas', 'most'], ['hay', 'are there'], ['dame', 'give me'], ['dime', 'tell me'], ['soy', "i'm"], ['es', 'is'], ['son', 'are'], ['como', 'as'],
    ['hace', 'ago'], ['mayo', 'may'], ['vale', 'ok'], ['genial', 'great'],
  ],
  it: [
    ['il', 'the'], ['lo', 'the'], ["l'", 'the'], ["un'", 'a'], ['la', 'the'], ['i', 'the'], ['le', 'the'], ['un', 'a'], ['uno', 'a'], ['di', 'of'],
    ['del', 'of the'], ['da', 'from'], ['al', 'to the'], ['ai', 'to the'], ['alle', 'to the'], ['su', 'on'], ['con', 'with'], ['per', 'by'],
    ['tra', 'between'], ['fra', 'between'], ['e', 'and'], ['o', 'or'], ['ma', 'but'], ['non', 'not'], ['solo', 'only'], ['ora', 'now'], ['ore', 'hours'],
    ['media', '~average'], ['come', 'as'], ['dove', 'where'], ['dal', 'from the'], ['chi', 'who'], ['prima', 'first'], ['fa', 'ago'], ['salve', 'hello'], ['piano', 'plan'],
    ['tipo', 'type'],
  ],
  fr: [],
};

/** Chat shorthand: read in any question, and no sign of another language. */
const SHORTHAND: Entries = [['b4', 'before'], ['u', 'you'], ['ur', 'your'], ['im', "i'm"], ['pls', 'please'], ['thx', 'thanks']];
/** Ambiguous words read in any question before a value of the model ("solo mobile", "solo DE"): no English says them so. */
const BEFORE_VALUE: Entries = [['solo', 'only']];
/** Greetings English speakers borrow ("ciao", "gracias"): read in any question, but no sign the question is in that language. */
const LOANWORDS = new Set(['ciao', 'hola', 'gracias']);

const WORD = String.raw`[\p{L}'’-]`;
const LANGS = Object.keys(GLOSSARY) as Lang[];
const key = (w: string): string => w.trim().toLowerCase().replace(/’/g, "'").replace(/'\s+/g, "'").replace(/\s+/g, ' ');
const bare = (w: string): string => w.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');

interface Entry { from: string; to: string; lang?: Lang; ambiguous: boolean }
/**
 * Every entry, with the spelling without accents people type too ("cuantos", "pais", "lunedi"): of the same kind, unless
 * that spelling is another entry or a short word of its own ("so", "mas", "que").
 */
const ENTRIES: Entry[] = (() => {
  const all: Entry[] = [
    ...SHORTHAND.map(([from, to]) => ({ from, to, ambiguous: false })),
    ...LANGS.flatMap((lang) => [
      ...GLOSSARY[lang].map(([from, to]) => ({ from, to, lang, ambiguous: false })),
      ...AMBIGUOUS[lang].map(([from, to]) => ({ from, to, lang, ambiguous: true })),
    ]),
  ];
  const froms = new Set(all.map((e) => key(e.from)));
  const unaccented = all.filter((e) => bare(e.from) !== e.from && bare(e.from).length >= 4 && !froms.has(key(bare(e.from))))
    .map((e) => ({ ...e, from: bare(e.from) }));
  // Longest first ("per favore" before "per", "all'anno" before "all'"), then a language's own words before its ambiguous ones.
  return [...all, ...unaccented].sort((a, b) => b.from.length - a.from.length || Number(a.ambiguous) - Number(b.ambiguous));
})();

/** The regular expression of a `from`: apostrophes either way, and after one a space or none ("dell' anno", "dell'anno"). */
const source = (from: string): string =>
  from.replace(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`).replace(/\s+/g, String.raw`\s+`).replace(/'/g, String.raw`['’]\s*`);
/**
 * Any of the entries (longest first) as whole words, not inside an abbreviation ("e.g.", "i.e."); an elision ("dell'",
 * "quest'") runs into the next word. One end for all the words: one after each would make the expression slow to build.
 */
const alternation = (entries: readonly Entry[]): RegExp => {
  const words = entries.map((e) => (e.from.endsWith("'") ? String.raw`${source(e.from)}(?=\p{L})` : source(e.from))).join('|');
  return new RegExp(String.raw`(?<!${WORD})(?<!\p{L}\.)(?:${words})(?:(?<=['’]\s*)|(?!${WORD})(?!\.\p{L}))`, 'giu');
};

/** Each language's own words, that say a question is in it (loanwords say nothing). */
const SIGNS = new Map(LANGS.map((lang) => [lang, alternation(ENTRIES.filter((e) => e.lang === lang && !e.ambiguous && !LOANWORDS.has(e.from)))]));
/** Of each language's own word, the languages that have it. */
const OWNERS = new Map<string, Set<Lang>>();
for (const e of ENTRIES) if (e.lang && !e.ambiguous) OWNERS.set(key(e.from), new Set([...OWNERS.get(key(e.from)) ?? [], e.lang]));
/** True when the text holds a word read in any question (cheap test before the rewrite). */
const ANY = alternation([...ENTRIES.filter((e) => !e.ambiguous), ...BEFORE_VALUE.map(([from, to]) => ({ from, to, ambiguous: true }))]);
/**
 * The entries read in a question in these languages, most said first, and their alternation. Of one spelling, an own
 * word wins, then the ambiguous word of the language the question says most in ("mas": Spanish "most", Portuguese "but").
 */
const READERS = new Map<string, { to: Map<string, string>; re: RegExp }>();
function reader(langs: readonly Lang[]): { to: Map<string, string>; re: RegExp } {
  const id = langs.join(',');
  let r = READERS.get(id);
  if (!r) {
    const entries = ENTRIES.filter((e) => !e.ambiguous || (e.lang && langs.includes(e.lang)));
    const to = new Map<string, string>();
    const rank = (e: Entry): number => (e.ambiguous && e.lang ? langs.indexOf(e.lang) : -1);
    for (const e of [...entries].sort((a, b) => rank(a) - rank(b))) if (!to.has(key(e.from))) to.set(key(e.from), e.to);
    r = { to, re: alternation(entries.filter((e) => to.get(key(e.from)) === e.to)) };
    READERS.set(id, r);
  }
  return r;
}

/** Italian elided articles and prepositions, written apart from their word once the question is read as Italian. */
const ELIDED = new RegExp(
  String.raw`(?<!${WORD})(${ENTRIES.filter((e) => e.lang === 'it' && e.from.endsWith("'")).map((e) => e.from.slice(0, -1)).join('|')})['’](?=\p{L})`, 'giu');

/** Marks an adjective said after its noun. */
const ADJECTIVE = '\uE000';
/** English words no adjective is said before ("the average", "of average"). */
const FUNCTION_WORD = /^(?:the|a|an|of|by|per|in|on|at|to|from|for|with|and|or|is|are|was|what|which|how|its|their|our|this|that)$/i;

const DAYS = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday';
const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december';
const CALENDAR = String.raw`(?:${DAYS}|${MONTHS}|\d{1,4})`;

/**
 * The question with the glossary's words in English. A word the model knows, alone or with a word beside it ("pro"
 * as a plan, "DE" as a country, "social media" as a channel), stays. A language's ambiguous words are read only in a
 * question that holds one of its own words.
 */
export function inEnglish(question: string, vocabularies: readonly Vocabulary[]): string {
  // "¿cuántos …?", "¡gracias!": the Spanish opening marks say nothing to the reader.
  let q = question.replace(/[¿¡]/g, '');
  ANY.lastIndex = 0;
  if (!ANY.test(q)) return q;
  const phrase = (p: string): boolean => vocabularies.some((v) => v.phrases.has(phraseKey(p)));
  const known = (w: string, at: number): boolean => {
    if (vocabularies.some((v) => v.codes.has(w)) || phrase(w)) return true;
    const before = /([\p{L}\d'’-]+)\s+$/u.exec(q.slice(0, at))?.[1];
    const after = /^\s+([\p{L}\d'’-]+)/u.exec(q.slice(at + w.length))?.[1];
    return [before && `${before} ${w}`, after && `${w} ${after}`, before && after && `${before} ${w} ${after}`].some((p) => p && phrase(p));
  };
  // The languages the question is in, most said first: those with a word no other language has here, else those with
  // a word some share ("pedidos", "por": Spanish and Portuguese).
  const found = LANGS.map((lang) => {
    const words = [...q.matchAll(SIGNS.get(lang) as RegExp)].filter((m) => !known(m[0], m.index)).map((m) => key(m[0]));
    return { lang, all: words.length, own: words.filter((w) => OWNERS.get(w)?.size === 1).length };
  });
  const sure = found.some((f) => f.own > 0);
  const ranked = found.filter((f) => (sure ? f.own : f.all) > 0).sort((a, b) => b.all - a.all).map((f) => f.lang);
  const langs = new Set(ranked);
  if (langs.has('it')) q = q.replace(ELIDED, "$1' ");
  const { to, re } = reader(ranked);
  let s = q.replace(re, (w: string, at: number) => {
    if (known(w, at)) return w;
    const en = to.get(key(w)) as string;
    // "~average": an adjective said after its noun (below).
    return (/['’]\s*$/.test(w) ? `${en} ` : en).replace(/^~/, ADJECTIVE);
  });
  // "fatturato medio", "ingreso promedio por cliente": the adjective after its noun, said before it in English.
  s = s.replace(new RegExp(String.raw`(?:(\p{L}[\p{L}\d_-]*)\s+)?${ADJECTIVE}(\p{L}+)`, 'gu'), (whole: string, noun: string | undefined, adj: string) =>
    (!noun ? adj : FUNCTION_WORD.test(noun) ? `${noun} ${adj}` : `${adj} ${noun}`));
  for (const [from, en] of BEFORE_VALUE) {
    s = s.replace(new RegExp(String.raw`(?<!${WORD})${from}(?=\s+([^\s,.;:!?()]+)(?:\s+([^\s,.;:!?()]+))?(?:\s+([^\s,.;:!?()]+))?)`, 'giu'),
      (w: string, ...next: unknown[]) => {
        const words = next.slice(0, 3).filter((x): x is string => typeof x === 'string');
        const value = words.some((_, i) => {
          const p = words.slice(0, i + 1).join(' ');
          return vocabularies.some((v) => v.codes.has(p) || (v.phrases.get(phraseKey(p)) ?? []).some((m) => m.t === 'value'));
        });
        return value ? en : w;
      });
  }
  // "der" / "des": "the" after a preposition or at the start, else "of the" ("die Summe der revenue der refunded orders").
  if (langs.has('de')) {
    s = s.replace(new RegExp(String.raw`(^|[^\p{L}'-]+)(?:der|des)(?!${WORD})`, 'giu'), (whole: string, lead: string, at: number) => {
      const before = s.slice(0, at).trim().split(/\s+/).pop()?.toLowerCase() ?? '';
      return `${lead}${!before || /[.,:;!?]$/.test(lead) || /^(?:for|with|by|from|in|on|at|to|of|over|under|before|after|per|only|and|or|the|without|instead)$/.test(before) ? 'the' : 'of the'}`;
    });
  }
  if (langs.has('es') || langs.has('it') || langs.has('pt')) {
    // "de lunes a viernes", "da gennaio a marzo", "(lunes a domingo)": a range, "from … to …".
    s = s.replace(new RegExp(String.raw`(?<![\p{L}\d])(?:(of|from)\s+)?(${CALENDAR})\s+a\s+(${CALENDAR})(?![\p{L}\d])`, 'giu'),
      (whole: string, lead: string | undefined, a: string, b: string) => `${lead ? 'from ' : ''}${a} to ${b}`);
    // "hace 3 días": "3 days ago".
    s = s.replace(/(?<!\p{L})ago\s+(\d+\s+\p{L}+)/giu, '$1 ago');
  }
  // "a maggio", "ad aprile": "in May".
  if (langs.has('it')) s = s.replace(new RegExp(String.raw`(?<!${WORD})ad?\s+(${MONTHS})(?!\p{L})`, 'giu'), 'in $1');
  return s;
}
