// Data quality: the records set aside at load (quarantine) with file, line, field, value and
// reason, and each partner's data-quality rates by month (GET .../quality): a partner user its
// own partner's, clients any partner's.

import { enc, get } from '../api';
import { chartBox, trendChart } from '../charts';
import { h, message, replace, select, table } from '../dom';
import { chartNumber, count, month, withInterval } from '../format';
import { metricBetter, metricName, metricScale, metricShortName, metricWhat } from '../metrics';
import type { Page } from '../page';
import { isClient } from '../session';
import type { MetricRow, QualityAnswer, QuarantineEntry } from '../types';
import { errorBox, fill, loading, pageHeader, section, staleNote } from '../ui';

const kPageSize = 25;

function quarantineView(entries: QuarantineEntry[], client: boolean): Node[] {
  if (entries.length === 0) {
    return [
      message(
        'ok',
        client
          ? 'No record has been set aside.'
          : 'No record of your uploads has been set aside. (Files loaded by the client’s own tools are not attributed to an uploader and are not shown here.)',
      ),
    ];
  }
  const byReason = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const e of entries) {
    byReason.set(e.reason, (byReason.get(e.reason) ?? 0) + 1);
    byFile.set(`${e.file} (${e.kind})`, (byFile.get(`${e.file} (${e.kind})`) ?? 0) + 1);
  }
  let reason = '';
  let needle = '';
  let offset = 0;
  const slot = h('div', {});
  const search = h('input', { id: 'q-search', type: 'search', placeholder: 'file, field, value…' });
  const render = () => {
    const lower = needle.toLowerCase();
    const shown = entries.filter(
      (e) =>
        (!reason || e.reason === reason) &&
        (!lower || [e.file, e.field, e.value, e.detail, e.kind].some((s) => s.toLowerCase().includes(lower))),
    );
    if (offset >= shown.length) offset = 0;
    const page = shown.slice(offset, offset + kPageSize);
    replace(
      slot,
      h('p', { role: 'status' }, `${count(shown.length)} records match; showing ${count(shown.length ? offset + 1 : 0)}–${count(offset + page.length)}.`),
      h(
        'div',
        { class: 'table-scroll' },
        table(
          'Records set aside',
          ['File', 'Line', 'Kind', 'Field', 'Value', 'Reason', 'Why'],
          page.map((e) => [e.file, count(e.line), e.kind, e.field, e.value, e.reason.replace(/_/g, ' '), e.detail]),
          { numeric: [1] },
        ),
      ),
      h(
        'div',
        { class: 'pager' },
        h('button', { type: 'button', disabled: offset === 0, onclick: () => { offset = Math.max(0, offset - kPageSize); render(); } }, 'Previous'),
        h('button', { type: 'button', disabled: offset + kPageSize >= shown.length, onclick: () => { offset += kPageSize; render(); } }, 'Next'),
      ),
    );
  };
  search.addEventListener('input', () => {
    needle = search.value;
    offset = 0;
    render();
  });
  render();
  return [
    h('p', {}, `${count(entries.length)} records were set aside at load; the rest of each file was loaded.`),
    h(
      'div',
      { class: 'grid-2' },
      table('By reason', ['Reason', 'Records'], [...byReason].sort((a, b) => b[1] - a[1]).map(([r, n]) => [r.replace(/_/g, ' '), count(n)]), { numeric: [1] }),
      table('By file', ['File', 'Records'], [...byFile].sort((a, b) => b[1] - a[1]).map(([f, n]) => [f, count(n)]), { numeric: [1] }),
    ),
    h(
      'div',
      { class: 'controls' },
      select('Reason', [['', 'every reason'], ...[...byReason.keys()].sort().map((r) => [r, r.replace(/_/g, ' ')] as [string, string])], '', (v) => {
        reason = v;
        offset = 0;
        render();
      }),
      h('span', { class: 'field' }, h('label', { for: 'q-search' }, 'Search'), search),
    ),
    slot,
  ];
}

function rateText(r: MetricRow | undefined): string {
  return r ? withInterval(r.value, r.low, r.high, metricScale(r.metric, r.meaning)) : '—';
}

// "24 of 1,143": what a rate is made of; "none reported" when nothing counts for it.
function madeOf(r: MetricRow): string {
  if (r.denominator === null) return '';
  return r.denominator === 0 ? 'none reported' : `${count(r.numerator)} of ${count(r.denominator)}`;
}

