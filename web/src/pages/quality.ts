// Data quality: the records set aside at load (quarantine) with file, line, field, value and
// reason, and the data-quality metrics of the scorecard when it has them.

import { enc, get } from '../api';
import { h, message, replace, select, table } from '../dom';
import { count, month, withInterval } from '../format';
import { metricGroup, metricName, metricScale, metricWhat } from '../metrics';
import type { Page } from '../page';
import { isClient } from '../session';
import type { QuarantineEntry, Scorecard } from '../types';
import { fill, loading, pageHeader, section } from '../ui';

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

async function qualityMetrics(slot: HTMLElement, partner: string): Promise<void> {
  await fill(slot, `the scorecard of ${partner}`, () => get<Scorecard>(`/api/v1/partners/${enc(partner)}/scorecard`), (card) => {
    const periods = card.periods.map((p) => p.period);
    const metrics = new Set<string>();
    for (const p of card.periods) for (const r of p.metrics) if (metricGroup(r.metric) === 'quality') metrics.add(r.metric);
    if (metrics.size === 0) {
      return message('info', `The portal’s scorecard of ${partner} has no data-quality metrics (such as contacts without a customer id) in its metric set.`);
    }
    return table(
      `Data-quality metrics of ${partner}`,
      ['Metric', ...periods.map(month)],
      [...metrics].sort().map((m) => [
        h('span', { title: metricWhat(m) }, metricName(m)),
        ...card.periods.map((p) => {
          const r = p.metrics.find((x) => x.metric === m);
          return r ? withInterval(r.value, r.low, r.high, metricScale(m, r.meaning)) : '—';
        }),
      ]),
      { numeric: periods.map((_, i) => i + 1) },
    );
  });
}

export const qualityPage: Page = async (ctx) => {
  const { main, principal } = ctx;
  const client = isClient(principal);
  main.append(
    pageHeader(
      'Data quality',
      'Every record that was not loaded stays visible with its reason, so a number is never quietly built on less data than was sent.',
    ),
  );
  const qSlot = h('div', {}, loading('the quarantine'));
  const mSlot = h('div', {});
  const mControls = h('div', { class: 'controls' });
  main.append(section('Records set aside (quarantine)', qSlot), section('Data-quality metrics', mControls, mSlot));
  const quarantine = fill(qSlot, 'the quarantine', () => get<{ entries: QuarantineEntry[] }>('/api/v1/quarantine'), (a) =>
    quarantineView(a.entries, client),
  );
  if (client) {
    try {
      const partners = (await get<{ partners: { name: string }[] }>('/api/v1/partners')).partners.map((p) => p.name);
      if (!ctx.alive()) return;
      if (partners.length) {
        replace(mControls, select('Partner', partners.map((p) => [p, p]), partners[0], (p) => void qualityMetrics(mSlot, p)));
        void qualityMetrics(mSlot, partners[0]);
      }
    } catch (e) {
      replace(mSlot, message('error', String(e)));
    }
  } else if (principal.partner) {
    void qualityMetrics(mSlot, principal.partner);
  }
  await quarantine;
};
