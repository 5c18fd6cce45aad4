// A partner's scorecard: key metrics over the months with their 95% intervals, every metric in
// a table, and for any number the contacts behind it (GET .../contacts, drill-down).

import { ApiError, enc, get, q } from '../api';
import { bandChart, chartBox } from '../charts';
import { h, message, replace, select } from '../dom';
import { chartNumber, count, month, timestamp, withInterval } from '../format';
import { kGroupNames, metricGroup, metricName, metricScale, metricWhat } from '../metrics';
import type { Page } from '../page';
import { navigate, setParams } from '../router';
import { isClient } from '../session';
import type { ContactsAnswer, MetricRow, Scorecard } from '../types';
import { errorBox, errorText, loading, pageHeader, section, staleNote } from '../ui';

// The charts at the top: the SLAs and the outcomes a vendor manager looks at first.
const kKeyMetrics = ['service_level', 'response_within', 'abandon_rate', 'fcr', 'repeat_rate', 'csat'];
const kGroupOrder = ['speed', 'outcome', 'voice', 'volume', 'quality'] as const;
const kPageSize = 25;
// Metrics whose drill-down lists survey responses rather than contacts.
const kSurveyMetrics = new Set(['csat', 'ces_share_5plus', 'nps', 'nps_detractors', 'nps_promoters']);

function rowText(r: MetricRow | undefined): string {
  if (!r) return '—';
  return withInterval(r.value, r.low, r.high, metricScale(r.metric, r.meaning));
}

// "373 of 656 contacts", "12 still pending": what the number is made of.
function composition(r: MetricRow): string {
  const scale = metricScale(r.metric, r.meaning);
  const parts: string[] = [];
  if (scale === 'rate' && r.denominator !== null) parts.push(`${count(r.numerator)} out of ${count(r.denominator)} counted`);
  else if (r.denominator !== null && scale !== 'count') parts.push(`over ${count(r.denominator)}`);
  if (r.pending) parts.push(`${count(r.pending)} not known yet (their window is still open)`);
  return parts.join('; ');
}

