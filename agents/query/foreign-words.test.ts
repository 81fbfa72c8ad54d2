/**
 * Everyday Spanish, Italian (and the other glossary languages) mixed into English questions: `inEnglish` on its own,
 * and whole questions through the agent, planned as the English question is.
 */
import { describe, expect, it } from 'vitest';
import { inEnglish } from './foreign-words.ts';
import { DEMO_MODEL_PATH, loadSemanticModel } from './index.ts';
import { vocabularyOf } from './parse/state.ts';
import { flat, sql, thread } from '../../test/support/plan-kit.ts';

const vocab = [vocabularyOf(loadSemanticModel(DEMO_MODEL_PATH)).vocab];
const en = (q: string): string => inEnglish(q, vocab);

describe('inEnglish: Spanish', () => {
  it('function words, question words, courtesy and calendar words', () => {
    expect(en('cuántos pedidos hubo ayer?')).toBe('how many orders were there yesterday?');
    expect(en('¿cuántos pedidos hubo ayer?')).toBe('how many orders were there yesterday?');
    expect(en('ventas por país el mes pasado, gracias')).toBe('revenue by country last month, thanks');
    expect(en('top 5 productos por revenue en mobile, últimos 30 días')).toBe('top 5 products by revenue in mobile, last 30 days');
    expect(en('hola! ventas de esta semana, porfa')).toBe('hello! revenue of this week, please');
    expect(en('muéstrame el SQL')).toBe('show me the SQL');
    expect(en('en gráfico de líneas porfa')).toBe('in line chart please');
    expect(en('me podrías mostrar los pedidos por canal de este mes?')).toBe('could you show me the orders by channel of this month?');
  });
  it('the same words typed without their accents', () => {
    expect(en('cuantos pedidos por pais, ultimos 7 dias')).toBe('how many orders by country, last 7 days');
    expect(en('muestrame un grafico de barras')).toBe('show me a bar chart');
  });
  it('a range of days or months, "hace N días", and a status or "medio" said after its noun', () => {
    expect(en('revenue de cada día de la semana pasada (lunes a domingo)')).toBe('revenue of each day of last week (monday to sunday)');
    expect(en('ventas de enero a marzo')).toBe('revenue from january to march');
    expect(en('pedidos de hace 3 días')).toBe('orders of 3 days ago');
    expect(en('pedidos cancelados por día')).toBe('cancelled orders by day');
    expect(en('ingreso promedio por cliente')).toBe('average revenue per customer');
    expect(en('solo los reembolsados')).toBe('only the refunded');
  });
});

describe('inEnglish: Italian', () => {
  it('function words, question words, courtesy and calendar words', () => {
    expect(en('quanti ordini ci sono stati ieri?')).toBe('how many orders were there yesterday?');
    expect(en('ora per mese invece che per categoria')).toBe('now by month instead of by category');
    expect(en('i 5 prodotti apparel con più revenue di sempre, per favore')).toBe('the 5 products apparel with most revenue of all time, please');
    expect(en('revenue mensile della categoria beauty da inizio anno')).toBe('revenue monthly of the category beauty year to date');
    expect(en('fammi vedere la query SQL')).toBe('show me the query SQL');
    expect(en('grafico a barre')).toBe('bar chart');
    expect(en('vorrei sapere quanti ordini abbiamo avuto oggi')).toBe("i'd like to know how many orders we had today");
    expect(en('ordini per dispositivo, solo quelli rimborsati')).toBe('orders by device, only the refunded ones');
  });
  it('elided articles and prepositions ("quest\'anno", "dell\'ultimo mese", "l\'anno scorso")', () => {
    expect(en("revenue per categoria quest'anno")).toBe('revenue by category this year');
    expect(en("fatturato dell'ultimo mese per canale")).toBe('revenue of the last month by channel');
    expect(en("fatturato per paese, l'anno scorso")).toBe('revenue by country, last year');
    expect(en('fatturato per paese, l’anno scorso')).toBe('revenue by country, last year');
  });
  it('"per" before an article is "for"; ranges, "a maggio", "N giorni fa"; "medio" said after its noun', () => {
    expect(en("stessa cosa ma per l'anno scorso")).toBe('the same but for the last year');
    expect(en('fatturato da gennaio a marzo')).toBe('revenue from january to march');
    expect(en('ordini per canale a maggio')).toBe('orders by channel in may');
    expect(en('ordini di 3 giorni fa')).toBe('orders of 3 days ago');
    expect(en('qual è il fatturato medio per ordine?')).toBe('what is the average revenue per order?');
  });
});