// One partner's data-quality rates (GET .../quality): their trend in a chart, each month's
// figure and what it is made of in a table, and what each rate means. Returns the function that
// shows a partner; each call supersedes the one before, so a slow answer for an earlier choice
// never replaces a later one.
function qualityRates(slot: HTMLElement, alive: () => boolean): (partner: string) => Promise<void> {
  let latest = 0;
  const chart = chartBox('', 'chart quality-chart'); // Reused: ECharts replaces its own chart.
  return async (partner) => {
    const call = ++latest;
    const what = `the data-quality rates of ${partner}`;
    replace(slot, loading(what));
    let a: QualityAnswer;
    try {
      a = await get<QualityAnswer>(`/api/v1/partners/${enc(partner)}/quality`);
    } catch (e) {
      if (alive() && call === latest) replace(slot, errorBox(e, what));
      return;
    }
    if (!alive() || call !== latest) return;
    const periods = a.periods.map((p) => p.period);
    if (periods.length === 0) {
      replace(slot, message('info', `${partner} has no contacts yet, so there is no rate to show.`));
      return;
    }
    const rows = new Map<string, Map<string, MetricRow>>(); // metric -> period -> row
    for (const p of a.periods) {
      for (const r of p.metrics) {
        if (!rows.has(r.metric)) rows.set(r.metric, new Map());
        rows.get(r.metric)!.set(p.period, r);
      }
    }
    const metrics = a.metrics.filter((m) => rows.has(m));
    const meaningOf = (m: string) => rows.get(m)!.values().next().value?.meaning ?? null;
    const tbl = h(
      'table',
      { class: 'data quality-rates' },
      h('caption', {}, `${partner}: data-quality rates by month (value, 95% interval, and what it is made of)`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Rate'), periods.map((p) => h('th', { scope: 'col', class: 'num' }, month(p))))),
      h(
        'tbody',
        {},
        metrics.map((m) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row', title: meaningOf(m)?.what ?? metricWhat(m) }, metricName(m)),
            periods.map((p) => {
              const r = rows.get(m)!.get(p);
              return h(
                'td',
                { class: 'num', 'data-metric': m, 'data-period': p },
                h('div', { class: 'rate' }, rateText(r)),
                r ? h('div', { class: 'note made-of' }, madeOf(r)) : null,
              );
            }),
          ),
        ),
      ),
    );
    const meanings = h(
      'dl',
      { class: 'facts' },
      metrics.flatMap((m) => {
        const meaning = meaningOf(m);
        const better = metricBetter(m, meaning) === 'higher' ? 'Higher is better.' : 'Lower is better.';
        return [h('dt', {}, metricName(m)), h('dd', {}, `${meaning?.what ?? metricWhat(m)} ${better}`)];
      }),
    );
    replace(
      slot,
      staleNote(a),
      h('figure', { class: 'wide' }, h('figcaption', {}, `${partner}: data-quality rates by month`), chart),
      h('div', { class: 'table-scroll' }, tbl),
      h('h3', {}, 'What the rates mean'),
      meanings,
    );
    const lines = metrics.map((m) => {
      const list = periods.map((p) => rows.get(m)!.get(p));
      return { name: metricShortName(m), data: list.map((r) => chartNumber(r?.value, 'rate')), texts: list.map(rateText) };
    });
    chart.setAttribute(
      'aria-label',
      `Data-quality rates of ${partner} by month: ${lines.map((l) => `${l.name}: ${periods.map((p, i) => `${month(p)} ${l.texts[i]}`).join(', ')}`).join('; ')}`,
    );
    trendChart(chart, periods, lines, 'rate');
  };
}

export const qualityPage: Page = async (ctx) => {
  const { main, principal } = ctx;
  const client = isClient(principal);
  main.append(
    pageHeader(
      'Data quality',
      'Every record that was not loaded stays visible with its reason, so a number is never quietly built on less data than was sent. ' +
        'The rates below say how complete the loaded records are.',
    ),
  );
  const qSlot = h('div', {}, loading('the quarantine'));
  // A client's rates wait for the list of partners: loading until then, so that the page does
  // not look ready with no partner to choose yet (a partner user's show() below says loading).
  const mSlot = h('div', {}, client ? loading('the partners') : []);
  const mControls = h('div', { class: 'controls', id: 'quality-partner' });
  main.append(
    section('Records set aside (quarantine)', qSlot),
    section(
      'Data-quality rates',
      h(
        'p',
        { class: 'note' },
        'How complete each month’s records are: contacts without a customer id (their repeats cannot be seen), and handled contacts whose customer’s demographics and consent were captured.',
      ),
      mControls,
      mSlot,
    ),
  );
  const quarantine = fill(qSlot, 'the quarantine', () => get<{ entries: QuarantineEntry[] }>('/api/v1/quarantine'), (a) =>
    quarantineView(a.entries, client),
  );
  const show = qualityRates(mSlot, ctx.alive);
  if (client) {
    try {
      const partners = (await get<{ partners: { name: string }[] }>('/api/v1/partners')).partners.map((p) => p.name);
      if (!ctx.alive()) return;
      if (partners.length) {
        replace(mControls, select('Partner', partners.map((p) => [p, p]), partners[0], (p) => void show(p)));
        void show(partners[0]);
      } else {
        replace(mSlot, message('info', 'No partner has data yet.'));
      }
    } catch (e) {
      replace(mSlot, errorBox(e, 'the partners'));
    }
  } else if (principal.partner) {
    void show(principal.partner);
  }
  await quarantine;
};
