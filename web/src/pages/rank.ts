// The stack rank (partners within statistical noise share a rank) and next month's volume
// allocation (Champion/Challenger) from the latest close.

import { enc, get, q } from '../api';
import { h, message, replace, select } from '../dom';
import { basisPoints, count, month, pValue, value } from '../format';
import { kRankMetrics, metricName } from '../metrics';
import type { Page } from '../page';
import { navigate } from '../router';
import type { CloseDocument, CloseList, Rank } from '../types';
import { fill, loading, pageHeader, section, staleNote } from '../ui';

function rankTable(r: Rank): Node[] {
  const ties = new Map<number, number>();
  for (const e of r.entries) ties.set(e.rank, (ties.get(e.rank) ?? 0) + 1);
  const note = staleNote(r);
  return [...(note ? [note] : []), h(
    'table',
    { class: 'data rank-table' },
    h('caption', {}, `${metricName(r.metric)}, ${month(r.period)} (${r.better} is better)`),
    h('thead', {}, h('tr', {}, ['Rank', 'Partner', 'Result', 'Contacts', 'Compared with the group’s leader'].map((c, i) => h('th', { scope: 'col', class: i === 2 || i === 3 ? 'num' : null }, c)))),
    h(
      'tbody',
      {},
      r.entries.map((e) =>
        h(
          'tr',
          { class: e.anonymous ? 'anon-row' : '' },
          h('td', {}, `${e.rank}${(ties.get(e.rank) ?? 0) > 1 ? ' (tied)' : ''}`),
          h('th', { scope: 'row', class: e.anonymous ? 'anon' : r.entries.some((x) => x.anonymous) ? 'own' : null }, e.partner),
          h('td', { class: 'num' }, value(e.value, 'rate')),
          h('td', { class: 'num' }, e.n !== undefined ? `${count(e.successes)} of ${count(e.n)}` : '—'),
          h(
            'td',
            {},
            e.tied_with
              ? `Not significantly different from ${e.tied_with} (${pValue(e.p_value)}): shares its rank`
              : (ties.get(e.rank) ?? 0) > 1
                ? 'Leads a group of partners within noise of each other'
                : e.rank === 1
                  ? 'Significantly ahead of the partners ranked below'
                  : 'Significantly behind the partners ranked above',
          ),
        ),
      ),
    ),
  )];
}

export const rankPage: Page = async (ctx) => {
  const { main, route } = ctx;
  main.append(
    pageHeader(
      'Stack rank and next month’s volume',
      'Partners whose difference could be chance (not significant at the 5% level) share a rank, so nobody is ranked on noise.',
    ),
  );
  const metric = kRankMetrics.includes(route.params.get('metric') ?? '') ? route.params.get('metric')! : 'fcr';
  const period = route.params.get('period') ?? '';
  const controls = h('div', { class: 'controls' });
  const rankSlot = h('div', {}, loading('the rank'));
  const allocSlot = h('div', {}, loading('the allocation'));
  main.append(controls, section('Stack rank with ties', rankSlot), section('Allocation proposal (Champion/Challenger)', allocSlot));

  const rank = await fill(rankSlot, 'the rank', () => get<Rank>(`/api/v1/rank${q({ metric, period })}`), rankTable);
  if (!ctx.alive()) return;
  let closes: string[] = [];
  try {
    closes = (await get<CloseList>('/api/v1/closes')).closes.map((c) => c.period).sort();
  } catch {
    closes = [];
  }
  const periods = [...new Set([...closes, ...(rank ? [rank.period] : [])])].sort().reverse();
  replace(
    controls,
    select('Metric', kRankMetrics.map((m) => [m, metricName(m)]), metric, (m) => navigate(['rank'], { metric: m, period: rank?.period ?? period })),
    periods.length
      ? select('Month', periods.map((p) => [p, month(p)]), rank?.period ?? period, (p) => navigate(['rank'], { metric, period: p }))
      : null,
  );

  // The allocation decided by the close of the ranked month (or the latest close).
  const closeOf = closes.includes(rank?.period ?? '') ? rank!.period : closes[closes.length - 1];
  if (!closeOf) {
    replace(allocSlot, message('info', 'No month has been closed yet, so there is no allocation proposal.'));
    return;
  }
  await fill(allocSlot, 'the allocation', () => get<CloseDocument>(`/api/v1/closes/${enc(closeOf)}`), (doc) => {
    const a = doc.allocation;
    if (!a || a.queues.length === 0) return message('info', `The close of ${month(closeOf)} has no allocation.`);
    return [
      h('p', {}, `Decided on ${month(closeOf)}’s results, for ${month(a.for_period)}: each queue’s fixed shares, plus a pool that goes to the partner whose outcome is significantly better.`),
      ...a.queues.map((queue) =>
        h(
          'div',
          { class: 'queue' },
          h('h3', {}, `Queue ${queue.queue}`),
          h(
            'table',
            { class: 'data compact' },
            h('caption', {}, `Shares of ${queue.queue} in ${month(a.for_period)}`),
            h('thead', {}, h('tr', {}, ['Partner', 'Fixed share', 'From the pool', 'Share', ''].map((c, i) => h('th', { scope: 'col', class: i >= 1 && i <= 3 ? 'num' : null }, c)))),
            h(
              'tbody',
              {},
              queue.shares.map((s) => {
                const bar = h('span', { class: 'share-bar' });
                bar.style.width = `${Math.max(0, Math.min(100, s.share_bp / 100))}%`; // CSSOM: allowed by the CSP.
                return h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, s.partner),
                  h('td', { class: 'num' }, basisPoints(s.fixed_bp)),
                  h('td', { class: 'num' }, basisPoints(s.pool_bp)),
                  h('td', { class: 'num' }, h('strong', {}, basisPoints(s.share_bp))),
                  h('td', { class: 'bar-cell', 'aria-hidden': 'true' }, h('span', { class: 'share-track' }, bar)),
                );
              }),
            ),
          ),
          h('p', { class: 'note' }, queue.summary),
        ),
      ),
    ];
  });
};
