// Contract results and invoices from the monthly close (GET /api/v1/closes/{period},
// docs/close.md): KPIs against targets, money, the invoice and what it would have cost under
// the other pricing models, consequences, the SLA audit, and the printable HTML report.

import { enc, get } from '../api';
import { h, message, replace, select, table } from '../dom';
import { count, money, month, pct, plural, value, withInterval } from '../format';
import { metricName, metricScale } from '../metrics';
import type { Page } from '../page';
import { navigate, setParams } from '../router';
import type { CloseDocument, CloseList, ClosePartner, InvoiceLine } from '../types';
import { badge, errorBox, loading, pageHeader, periodOptions, section } from '../ui';

function statusBadge(status: string): HTMLElement {
  if (status === 'met') return badge('met', 'good');
  if (status === 'missed') return badge('missed', 'bad');
  return badge(status.replace(/_/g, ' '), 'neutral');
}

function flags(p: ClosePartner): string[] {
  const out: string[] = [];
  if (p.audit?.watermelon?.flagged) out.push('Watermelon');
  for (const t of p.termination ?? []) out.push(`Termination trigger: ${t.name}`);
  for (const c of p.cures ?? []) out.push(`Cure ${metricName(c.metric)} ${c.event}`);
  if (p.rebid?.exempt) out.push('Exempt from rebid');
  return out;
}

function lineTable(caption: string, lines: InvoiceLine[], currency: string): HTMLTableElement {
  return table(
    caption,
    ['Line', 'Quantity', 'Unit price', 'Amount'],
    lines.map((l) => [l.description, l.quantity, l.unit_price, money(l.amount_cents, currency)]),
    { numeric: [1, 2, 3] },
  );
}

function targetText(metric: string, target: number | null): string {
  return target === null ? '—' : value(target, metricScale(metric));
}

