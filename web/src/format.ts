// How numbers read in the portal: percentages, intervals as "71.2% (69.1–73.4%)", durations
// in words, money in the contract's currency, times in UTC.

import type { Scale } from './metrics';

const kDash = '—';
const kEn = '–'; // En dash between interval bounds.

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? kDash : int.format(n);
}

export function pct(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return kDash;
  return `${(100 * v).toFixed(digits)}%`;
}

export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return kDash;
  const s = Math.round(seconds);
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 48 * 3600) return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
  return `${(seconds / 86400).toFixed(1)} days`;
}

// A metric value on its scale.
export function value(v: number | null | undefined, scale: Scale): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return kDash;
  switch (scale) {
    case 'rate':
      return pct(v);
    case 'nps':
      return `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)}`;
    case 'ces':
      return `${v.toFixed(2)} of 7`;
    case 'seconds':
      return duration(v);
    case 'hours':
      return duration(v * 3600);
    case 'count':
      return count(v);
    default:
      return v.toFixed(2);
  }
}

// "71.2% (69.1–73.4%)"; the value alone when the interval is unknown.
export function withInterval(
  v: number | null | undefined,
  low: number | null | undefined,
  high: number | null | undefined,
  scale: Scale,
): string {
  const main = value(v, scale);
  if (low === null || low === undefined || high === null || high === undefined || v === null || v === undefined) {
    return main;
  }
  if (scale === 'rate') return `${main} (${(100 * low).toFixed(1)}${kEn}${(100 * high).toFixed(1)}%)`;
  return `${main} (${value(low, scale)}${kEn}${value(high, scale)})`;
}

// A value as a number for charts: rates in percent, hours and seconds as they are.
export function chartNumber(v: number | null | undefined, scale: Scale): number | null {
  if (v === null || v === undefined || !Number.isFinite(v)) return null;
  return scale === 'rate' ? 100 * v : v;
}

export function axisUnit(scale: Scale): string {
  switch (scale) {
    case 'rate':
      return '%';
    case 'nps':
      return 'NPS points';
    case 'seconds':
      return 'seconds';
    case 'hours':
      return 'hours';
    case 'ces':
      return 'score 1–7';
    default:
      return '';
  }
}

export function money(cents: number | null | undefined, currency = 'USD'): string {
  if (cents === null || cents === undefined) return kDash;
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

export function basisPoints(bp: number | null | undefined): string {
  return bp === null || bp === undefined ? kDash : `${(bp / 100).toFixed(1)}%`;
}

// Microseconds since the epoch, as "2026-03-04 14:05 UTC".
export function timestamp(micros: number | null | undefined): string {
  if (micros === null || micros === undefined) return kDash;
  const d = new Date(micros / 1000);
  if (Number.isNaN(d.getTime())) return kDash;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const kMonths = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

// "2026-03" as "March 2026".
export function month(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) return period;
  return `${kMonths[Number(m[2]) - 1]} ${m[1]}`;
}

export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined) return kDash;
  if (p < 0.0001) return 'p < 0.0001';
  return `p = ${p < 0.01 ? p.toFixed(4) : p.toFixed(2)}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

export const kRoleNames: Record<string, string> = {
  client_admin: 'client administrator',
  client_viewer: 'client viewer',
  partner_user: 'partner user',
};
