/**
 * Everyday Spanish, Italian, French, Polish (and the other glossary languages) mixed into English questions:
 * `inEnglish` on its own, and whole questions through the agent, planned as the English question is.
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

describe('inEnglish: French', () => {
  it('function words, question words, courtesy, calendar and business words', () => {
    expect(en('combien de commandes en France le mois dernier?')).toBe('how many orders in France last month?');
    expect(en("quel était le chiffre d'affaires pour la catégorie beauty la semaine dernière? merci"))
      .toBe('what was the revenue for the category beauty last week? thanks');
    expect(en('top 5 produits de la catégorie home par revenue, depuis le début')).toBe('top 5 products of the category home by revenue, all time');
    expect(en("panier moyen par catégorie cette année s'il vous plaît")).toBe('average order value by category this year please');
    expect(en("bonjour! montre-moi le chiffre d'affaires par canal ce mois-ci stp")).toBe('hello! show me the revenue by channel this month please');
    expect(en('taux de remboursement par canal, toutes périodes confondues')).toBe('refund rate by channel, all time');
    expect(en("quelle catégorie a eu le plus de commandes l'année dernière?")).toBe('which category had the most orders last year?');
  });
  it('elisions ("d\'inscriptions", "l\'an dernier", "c\'est quoi", "aujourd\'hui")', () => {
    expect(en("c'est quoi le taux de remboursement pour apparel? juste un chiffre")).toBe('what is the refund rate for apparel? just one number');
    expect(en("combien d'utilisateurs se sont inscrits la semaine dernière?")).toBe('how many users signed up last week?');
    expect(en("combien d’inscriptions par canal aujourd'hui")).toBe('how many signups by channel today');
    expect(en("taux d'annulation par pays depuis le début de l'année")).toBe('cancellation rate by country year to date');
    expect(en("ventes de l'an dernier")).toBe('revenue of last year');
  });
  it('an adjective after its noun, "des", "les N derniers jours", "il y a N jours", ranges', () => {
    expect(en('combien de commandes annulées hier?')).toBe('how many cancelled orders yesterday?');
    expect(en("chiffre d'affaires quotidien de la semaine dernière")).toBe('daily revenue of last week');
    expect(en("chiffre d'affaires moyen par commande")).toBe('average revenue per order');
    expect(en("le chiffre d'affaires des commandes remboursées")).toBe('the revenue of the refunded orders');
    expect(en("chiffre d'affaires par pays les 30 derniers jours")).toBe('revenue by country the last 30 days');
    expect(en('commandes il y a 3 jours')).toBe('orders 3 days ago');
    expect(en('commandes par jour de janvier à mars')).toBe('orders per day from january to march');
    expect(en('commandes par jour du 1er au 15 mai')).toBe('orders per day from 1st to 15 may');
  });
  it('"ici", "c\'est encore X"; "que" is "only" opening a clause; a follow-up of ambiguous words', () => {
    expect(en('Claire ici, combien de commandes avant-hier?')).toBe('Claire here, how many orders the day before yesterday?');
    expect(en("c'est encore Claire: ventes par canal")).toBe("it's Claire again: revenue by channel");
    expect(en('que mobile')).toBe('only mobile');
    expect(en('et que pour la France')).toBe('and only for the France');
    expect(en('combien de commandes plus que hier')).toBe('how many orders more than yesterday');
    expect(en('et en mai?')).toBe('and in may?');
  });
  it('an ambiguous word in capitals is a name ("EST", "LA")', () => {
    expect(en('commandes par heure en EST')).toBe('orders per hour in EST');
    expect(en('combien de commandes à LA')).toBe('how many orders to LA');
  });
});

describe('inEnglish: Polish', () => {
  it('question, courtesy and calendar words, and the cases of the nouns', () => {
    expect(en('ile zamówień w zeszłym miesiącu?')).toBe('how many orders in last month?');
    expect(en('przychód by country w tym roku')).toBe('revenue by country in this year');
    expect(en('liczba sesji per device wczoraj')).toBe('number of sessions per device yesterday');
    expect(en('który kraj had the highest refund rate in the last 90 days? tylko jeden'))
      .toBe('which country had the highest refund rate in the last 90 days? just one');
    expect(en('teraz daily active users last week, dzień po dniu')).toBe('now daily active users last week, day by day');
    expect(en('ile nowych użytkowników w maju? dzięki')).toBe('how many new users in may? thanks');
    expect(en('średni przychód na zamówienie w kwietniu')).toBe('average revenue per order in april');
    expect(en('przychód w podziale na kanały od początku roku proszę')).toBe('revenue broken down by channels year to date please');
  });
  it('the words typed without their accents ("zamowien", "zeszlym")', () => {
    expect(en('ile zamowien w zeszlym miesiacu?')).toBe('how many orders in last month?');
    expect(en('przychod per kraj, dzieki')).toBe('revenue per country, thanks');
  });
  it('"po krajach", "30 ostatnich dni", "od … do …", a participle after its noun', () => {
    expect(en('przychód po krajach w tym miesiącu')).toBe('revenue by countries in this month');
    expect(en('ile zamówień w 30 ostatnich dniach?')).toBe('how many orders in last 30 days?');
    expect(en('przychód od stycznia do marca')).toBe('revenue from january to march');
    expect(en('ile zamówień anulowanych w zeszłym miesiącu?')).toBe('how many cancelled orders in last month?');
  });
  it('"i" is "and" between two words, never the English "i"; "a", "do", "we", "w" only where Polish says them', () => {
    expect(en('przychód i zamówienia per kraj')).toBe('revenue and orders per country');
    expect(en('przychód per kraj i want it daily')).toBe('revenue per country i want it daily');
    expect(en('ile zamówień wczoraj? i want it by device')).toBe('how many orders yesterday? i want it by device');
    expect(en('ile zamówień do we have w tym roku')).toBe('how many orders do we have in this year');
    expect(en('we need przychód per kraj')).toBe('we need revenue per country');
    expect(en('przychód w/ refunds w tym roku')).toBe('revenue w/ refunds in this year');
    expect(en('a w maju?')).toBe('and in may?');
    expect(en('a teraz per device')).toBe('and now per device');
  });
});

describe('plain English with French or Polish words of its own stays as it is', () => {
  it('"i", "on", "par", "pays", "de", "en", "po", "la", "le", "we", "do", "w/" said in English, names and values', () => {
    for (const q of ['i want revenue by country', 'revenue on mobile', 'orders per day in LA', 'revenue by country, i think',
      'orders from le creuset customers', 'revenue for PO numbers', 'how many orders de la maison', 'revenue en route to FR',
      'revenue par for the course', 'what pays the most: mobile or desktop', 'orders in la and sf', 'revenue w/ refunds by country',
      'orders w/o refunds', 'a breakdown of revenue by country', 'do we have orders from DE?', 'we need orders by channel',
      'revenue last week, Marek here', 'orders on the encore page', 'top clients by revenue', 'export to tableau: revenue by country',
      'revenue per client', 'orders by co', 'show me orders, i want them by day', 'z-score of revenue by day', 'orders in mars',
      'revenue 2 days ago', 'so i was wondering about revenue in may']) expect(en(q)).toBe(q);
  });
  it('"merci" is borrowed: read, but says nothing of the language', () => {
    expect(en('merci! orders per day in LA')).toBe('thanks! orders per day in LA');
  });
});

describe('French and Polish words mixed into English: planned as the English question', () => {
  it('French questions', () => {
    expect(sql('combien de commandes en France le mois dernier?')).toBe(sql('how many orders in France last month?'));
    expect(sql("quel était le chiffre d'affaires pour la catégorie beauty la semaine dernière? merci"))
      .toBe(sql('what was the revenue for the beauty category last week? thanks'));
    expect(sql('top 5 produits de la catégorie home par revenue, depuis le début')).toBe(sql('top 5 products of the home category by revenue, all time'));
    expect(sql("panier moyen par catégorie cette année s'il vous plaît")).toBe(sql('average order value by category this year please'));
    expect(sql("c'est quoi le taux de remboursement pour apparel? juste un chiffre")).toBe(sql('what is the refund rate for apparel? just one number'));
    expect(sql("combien d'utilisateurs se sont inscrits la semaine dernière?")).toBe(sql('how many users signed up last week?'));
    expect(sql('combien de commandes par jour en moyenne la semaine dernière?')).toBe(sql('how many orders per day on average last week?'));
    expect(sql("le chiffre d'affaires des 7 derniers jours par jour")).toBe(sql('revenue of the last 7 days by day'));
    expect(sql('quels produits ont le plus de remboursements?')).toBe(sql('which products have the most refunds?'));
    expect(sql('taux de remboursement par catégorie sur les 90 derniers jours')).toBe(sql('refund rate by category over the last 90 days'));
    expect(sql("chiffre d'affaires par jour du lundi au vendredi la semaine dernière")).toBe(sql('revenue per day from monday to friday last week'));
  });
  it('Polish questions', () => {
    expect(sql('ile zamówień w zeszłym miesiącu?')).toBe(sql('how many orders last month?'));
    expect(sql('przychód by country w tym roku')).toBe(sql('revenue by country this year'));
    expect(sql('liczba sesji per device wczoraj')).toBe(sql('number of sessions per device yesterday'));
    expect(sql('który kraj had the highest refund rate in the last 90 days? tylko jeden'))
      .toBe(sql('which country had the highest refund rate in the last 90 days? just one'));
    expect(sql('ile nowych użytkowników w maju? dzięki')).toBe(sql('how many new users in may? thanks'));
    expect(sql('jakie kategorie miały najwyższy przychód w tym roku?')).toBe(sql('which categories had the highest revenue this year?'));
    expect(sql('sesje po urządzeniach wczoraj')).toBe(sql('sessions by device yesterday'));
    expect(sql('ile zwrotów było w kategorii beauty w zeszłym kwartale?')).toBe(sql('how many refunds in the beauty category last quarter?'));
    expect(sql('przychód bez zwrotów w zeszłym roku')).toBe(sql('revenue excluding refunds last year'));
    expect(sql('ile zamówień od poniedziałku do piątku w zeszłym tygodniu')).toBe(sql('how many orders from monday to friday last week'));
  });
  it('follow-ups', () => {
    const planned = (first: string, next: string): string => flat(thread(first, next)[1]);
    expect(planned('revenue by country last month', 'teraz daily active users last week, dzień po dniu'))
      .toBe(planned('revenue by country last month', 'now daily active users last week, day by day'));
    expect(planned('revenue by country last month', 'a w maju?')).toBe(planned('revenue by country last month', 'and in may?'));
    expect(planned('revenue by country last month', 'tylko mobile')).toContain("device = 'mobile'");
    expect(planned('revenue by country last month', 'que mobile')).toContain("device = 'mobile'");
    expect(planned('revenue by country last month', 'et en mai?')).toBe(planned('revenue by country last month', 'and in may?'));
    expect(planned('orders by category this month', 'maintenant par semaine')).toBe(planned('orders by category this month', 'now by week'));
    expect(planned('revenue by country last month', "c'est encore Claire, et par appareil?"))
      .toBe(planned('revenue by country last month', 'and by device?'));
    expect(planned('orders by channel last week', 'et que pour la France')).toContain("country = 'FR'");
    expect(thread('revenue by month this year', 'wykres słupkowy proszę')[1].state.query.chart).toBe('bar');
    expect(thread('revenue by month this year', 'en graphique en barres stp')[1].state.query.chart).toBe('bar');
  });
});