function partnerDetail(p: ClosePartner, period: string): HTMLElement {
  const currency = p.money?.currency ?? 'USD';
  const out = h('div', { class: 'partner-close' });
  const reportHref = `/api/v1/partners/${enc(p.partner)}/report/${enc(period)}`;
  out.append(
    h('h2', { class: 'partner-heading' }, `${p.partner}, ${month(period)}`),
    h(
      'p',
      { class: 'links' },
      h('a', { href: reportHref, target: '_blank', rel: 'noopener', class: 'button-link' }, `Open the printable report of ${p.partner} (HTML)`),
    ),
  );
  if (p.status !== 'closed') {
    out.append(message('info', `${p.partner}: ${p.status}.`));
    return out;
  }
  if (p.contract) {
    const c = p.contract;
    out.append(
      section(
        'Contract',
        h(
          'dl',
          { class: 'facts' },
          h('dt', {}, 'Pricing'), h('dd', {}, c.pricing.replace(/_/g, ' ')),
          h('dt', {}, 'Contract file'), h('dd', {}, c.file),
          h('dt', {}, 'In force since'), h('dd', {}, `MSA ${c.msa_effective}, SOW ${c.sow_effective}, operations manual ${c.operations_effective}`),
          h('dt', {}, 'In term'), h('dd', {}, c.in_term ? 'yes' : 'no'),
        ),
      ),
    );
  }
  if (p.kpis?.length) {
    out.append(
      section(
        'KPIs against the contract’s targets',
        table(
          null,
          ['KPI', 'Kind', 'Target', 'Result (95% interval)', 'Sample', 'Status', 'Service credit'],
          p.kpis.map((k) => [
            metricName(k.metric),
            k.kind === 'sla' ? 'speed SLA' : 'outcome',
            `${k.direction === 'higher' ? 'at least' : 'at most'} ${targetText(k.metric, k.target)}`,
            withInterval(k.value, k.low, k.high, metricScale(k.metric)),
            count(k.sample),
            statusBadge(k.status),
            k.credit_cents ? money(-Math.abs(k.credit_cents), currency) : '—',
          ]),
          { numeric: [2, 3, 4, 6] },
        ),
      ),
    );
  }
  if (p.outcomes?.length) {
    out.append(
      section(
        'Outcomes (measured whatever the contract says)',
        table(
          null,
          ['Outcome', 'Result (95% interval)', 'Sample'],
          p.outcomes.map((o) => [metricName(o.metric), withInterval(o.value, o.low, o.high, metricScale(o.metric)), count(o.sample)]),
          { numeric: [1, 2] },
        ),
      ),
    );
  }
  if (p.money && p.invoice) {
    const m = p.money;
    const actual = m.total_cents;
    const whatIf = p.what_if ?? [];
    const linesSlot = h('div', {});
    const showLines = (label: string) => {
      const w = whatIf.find((x) => x.label === label);
      replace(linesSlot, w ? lineTable(`Invoice lines under ${w.label.replace(/_/g, ' ')}`, w.lines, currency) : lineTable(`Invoice lines of the actual invoice (${p.invoice!.label.replace(/_/g, ' ')})`, p.invoice!.lines, currency));
    };
    const cheapest = whatIf.reduce<number | null>((best, w) => (best === null || w.total_cents < best ? w.total_cents : best), null);
    out.append(
      section(
        `Invoice: ${money(actual, currency)}`,
        table(
          null,
          ['', 'Amount'],
          [
            ['Charges', money(m.charges_cents, currency)],
            ['Outcome bonus', money(m.outcome_bonus_cents, currency)],
            ['Service credits', money(m.credits_cents, currency)],
            ['Bonuses', money(m.bonuses_cents, currency)],
            ['Earn-back', money(m.earn_back_cents, currency)],
            [h('strong', {}, 'Total'), h('strong', {}, money(m.total_cents, currency))],
            ['At risk this month', money(m.at_risk_cents, currency)],
          ],
          { numeric: [1], className: 'data compact' },
        ),
        lineTable(`Invoice lines (${p.invoice.label.replace(/_/g, ' ')})`, p.invoice.lines, currency),
      ),
      section(
        'What if: the same month under the other pricing models',
        h('p', {}, 'The same contacts and the same KPI results, priced as the other models would have priced them.'),
        table(
          null,
          ['Pricing', 'Charges', 'Total', 'Against the actual invoice'],
          [
            [`${p.invoice.label.replace(/_/g, ' ')} (actual)`, money(m.charges_cents, currency), money(actual, currency), '—'],
            ...whatIf.map((w) => {
              const diff = w.total_cents - actual;
              const rel = actual ? diff / actual : 0;
              return [
                w.label.replace(/_/g, ' '),
                money(w.charges_cents, currency),
                money(w.total_cents, currency),
                h(
                  'span',
                  { class: diff < 0 ? 'cheaper' : diff > 0 ? 'dearer' : '' },
                  `${diff > 0 ? '+' : ''}${money(diff, currency)} (${diff > 0 ? '+' : ''}${pct(rel)})${w.total_cents === cheapest && diff < 0 ? ' — cheapest' : ''}`,
                ),
              ];
            }),
          ],
          { numeric: [1, 2, 3] },
        ),
        whatIf.length
          ? h(
              'div',
              { class: 'controls' },
              select(
                'Show the invoice lines of',
                [['', `the actual invoice (${p.invoice.label.replace(/_/g, ' ')})`], ...whatIf.map((w) => [w.label, w.label.replace(/_/g, ' ')] as [string, string])],
                '',
                showLines,
              ),
            )
          : null,
        linesSlot,
      ),
    );
    showLines('');
  }
  const consequences: HTMLElement[] = [];
  for (const t of p.termination ?? []) consequences.push(h('li', {}, badge('termination trigger', 'bad'), ` ${t.name}: ${t.reason}`));
  for (const c of p.cures ?? []) {
    consequences.push(h('li', {}, badge(`cure ${c.event}`, c.event === 'failed' ? 'bad' : c.event === 'cured' ? 'good' : 'warn'), ` ${metricName(c.metric)}: breached in ${month(c.breach_month)}, to be cured by ${month(c.deadline)}`));
  }
  if (p.escalation_level) consequences.push(h('li', {}, `Escalation level ${p.escalation_level}`));
  if (p.rebid) consequences.push(h('li', {}, p.rebid.exempt ? `Exempt from the next rebid (${plural(p.rebid.streak, 'month')} in a row at target)` : 'Not exempt from the next rebid'));
  if (consequences.length) out.append(section('Consequences', h('ul', { class: 'plain' }, consequences)));
  const audit = p.audit;
  if (audit) {
    out.append(
      section(
        'SLA audit',
        audit.watermelon ? (audit.watermelon.flagged ? message('error', audit.watermelon.summary) : h('p', {}, audit.watermelon.summary || 'Outcomes are not significantly worse than the peers’ or last month’s.')) : null,
        audit.tolerances?.length ? h('h3', {}, 'What each SLA tolerates') : null,
        audit.tolerances?.length ? h('ul', {}, audit.tolerances.map((t) => h('li', {}, t.sentence))) : null,
        audit.reconciliation?.length ? h('h3', {}, 'The partner’s own figures, recomputed') : null,
        audit.reconciliation?.length ? h('ul', {}, audit.reconciliation.map((r) => h('li', {}, r.summary))) : null,
      ),
    );
  }
  return out;
}