export const scorecardPage: Page = async (ctx) => {
  const { main, principal, route } = ctx;
  const client = isClient(principal);
  let partner = route.path[1] ?? (client ? '' : principal.partner ?? '');

  const header = pageHeader(
    'Scorecard',
    'Every metric by month, with its 95% interval: a difference inside the interval may be chance. ' +
      'Choose a number in the table to see how it is made and the contacts behind it.',
  );
  main.append(header);
  const body = h('div', {}, loading('the partners'));
  main.append(body);

  if (client) {
    let partners: string[];
    try {
      partners = (await get<{ partners: { name: string }[] }>('/api/v1/partners')).partners.map((p) => p.name);
    } catch (e) {
      replace(body, errorBox(e, 'the partners'));
      return;
    }
    if (!ctx.alive()) return;
    if (partners.length === 0) {
      replace(body, message('info', 'No partner has data yet.'));
      return;
    }
    if (!partners.includes(partner)) partner = partners[0];
    main.insertBefore(
      h('div', { class: 'controls' }, select('Partner', partners.map((p) => [p, p]), partner, (p) => navigate(['scorecard', p]))),
      body,
    );
  }
  replace(header.querySelector('h1') as HTMLElement, `Scorecard: ${partner}`);
  replace(body, loading(`the scorecard of ${partner}`));

  let card: Scorecard;
  try {
    card = await get<Scorecard>(`/api/v1/partners/${enc(partner)}/scorecard`);
  } catch (e) {
    replace(body, errorBox(e, `the scorecard of ${partner}`));
    return;
  }
  if (!ctx.alive()) return;
  const periods = card.periods.map((p) => p.period);
  const rows = new Map<string, Map<string, MetricRow>>(); // metric -> period -> row
  for (const p of card.periods) {
    for (const r of p.metrics) {
      if (!rows.has(r.metric)) rows.set(r.metric, new Map());
      rows.get(r.metric)!.set(p.period, r);
    }
  }
  if (periods.length === 0) {
    replace(body, message('info', `${partner} has no metrics yet.`));
    return;
  }

  // Key trends.
  const keyGrid = h('div', { class: 'grid-3' });
  const charts: [HTMLElement, string][] = [];
  for (const metric of kKeyMetrics) {
    const byPeriod = rows.get(metric);
    if (!byPeriod) continue;
    const box = chartBox('', 'chart chart-small');
    keyGrid.append(h('figure', { class: 'mini' }, h('figcaption', {}, metricName(metric)), box));
    charts.push([box, metric]);
  }

  // Detail of one number, and the contacts behind it.
  const detail = h('section', { class: 'card detail', 'aria-live': 'polite', id: 'metric-detail' });

  // The table: one row per metric, one column per month; every cell opens its detail.
  const groups = new Map<string, string[]>();
  for (const metric of [...rows.keys()].sort()) {
    const g = metricGroup(metric);
    if (g === 'technical') continue;
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(metric);
  }
  const tbl = h('table', { class: 'data scorecard-table' });
  tbl.append(
    h('caption', {}, `${partner}: every metric by month (value and 95% interval)`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Metric'), periods.map((p) => h('th', { scope: 'col', class: 'num' }, month(p))))),
  );
  for (const g of kGroupOrder) {
    const metrics = groups.get(g);
    if (!metrics) continue;
    const tb = h('tbody', {});
    tb.append(h('tr', { class: 'group-row' }, h('th', { scope: 'colgroup', colspan: String(periods.length + 1) }, kGroupNames[g])));
    for (const metric of metrics) {
      const byPeriod = rows.get(metric)!;
      tb.append(
        h(
          'tr',
          {},
          h('th', { scope: 'row', title: metricWhat(metric) }, metricName(metric)),
          periods.map((p) => {
            const r = byPeriod.get(p);
            const txt = rowText(r);
            return h(
              'td',
              { class: 'num', 'data-metric': metric, 'data-period': p },
              r
                ? h(
                    'button',
                    {
                      class: 'cell-button',
                      type: 'button',
                      'aria-label': `${metricName(metric)}, ${month(p)}: ${txt}. Show how it is made and the contacts behind it.`,
                      onclick: () => showDetail(metric, p),
                    },
                    txt,
                  )
                : '—',
            );
          }),
        ),
      );
    }
    tbl.append(tb);
  }
  const hasQuality = groups.has('quality');
  replace(
    body,
    staleNote(card),
    section('Key metrics over time, with 95% intervals', keyGrid),
    section(
      'All metrics',
      h('div', { class: 'table-scroll' }, tbl),
      hasQuality
        ? null
        : h(
            'p',
            { class: 'note' },
            'Data-quality rates (contacts without a customer id, demographics and consent captured) and the records set aside at load are on ',
            h('a', { href: '#/quality' }, 'Data quality'),
            '.',
          ),
    ),
    detail,
  );
  detail.hidden = true;

  for (const [box, metric] of charts) {
    const byPeriod = rows.get(metric)!;
    const scale = metricScale(metric, byPeriod.values().next().value?.meaning);
    const list = periods.map((p) => byPeriod.get(p));
    const texts = list.map(rowText);
    box.setAttribute('aria-label', `${metricName(metric)} by month with 95% interval: ${periods.map((p, i) => `${month(p)} ${texts[i]}`).join('; ')}`);
    bandChart(box, metricName(metric), scale, {
      periods,
      value: list.map((r) => chartNumber(r?.value, scale)),
      low: list.map((r) => chartNumber(r?.low, scale)),
      high: list.map((r) => chartNumber(r?.high, scale)),
    }, texts);
  }

  function showDetail(metric: string, period: string): void {
    setParams({ metric, period });
    const byPeriod = rows.get(metric)!;
    const r = byPeriod.get(period);
    if (!r) return;
    const scale = metricScale(metric, r.meaning);
    const chart = chartBox('', 'chart');
    const list = periods.map((p) => byPeriod.get(p));
    const texts = list.map(rowText);
    const heading = h('h2', { tabindex: '-1' }, `${metricName(metric)}, ${month(period)}`);
    const contacts = h('div', { class: 'contacts' });
    replace(
      detail,
      heading,
      h('p', { class: 'big-number' }, rowText(r)),
      h('p', {}, metricWhat(metric)),
      composition(r) ? h('p', {}, `Made of: ${composition(r)}.`) : null,
      r.meaning ? h('p', { class: 'note' }, `Better when ${r.meaning.better}; ${r.meaning.range}.`) : null,
      h('figure', { class: 'wide' }, chart),
      h('h3', {}, 'The contacts behind this number'),
      contacts,
    );
    detail.hidden = false;
    chart.setAttribute('aria-label', `${metricName(metric)} by month: ${periods.map((p, i) => `${month(p)} ${texts[i]}`).join('; ')}`);
    bandChart(chart, metricName(metric), scale, {
      periods,
      value: list.map((x) => chartNumber(x?.value, scale)),
      low: list.map((x) => chartNumber(x?.low, scale)),
      high: list.map((x) => chartNumber(x?.high, scale)),
    }, texts);
    heading.focus();
    void loadContacts(contacts, metric, period, 0);
  }

  async function loadContacts(slot: HTMLElement, metric: string, period: string, offset: number): Promise<void> {
    replace(slot, loading('the contacts'));
    let a: ContactsAnswer;
    try {
      a = await get<ContactsAnswer>(
        `/api/v1/partners/${enc(partner)}/contacts${q({ period, metric, limit: kPageSize, offset })}`,
      );
    } catch (e) {
      if (!ctx.alive()) return;
      // A metric that is not made of contacts (400), or no contact in the period (404): the
      // server's own message says which. Anything else is an error.
      if (e instanceof ApiError && (e.status === 400 || e.status === 404)) {
        replace(slot, message('info', `The contacts behind this number are not listed: the server answered ${e.status} (${e.message}).`));
      } else {
        replace(slot, message('error', errorText(e, 'the contacts behind this number')));
      }
      return;
    }
    if (!ctx.alive()) return;
    const from = a.total === 0 ? 0 : offset + 1;
    const to = offset + a.contacts.length;
    const prev = h('button', { type: 'button', disabled: offset === 0, onclick: () => loadContacts(slot, metric, period, Math.max(0, offset - kPageSize)) }, 'Previous');
    const next = h('button', { type: 'button', disabled: to >= a.total, onclick: () => loadContacts(slot, metric, period, offset + kPageSize) }, 'Next');
    const yes = (b: boolean) => (b ? 'yes' : 'no');
    const surveys = kSurveyMetrics.has(metric);
    const summary =
      metric === 'nps'
        ? `${count(a.total)} survey responses count for this number; promoters minus detractors: ${count(a.in_numerator)}.`
        : `${count(a.total)} ${surveys ? 'survey responses' : 'contacts'} count for this number; ${count(a.in_numerator)} of them in its numerator.`;
    replace(
      slot,
      h('p', {}, `${summary} Showing ${count(from)}–${count(to)}.`),
      h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'data' },
          h('caption', {}, `Contacts behind ${metricName(metric)} in ${month(period)}`),
          h('thead', {}, h('tr', {}, ['Contact', 'Arrived', 'Channel', 'Queue', 'In the denominator', 'In the numerator', 'Why'].map((c) => h('th', { scope: 'col' }, c)))),
          h(
            'tbody',
            {},
            a.contacts.map((c) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, c.contact_id),
                h('td', {}, timestamp(c.arrived_at)),
                h('td', {}, c.channel),
                h('td', {}, c.queue),
                h('td', {}, yes(c.counts_in_denominator)),
                h('td', {}, c.counts_against_numerator ? 'against it (detractor)' : yes(c.counts_in_numerator)),
                h('td', {}, c.why),
              ),
            ),
          ),
        ),
      ),
      h('div', { class: 'pager' }, prev, next),
    );
  }

  const m = route.params.get('metric');
  const p = route.params.get('period');
  if (m && p && rows.get(m)?.has(p)) showDetail(m, p);
};
