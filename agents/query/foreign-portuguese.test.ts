/**
 * Brazilian Portuguese, whole questions and mixed into English: `inEnglish` on its own, and whole questions and threads
 * through the agent, planned as the English question is. The wordings are other than blind51's own.
 */
import { describe, expect, it } from 'vitest';
import { inEnglish } from './foreign-words.ts';
import { DEMO_MODEL_PATH, loadSemanticModel } from './index.ts';
import { vocabularyOf } from './parse/state.ts';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

const vocab = [vocabularyOf(loadSemanticModel(DEMO_MODEL_PATH)).vocab];
const en = (q: string): string => inEnglish(q, vocab);
/** The SQL of a thread's last turn. */
const last = (...qs: string[]): string => flat(thread(...qs).at(-1)!);
/** Each turn of a Portuguese thread planned as the same turn of the English one. */
const sameThread = (portuguese: string[], english: string[]): void => {
  for (let n = 1; n <= portuguese.length; n++) expect(last(...portuguese.slice(0, n)), portuguese[n - 1]).toBe(last(...english.slice(0, n)));
};

describe('inEnglish: Portuguese words', () => {
  it('question words, verbs and requests', () => {
    expect(en('Qual foi o faturamento da Alemanha na semana passada?')).toBe('what was the revenue of the Alemanha last week?');
    expect(en('quantas sessões por dispositivo ontem?')).toBe('how many sessions by device yesterday?');
    expect(en('quanto vendemos hoje?')).toBe('how much we sold today?');
    expect(en('quais foram os 5 produtos com maior receita?')).toBe('what were the 5 products with highest revenue?');
    expect(en('qual canal teve mais pedidos?')).toBe('which channel had most orders?');
    expect(en('me mostre a receita por país')).toBe('show me the revenue by country');
    expect(en('gostaria de ver as vendas por categoria')).toBe("i'd like to see the revenue by category");
    expect(en('quantos clientes se registraram hoje?')).toBe('how many customers signed up today?');
    expect(en('mostra a consulta')).toBe('show the query');
  });
  it('courtesy', () => {
    expect(en('Oi! quantos pedidos hoje? valeu')).toBe('hi! how many orders today? thanks');
    expect(en('boa tarde, receita por canal por favor, obrigada')).toBe('good afternoon, revenue by channel please, thanks');
  });
  it('chat shorthand', () => {
    expect(en('qtos pedidos hj? vlw')).toBe('how many orders today? thanks');
    expect(en('receita por canal, nao inclui mobile')).toBe('revenue by channel, not include mobile');
  });
  it('calendar words: days, weeks, months, years, "últimos N", "há N dias", "N dias atrás"', () => {
    expect(en('receita de anteontem')).toBe('revenue of the day before yesterday');
    expect(en('pedidos no ano passado por trimestre')).toBe('orders last year by quarter');
    expect(en('receita nas últimas 8 semanas')).toBe('revenue in the last 8 weeks');
    expect(en('pedidos há 3 dias')).toBe('orders 3 days ago');
    expect(en('pedidos de 3 dias atrás')).toBe('orders of 3 days ago');
    expect(en('receita desde o início do ano')).toBe('revenue year to date');
    expect(en('receita da semana retrasada')).toBe('revenue of the week before last');
    expect(en('receita do mês atual')).toBe('revenue of the current month');
    expect(en('pedidos por dia da semana')).toBe('orders by day of week');
    expect(en('receita nos fins de semana')).toBe('revenue on weekends');
  });
  it('months, weekdays and dates said in the English order', () => {
    expect(en('receita de janeiro a março')).toBe('revenue from january to march');
    expect(en('pedidos de segunda a sexta')).toBe('orders from monday to friday');
    expect(en('pedidos entre 10 e 20 de maio')).toBe('orders between may 10 and may 20');
    expect(en('receita de 1º a 15 de junho de 2024')).toBe('revenue from june 1 to june 15 2024');
    expect(en('quantos pedidos no dia 3 de junho?')).toBe('how many orders on june 3?');
    expect(en('pedidos de 10 de maio até 20 de maio')).toBe('orders from may 10 to may 20');
    expect(en('receita em outubro de 2024')).toBe('revenue in october 2024');
    expect(en('pedidos às quartas-feiras')).toBe('orders on wednesdays');
    expect(en('pedidos aos domingos')).toBe('orders on sundays');
    expect(en('quantos pedidos em fev?')).toBe('how many orders in february?');
    expect(en('receita no 1º trimestre de 2025')).toBe('revenue in the Q1 of 2025');
    expect(en('pedidos no segundo semestre')).toBe('orders in the H2');
  });
  it('business words; an adjective said after its noun', () => {
    expect(en('pedidos cancelados por canal')).toBe('cancelled orders by channel');
    expect(en('quantos pedidos foram reembolsados?')).toBe('how many orders were refunded?');
    expect(en('receita média por cliente')).toBe('average revenue per customer');
    expect(en('visitantes únicos por canal')).toBe('unique visitors by channel');
    expect(en('usuários ativos por dia')).toBe('active users by day');
    expect(en('taxa de devolução por categoria')).toBe('refund rate by category');
    expect(en('taxa de cancelamento por país')).toBe('cancellation rate by country');
    expect(en('valor médio do pedido por dispositivo')).toBe('average order value by device');
    expect(en('cadastros por plano')).toBe('signups by plan');
    expect(en('em gráfico de linhas')).toBe('in line chart');
  });
  it('the words typed without their accents', () => {
    expect(en('quantos usuarios por pais no mes passado')).toBe('how many users by country last month');
    expect(en('taxa de conversao por dispositivo, ultimos 7 dias')).toBe('conversion rate by device, last 7 days');
    expect(en('pedidos as tercas')).toBe('orders on tuesdays');
    expect(en('quantos pedidos em marco?')).toBe('how many orders in march?');
  });
  it('the model\'s own words stay: a country ("Brasil", "Japão"), a category ("beleza")', () => {
    expect(en('receita do Brasil e do Japão')).toBe('revenue of the Brasil and of the Japão');
    expect(en('receita da categoria beleza')).toBe('revenue of the category beleza');
  });
});