export const contractsPage: Page = async (ctx) => {
  const { main, route } = ctx;
  main.append(
    pageHeader(
      'Contracts and invoices',
      'The monthly close: every KPI against its contract target, service credits, the invoice, and what the month would have cost under other pricing.',
    ),
  );
  const body = h('div', {}, loading('the closed months'));
  main.append(body);
  let list: CloseList;
  try {
    list = await get<CloseList>('/api/v1/closes');
  } catch (e) {
    replace(body, errorBox(e, 'the closed months'));
    return;
  }
  if (!ctx.alive()) return;
  if (list.closes.length === 0) {
    replace(body, message('info', 'No month has been closed yet (cxpact close --period YYYY-MM).'));
    return;
  }
  const periods = list.closes.map((c) => c.period).sort();
  const period = periods.includes(route.params.get('period') ?? '') ? route.params.get('period')! : periods[periods.length - 1];
  replace(body, loading(`the close of ${month(period)}`));
  let doc: CloseDocument;
  try {
    doc = await get<CloseDocument>(`/api/v1/closes/${enc(period)}`);
  } catch (e) {
    replace(body, errorBox(e, `the close of ${month(period)}`));
    return;
  }
  if (!ctx.alive()) return;
  const names = doc.partners.map((p) => p.partner);
  let chosen = route.params.get('partner') ?? '';
  if (!names.includes(chosen)) chosen = names[0] ?? '';
  const detail = h('div', {});
  const showPartner = (name: string) => {
    chosen = name;
    setParams({ partner: name });
    const p = doc.partners.find((x) => x.partner === name);
    replace(detail, p ? partnerDetail(p, period) : message('info', 'No entry.'));
  };
  const summary = table(
    `Close of ${month(period)}, version ${doc.version}`,
    ['Partner', 'Status', 'KPIs met', 'KPIs missed', 'Invoice', 'Service credits', 'Flags'],
    doc.partners.map((p) => {
      const kpis = p.kpis ?? [];
      return [
        p.partner,
        p.status,
        count(kpis.filter((k) => k.status === 'met').length),
        count(kpis.filter((k) => k.status === 'missed').length),
        money(p.money?.total_cents, p.money?.currency),
        money(p.money?.credits_cents, p.money?.currency),
        flags(p).join('; ') || '—',
      ];
    }),
    { numeric: [2, 3, 4, 5] },
  );
  const diff = doc.diff;
  replace(
    body,
    h(
      'div',
      { class: 'controls' },
      select('Closed month', periodOptions(periods), period, (p) => navigate(['contracts'], { period: p })),
      names.length > 1 ? select('Partner', names.map((n) => [n, n]), chosen, showPartner) : null,
    ),
    section(`Summary, ${month(period)}`, h('div', { class: 'table-scroll' }, summary)),
    diff
      ? section(
          `Restated since version ${diff.from_version}`,
          h('ul', {}, [...(diff.restated ?? []), ...(diff.changes ?? [])].slice(0, 50).map((d) => h('li', {}, typeof d === 'string' ? d : JSON.stringify(d)))),
        )
      : null,
    detail,
  );
  showPartner(chosen);
};