describe('inEnglish: a word is read in the language the question is in', () => {
  it('"en", "de", "mas" read by the language of the question\'s own words', () => {
    expect(en('alleen mobile en tablet')).toBe('only mobile and tablet');
    expect(en('ventas en mobile')).toBe('revenue in mobile');
    expect(en('omzet van de vorige maand')).toBe('revenue of the last month');
    expect(en('ventas de mayo')).toBe('revenue of may');
    expect(en('ventas por canal, mas o menos')).toBe('revenue by channel, most or least');
    expect(en('quantos pedidos ontem, mas só no mobile?')).toBe('how many orders yesterday, but only in the mobile?');
  });
  it('German articles are read only in a German question', () => {
    expect(en('Anzahl der orders nach device')).toBe('number of the orders by device');
    expect(en('alleen die mobile')).toBe('only die mobile');
    expect(en('nur die mobile')).toBe('only the mobile');
  });
  it('plain English, with "per", "solo", "la", "e", "ora", "de", "en", "con" of its own, stays as it is', () => {
    for (const q of ['revenue per country', 'solo founders revenue', 'orders by device e.g. mobile', 'orders by device, i.e. mobile vs desktop',
      'revenue in LA and NY', 'how many orders did la maison place', 'revenue by channel ora', 'orders by country de', 'orders by device en route',
      'revenue by device, pros and con', 'i need the revenue by device last month', 'orders per customer', 'revenue for DE last month', 'media revenue',
      'orders from mobile a day ago', 'is there a solo plan']) expect(en(q)).toBe(q);
  });
  it('"solo" alone is "only" before a value of the model ("solo mobile", "solo DE", "solo social media")', () => {
    expect(en('solo mobile')).toBe('only mobile');
    expect(en('solo DE')).toBe('only DE');
    expect(en('solo social media, please')).toBe('only social media, please');
  });
  it('a borrowed greeting is read, but says nothing of the language ("ciao, i need …")', () => {
    expect(en('ciao, i need revenue per country')).toBe('hi, i need revenue per country');
    expect(en('gracias! solo founders revenue')).toBe('thanks! solo founders revenue');
  });
  it('the model\'s own words stay: a code ("DE"), a value with a word beside it ("social media")', () => {
    expect(en('ventas de DE')).toBe('revenue of DE');
    expect(en('ventas por canal, solo social media')).toBe('revenue by channel, only social media');
  });
});

describe('Spanish and Italian words mixed into English: planned as the English question', () => {
  it('Spanish questions', () => {
    expect(sql('cuántos pedidos hubo ayer?')).toBe(sql('how many orders were there yesterday?'));
    expect(sql('ventas por país el mes pasado, gracias')).toBe(sql('revenue by country last month, thanks'));
    expect(sql('top 5 productos por revenue en mobile, últimos 30 días')).toContain("o.device = 'mobile'");
    expect(sql('revenue de cada día de la semana pasada (lunes a domingo)')).toBe(sql('revenue of each day of last week'));
    expect(sql('ventas por canal en lo que va del año')).toBe(sql('revenue by channel year to date'));
    expect(sql('unidades vendidas por categoría el año pasado')).toBe(sql('units sold by category last year'));
    expect(sql('tasa de reembolso por categoría')).toMatch(/^SELECT category, countIf\(status = 'refunded'\) \/ count\(\) AS refund_rate/);
  });
  it('Spanish follow-ups', () => {
    const [, p] = thread('revenue by country last month', 'solo mobile');
    expect(flat(p)).toContain("device = 'mobile'");
    const [, q] = thread('orders by category this month', 'ahora por semana, y solo los refunded');
    expect(flat(q)).toMatch(/^SELECT toStartOfWeek\(order_time, 1\) AS week, count\(\) AS orders .*status = 'refunded'/);
    const [, r] = thread('revenue by month this year', 'en gráfico de líneas porfa');
    expect(r.state.query.chart).toBe('line');
  });
  it('Italian questions', () => {
    expect(sql('quanti ordini ci sono stati ieri?')).toBe(sql('how many orders were there yesterday?'));
    expect(sql("revenue per categoria quest'anno")).toBe(sql('revenue by category this year'));
    expect(sql('i 5 prodotti apparel con più revenue di sempre, per favore')).toMatch(/o\.category = 'apparel' GROUP BY product ORDER BY total_revenue DESC LIMIT 5$/);
    expect(sql('revenue mensile della categoria beauty da inizio anno')).toBe(sql('monthly revenue of the beauty category year to date'));
    expect(sql('fatturato giornaliero degli ultimi 30 giorni')).toBe(sql('daily revenue of the last 30 days'));
    expect(sql('qual è il fatturato medio per ordine?')).toContain('sum(revenue) / count() AS aov');
  });
  it('Italian follow-ups', () => {
    const [, p] = thread('revenue by channel last month', 'solo canale social');
    expect(flat(p)).toContain("channel = 'social'");
    const [, q] = thread('revenue by category this year', 'ora per mese invece che per categoria');
    expect(flat(q)).toMatch(/^SELECT toStartOfMonth\(order_time\) AS month, sum\(revenue\)/);
    expect(flat(q)).not.toContain('category');
    const [, r] = thread('revenue by category this year', 'grafico a barre');
    expect(r.state.query.chart).toBe('bar');
    const [, s] = thread('revenue by category this year', 'solo electronics e home, grazie');
    expect(flat(s)).toContain("category IN ('electronics', 'home')");
  });
  it('plain English with "solo" or "per" is read as before', () => {
    expect(sql('revenue per country')).toMatch(/^SELECT country, sum\(revenue\)/);
    expect(sql('orders per customer')).toContain('avg(orders) AS avg_orders_per_customer');
  });
});