describe('inEnglish: a word is read in the language the question is in', () => {
  it('"a" is "the", but "to" between calendar words, and the English "a" after English', () => {
    expect(en('qual foi a receita?')).toBe('what was the revenue?');
    expect(en('receita de lunes a viernes')).toBe('revenue from monday to friday');
    expect(en('receita por canal, as a percentage')).toBe('revenue by channel, as a percentage');
  });
  it('"do", "as", "no" said in English in a Portuguese question', () => {
    expect(en('quantos pedidos do we have hoje?')).toBe('how many orders do we have today?');
    expect(en('receita do Brasil')).toBe('revenue of the Brasil');
    expect(en('quantos pedidos as of yesterday')).toBe('how many orders as of yesterday');
    expect(en('quantos pedidos, as vendas e os clientes')).toBe('how many orders, the revenue and the customers');
  });
  it('"mai", "ago", "set", "out", "dez" are months only beside a number or after "em", "de"', () => {
    expect(en('quantos pedidos em set?')).toBe('how many orders in september?');
    expect(en('receita de 15 ago')).toBe('revenue of 15 august');
    expect(en('quantos pedidos, set the chart to bar')).toBe('how many orders, set the chart to bar');
    expect(en('receita 3 dias ago')).toBe('revenue 3 days ago');
  });
  it('"so" is "só" only opening a clause of a Portuguese question; "sem" before a value in any', () => {
    expect(en('receita por canal, so mobile')).toBe('revenue by channel, only mobile');
    expect(en('so what is the revenue')).toBe('so what is the revenue');
    expect(en('sem mobile')).toBe('without mobile');
    expect(en('SEM revenue by channel')).toBe('SEM revenue by channel');
  });
  it('Spanish stays Spanish: "mas", "o", "por", "pedidos" read by the question\'s own words', () => {
    expect(en('ventas por canal, mas o menos')).toBe('revenue by channel, most or least');
    expect(en('ventas de mobile o tablet')).toBe('revenue of mobile or tablet');
    expect(en('pedidos por país el mes pasado')).toBe('orders by country last month');
    expect(en('cuántos pedidos hubo ayer?')).toBe('how many orders were there yesterday?');
    expect(en('receita de mobile ou tablet, mas só ontem')).toBe('revenue of mobile or tablet, but only yesterday');
  });
  it('plain English with "a", "o", "do", "no", "as", "e", "em", "set", "out", "ago", "Marco" of its own stays as it is', () => {
    for (const q of ['do we have orders from BR?', 'revenue as a share of total', 'orders 3 days ago', 'set the chart to bar',
      'show me DE customers', 'Marco here: revenue by channel, no refunds', 'orders by device e.g. mobile', 'revenue with no refunds',
      'log out', 'revenue from a to z', 'revenue by channel, em dash', 'o revenue', 'sem revenue']) expect(en(q)).toBe(q);
  });
});

