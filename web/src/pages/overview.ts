// Overview of every partner: the watermelon quadrant (a speed SLA against an outcome, one dot
// per partner) and the monthly trends. A partner user sees the others only as the API labels
// them ("Partner A", ...), without intervals.

import { enc, get, q } from '../api';
import { bandChart, chartBox, quadrant, trendChart } from '../charts';
import { h, replace, select, table } from '../dom';
import { chartNumber, month, withInterval } from '../format';
import { metricBetter, metricName, metricScale, metricShortName, metricWhat } from '../metrics';
import type { Page } from '../page';
import { setParams } from '../router';
import { isClient } from '../session';
import type { Overview, PointMetric } from '../types';
import { errorBox, loading, pageHeader, periodOptions, section, staleNote } from '../ui';

function cell(m: PointMetric | undefined, metric: string): string {
  if (!m) return '—';
  return withInterval(m.value, m.low ?? null, m.high ?? null, metricScale(metric));
}

export const overviewPage: Page = async (ctx) => {
  const { main, principal, route } = ctx;
  const client = isClient(principal);
  main.append(
    pageHeader(
      'Overview: speed beside outcomes',
      'Each dot is a partner. The classic SLAs measure speed; the outcomes measure what happened to the customer. ' +
        'A partner in the shaded corner meets its speed SLA while its customers fare worse: green outside, red inside — the watermelon.',
    ),
  );
  if (!client) {
    main.append(
      h(
        'p',
        { class: 'note' },
        'Other partners are shown without their names, as "Partner A", "Partner B", … in the order of this month’s results. ' +
          'A label belongs to one month: the same letter may be another partner in another month.',
      ),
    );
  }
  const body = h('div', {}, loading('the overview'));
  main.append(body);

  let overview: Overview;
  try {
    overview = await get<Overview>(`/api/v1/overview${q({ period: route.params.get('period') })}`);
  } catch (e) {
    replace(body, errorBox(e, 'the overview'));
    return;
  }
  if (!ctx.alive()) return;
  const periods = [...new Set([...overview.trends.map((t) => t.period), overview.period])].sort();
  let x = route.params.get('x') ?? overview.sla_metrics[0];
  let y = route.params.get('y') ?? overview.outcome_metrics[0];
  if (!overview.sla_metrics.includes(x)) x = overview.sla_metrics[0];
  if (!overview.outcome_metrics.includes(y)) y = overview.outcome_metrics[0];

  const controls = h(
    'div',
    { class: 'controls' },
    select('Month', periodOptions(periods), overview.period, (p) => {
      location.hash = `#/overview${q({ period: p, x, y })}`;
    }),
    select('Speed (x axis)', overview.sla_metrics.map((m) => [m, metricName(m)]), x, (v) => {
      x = v;
      setParams({ x });
      draw();
    }),
    select('Outcome (y axis)', overview.outcome_metrics.map((m) => [m, metricName(m)]), y, (v) => {
      y = v;
      setParams({ y });
      draw();
    }),
  );
  const quad = chartBox('');
  const quadNote = h('p', { class: 'chart-note' });
  const trendsX = chartBox('');
  const trendsY = chartBox('');
  const metrics = [...overview.sla_metrics, ...overview.outcome_metrics];
  const partnerTable = table(
    `Partners in ${month(overview.period)}, best ${metricShortName(overview.ordered_by)} first`,
    ['Partner', ...metrics.map(metricName)],
    overview.partners.map((p) => [
      h('span', { class: p.anonymous ? 'anon' : client ? 'partner-name' : 'partner-name own' }, p.partner),
      ...metrics.map((m) => cell(p.metrics[m], m)),
    ]),
    { numeric: metrics.map((_, i) => i + 1) },
  );
  const trendTitleX = h('h3', {});
  const trendTitleY = h('h3', {});

  replace(
    body,
    staleNote(overview),
    controls,
    section(`The watermelon quadrant, ${month(overview.period)}`, quad, quadNote, h('div', { class: 'table-scroll' }, partnerTable)),
    section(
      client ? 'Monthly trends, every partner' : `Monthly trends, ${principal.partner ?? ''}`,
      h('div', { class: 'grid-2' }, h('div', {}, trendTitleX, trendsX), h('div', {}, trendTitleY, trendsY)),
    ),
  );

  function draw(): void {
    const xs = metricScale(x);
    const ys = metricScale(y);
    const points = overview.partners.map((p) => ({
      label: p.partner,
      x: chartNumber(p.metrics[x]?.value, xs),
      y: chartNumber(p.metrics[y]?.value, ys),
      xText: cell(p.metrics[x], x),
      yText: cell(p.metrics[y], y),
      highlight: !p.anonymous,
    }));
    quad.setAttribute(
      'aria-label',
      `Scatter chart of ${metricName(x)} against ${metricName(y)} for ${points.length} partners in ${month(overview.period)}. ` +
        points.map((p) => `${p.label}: ${p.xText}, ${p.yText}`).join('; '),
    );
    quadrant(quad, points, metricShortName(x), metricShortName(y), xs, ys, metricBetter(x), metricBetter(y));
    replace(quadNote, `${metricName(x)}: ${metricWhat(x)} ${metricName(y)}: ${metricWhat(y)}`);

    const names = [...new Set(overview.trends.map((t) => t.partner))].sort();
    for (const [metric, el, title] of [
      [x, trendsX, trendTitleX],
      [y, trendsY, trendTitleY],
    ] as const) {
      const scale = metricScale(metric);
      const lines = names.map((name) => {
        const rows = periods.map((p) => overview.trends.find((t) => t.partner === name && t.period === p)?.metrics[metric]);
        return {
          name,
          data: rows.map((r) => chartNumber(r?.value, scale)),
          texts: rows.map((r) => cell(r, metric)),
        };
      });
      replace(title, metricName(metric));
      el.setAttribute(
        'aria-label',
        `Line chart of ${metricName(metric)} by month. ` +
          lines.map((l) => `${l.name}: ${l.texts.map((t, i) => `${month(periods[i])} ${t}`).join(', ')}`).join('; '),
      );
      if (names.length === 1) {
        // One partner (a partner user's own): its line with the 95% band.
        const rows = periods.map((p) => overview.trends.find((t) => t.period === p)?.metrics[metric]);
        bandChart(el, metricName(metric), scale, {
          periods,
          value: rows.map((r) => chartNumber(r?.value, scale)),
          low: rows.map((r) => chartNumber(r?.low, scale)),
          high: rows.map((r) => chartNumber(r?.high, scale)),
        }, lines[0].texts);
      } else {
        trendChart(el, periods, lines, scale);
      }
    }
  }
  draw();
  // Links to each visible partner's scorecard.
  const visible = overview.partners.filter((p) => !p.anonymous);
  if (visible.length > 0) {
    main.append(
      h(
        'p',
        { class: 'links' },
        'Scorecards: ',
        ...visible.flatMap((p, i) => [
          i > 0 ? ', ' : '',
          h('a', { href: `#/scorecard/${enc(p.partner)}` }, p.partner),
        ]),
      ),
    );
  }
};