describe('Portuguese questions: planned as the English question', () => {
  it('a figure over a period, in a country', () => {
    expect(sql('Qual foi o faturamento da Alemanha na semana passada?')).toBe(sql('what was the revenue of Germany last week?'));
    expect(sql('quanto faturamos este mês no Brasil?')).toBe(sql('revenue in Brazil this month'));
    expect(sql('Quantos pedidos tivemos hoje?')).toBe(sql('how many orders today?'));
    expect(sql('qual a receita total do Brasil no ano passado?')).toBe(sql('total revenue of BR last year'));
    expect(sql('receita do Japão nos últimos 30 dias')).toBe(sql('revenue of Japan in the last 30 days'));
    expect(sql('quantos clientes novos no Brasil este ano?')).toBe(sql('how many new customers in Brazil this year?'));
  });
  it('a breakdown; signups, users and sessions', () => {
    expect(sql('Quantas usuárias se cadastraram no mês passado por canal?')).toBe(sql('how many users signed up last month by channel?'));
    expect(sql('quantos cadastros por plano nos últimos 30 dias')).toBe(sql('signups by plan in the last 30 days'));
    expect(sql('usuários ativos por dia na semana passada')).toBe(sql('active users by day last week'));
    expect(sql('número de sessões por dia nesta semana')).toBe(sql('number of sessions by day this week'));
    expect(sql('visitantes únicos por canal na semana passada')).toBe(sql('unique visitors by channel last week'));
    expect(sql('visualizações de página por página hoje')).toBe(sql('page views by page today'));
  });
  it('average order value, conversion, refund and cancellation rates', () => {
    expect(sql('me mostre o ticket medio por categoria este ano')).toBe(sql('average order value by category this year'));
    expect(sql('qual o ticket médio por dispositivo na semana passada?')).toBe(sql('average order value by device last week'));
    expect(sql('Qual foi a taxa de conversão por canal na semana passada?')).toBe(sql('conversion rate by channel last week'));
    expect(sql('qual foi o conversion rate por plano?')).toBe(sql('conversion rate by plan'));
    expect(sql('taxa de reembolso por categoria em maio')).toBe(sql('refund rate by category in may'));
    expect(sql('qual a taxa de cancelamento por país este ano?')).toBe(sql('cancellation rate by country this year'));
    expect(sql('receita média por cliente no Brasil')).toBe(sql('revenue per customer in Brazil'));
    expect(sql('receita por cliente por país')).toBe(sql('revenue per customer by country'));
  });
  it('refunded and cancelled orders', () => {
    expect(sql('Quantos pedidos foram reembolsados na semana passada?')).toBe(sql('how many orders were refunded last week?'));
    expect(sql('quantos pedidos foram cancelados ontem')).toBe(sql('how many orders were cancelled yesterday'));
    expect(sql('pedidos cancelados por dia nos últimos 14 dias')).toBe(sql('cancelled orders by day in the last 14 days'));
    expect(sql('quantos reembolsos tivemos em março?')).toBe(sql('how many refunds in march'));
  });
  it('rankings: "top N", "maior", "menor", "mais", "menos"', () => {
    expect(sql('Top 5 produtos por receita em março')).toBe(sql('top 5 products by revenue in march'));
    expect(sql('top 5 produtos mais vendidos do mês passado')).toBe(sql('top 5 products most sold last month'));
    expect(sql('qual país teve a maior receita este ano?')).toBe(sql('which country had the highest revenue this year?'));
    expect(sql('qual categoria teve a menor receita em abril?')).toBe(sql('which category had the lowest revenue in april?'));
    expect(sql('qual canal teve mais pedidos no mês passado?')).toBe(sql('which channel had the most orders last month?'));
    expect(sql('as 3 categorias com menos pedidos')).toBe(sql('the 3 categories with the fewest orders'));
    expect(sql('os 5 primeiros produtos por receita')).toBe(sql('the first 5 products by revenue'));
    expect(sql('quantos clientes compraram mais de 3 vezes?')).toBe(sql('how many customers bought more than 3 times?'));
  });
  it('periods: months, weekdays, dates and ranges', () => {
    expect(sql('receita de janeiro a março')).toBe(sql('revenue from january to march'));
    expect(sql('pedidos de segunda a sexta na semana passada')).toBe(sql('orders from monday to friday last week'));
    expect(sql('pedidos entre 1 e 15 de junho')).toBe(sql('orders between june 1 and june 15'));
    expect(sql('receita em 15 de maio de 2024')).toBe(sql('revenue on may 15 2024'));
    expect(sql('pedidos há 3 dias')).toBe(sql('orders 3 days ago'));
    expect(sql('pedidos aos sábados')).toBe(sql('orders on saturdays'));
    expect(sql('quantos pedidos às segundas-feiras no último trimestre?')).toBe(sql('how many orders on mondays in the last quarter'));
    expect(sql('receita por dia da semana no mês passado')).toBe(sql('revenue by day of week last month'));
    expect(sql('vendas por semana desde janeiro')).toBe(sql('revenue by week since january'));
    expect(sql('faturamento diário da semana passada')).toBe(sql('daily revenue of last week'));
    expect(sql('pedidos por canal em set')).toBe(sql('orders by channel in september'));
    expect(sql('receita em dez de 2024')).toBe(sql('revenue in december 2024'));
    expect(sql('receita no mesmo período do ano passado')).toBe(sql('revenue same period last year'));
    expect(sql('receita acumulada do ano')).toBe(sql('revenue year to date'));
    expect(sql('receita no quarto trimestre de 2024')).toBe(sql('revenue in Q4 2024'));
    expect(sql('pedidos no 2º semestre do ano passado')).toBe(sql('orders in the second half of last year'));
  });
  it('typed without accents', () => {
    expect(sql('qual foi a receita do brasil no mes passado')).toBe(sql('revenue of Brazil last month'));
    expect(sql('quantos usuarios se cadastraram esse ano por plano')).toBe(sql('how many users signed up this year by plan'));
    expect(sql('taxa de conversao por dispositivo hoje')).toBe(sql('conversion rate by device today'));
  });
  it('Portuguese mixed with English', () => {
    expect(sql('quantos orders ontem?')).toBe(sql('how many orders yesterday?'));
    expect(sql('qual o AOV do Brasil este mês?')).toBe(sql('AOV of Brazil this month'));
    expect(sql('receita by country last week')).toBe(sql('revenue by country last week'));
    expect(sql('orders cancelados ontem')).toBe(sql('cancelled orders yesterday'));
    expect(sql('qual foi o refund rate por categoria semana passada?')).toBe(sql('refund rate by category last week'));
    expect(sql('signups por plano nos últimos 30 dias')).toBe(sql('signups by plan in the last 30 days'));
    expect(sql('me mostra revenue by device last week')).toBe(sql('show me revenue by device last week'));
    expect(sql('quero ver o revenue por channel')).toBe(sql('revenue by channel'));
  });
});

describe('Portuguese threads: each turn planned as in English', () => {
  it('a breakdown, another one, a value, the month before', () => {
    sameThread(['receita por canal no mês passado', 'agora por país', 'só mobile', 'e no mês anterior?'],
      ['revenue by channel last month', 'now by country', 'only mobile', 'and in the month before?']);
  });
  it('cancelled orders, refunded ones, the SQL, a rate', () => {
    sameThread(['Quantos pedidos cancelados tivemos em abril?', 'e reembolsados?', 'mostra o SQL', 'e a taxa de reembolso por canal?'],
      ['how many cancelled orders in april?', 'and refunded?', 'show the SQL', 'and the refund rate by channel?']);
  });
  it('comparisons with last month', () => {
    sameThread(['pedidos por categoria este mês', 'compare com o mês passado'], ['orders by category this month', 'compare with last month']);
    sameThread(['receita por país este mês', 'comparado com o mês passado'], ['revenue by country this month', 'compared to last month']);
  });
  it('days and weeks, a country, a grain', () => {
    sameThread(['receita por canal ontem', 'e hoje?', 'e nos últimos 7 dias?', 'por dia'],
      ['revenue by channel yesterday', 'and today?', 'and in the last 7 days?', 'by day']);
    sameThread(['receita por dia na semana passada', 'agora por semana', 'e só no Brasil'],
      ['revenue by day last week', 'now by week', 'and only in Brazil']);
    sameThread(['receita ontem', 'e anteontem?', 'e semana passada?'], ['revenue yesterday', 'and the day before yesterday?', 'and last week?']);
  });
  it('values dropped and kept, another grouping, sorting', () => {
    sameThread(['pedidos por dispositivo na semana passada', 'sem mobile'], ['orders by device last week', 'without mobile']);
    sameThread(['usuários por plano', 'agora por canal em vez de plano'], ['users by plan', 'now by channel instead of plan']);
    sameThread(['receita por país este ano', 'só Brasil e Alemanha'], ['revenue by country this year', 'only BR and DE']);
    sameThread(['receita por país', 'ordena pela receita em ordem crescente'], ['revenue by country', 'sort by revenue ascending']);
    sameThread(['receita por categoria', 'só os 3 maiores'], ['revenue by category', 'only the top 3']);
    sameThread(['Usuários ativos por semana este ano', 'só no Japão', 'agora quebra por canal'],
      ['active users by week this year', 'only in Japan', 'now break it down by channel']);
    sameThread(['receita por mês este ano', 'abre por país'], ['revenue by month this year', 'split by country']);
  });
  it('the same for another period; a chart; the query', () => {
    sameThread(['receita por canal', 'o mesmo para a semana passada'], ['revenue by channel', 'the same for last week']);
    expect(thread('receita por canal', 'em gráfico de pizza')[1].state.query.chart).toBe('pie');
    expect(thread('receita por mês este ano', 'em gráfico de linhas, por favor')[1].state.query.chart).toBe('line');
    sameThread(['ticket médio por canal', 'me mostra a consulta'], ['average order value by channel', 'show me the query']);
  });
});

describe('what the data lacks, or the future, is still refused in Portuguese', () => {
  it('refused', () => {
    for (const q of ['qual o lucro por produto?', 'quantos funcionários temos?', 'receita de amanhã', 'previsão de vendas para o próximo mês',
      'qual a margem por categoria no mês passado?', 'quantos pedidos teremos na semana que vem?', 'qual o NPS por canal?']) {
      expect(refusal(q), q).not.toBe('answered');
    }
  });
});
