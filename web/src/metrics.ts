// Plain-language names of the metrics (shared/spec/metrics.md) and how each is shown. What a
// metric means comes from the server's catalog (GET /api/v1/metrics), the one the contracts
// and the reports use, with the settings its figures depend on.

import { get } from './api';
import type { Meaning, MetricCatalog } from './types';

export type Scale = Meaning['scale'];

interface MetricText {
  name: string; // For tables and headings.
  short?: string; // For chart axes, when the name is long.
  group: 'speed' | 'outcome' | 'voice' | 'volume' | 'quality' | 'technical';
}

const M: Record<string, MetricText> = {
  service_level: {
    short: 'Service level',
    name: 'Service level (calls and chats answered in time)',
    group: 'speed',
  },
  response_within: {
    short: 'Answered in time (email, messaging)',
    name: 'Emails and messages answered in time',
    group: 'speed',
  },
  asa_seconds: {
    short: 'ASA',
    name: 'Average wait before answer (ASA)',
    group: 'speed',
  },
  abandon_rate: {
    short: 'Abandon rate',
    name: 'Callers who gave up waiting (abandon rate)',
    group: 'speed',
  },
  aht_seconds: {
    short: 'AHT',
    name: 'Average handling time (AHT)',
    group: 'speed',
  },
  fcr: {
    short: 'FCR',
    name: 'Resolved on first contact (FCR)',
    group: 'outcome',
  },
  fcr_same_reason: {
    name: 'Resolved on first contact (same reason)',
    group: 'outcome',
  },
  repeat_rate: {
    short: 'Repeat rate',
    name: 'Customers who had to come back (repeat rate)',
    group: 'outcome',
  },
  contacts_per_issue: {
    name: 'Contacts per issue',
    group: 'outcome',
  },
  time_to_resolve_median_hours: {
    name: 'Time to resolve, typical (median)',
    group: 'outcome',
  },
  time_to_resolve_p90_hours: {
    name: 'Time to resolve, slowest 10% (90th percentile)',
    group: 'outcome',
  },
  time_to_resolve_median_business_hours: {
    name: 'Time to resolve, typical (business hours)',
    group: 'outcome',
  },
  time_to_resolve_p90_business_hours: {
    name: 'Time to resolve, slowest 10% (business hours)',
    group: 'outcome',
  },
  csat: {
    short: 'CSAT',
    name: 'Satisfied customers (CSAT)',
    group: 'voice',
  },
  nps: {
    short: 'NPS',
    name: 'Net Promoter Score (NPS)',
    group: 'voice',
  },
  nps_promoters: {
    name: 'Promoters (would recommend, 9–10)',
    group: 'voice',
  },
  nps_detractors: {
    name: 'Detractors (would not recommend, 0–6)',
    group: 'voice',
  },
  ces: {
    name: 'Ease of getting help (CES, 1–7)',
    group: 'voice',
  },
  ces_share_5plus: {
    name: 'Customers who found it easy (CES 5 or more)',
    group: 'voice',
  },
  response_rate: {
    name: 'Survey response rate',
    group: 'voice',
  },
  offered: {
    name: 'Contacts received',
    group: 'volume',
  },
  handled: {
    name: 'Contacts handled',
    group: 'volume',
  },
  abandoned: {
    name: 'Contacts abandoned',
    group: 'volume',
  },
  short_abandon: {
    name: 'Hang-ups within seconds',
    group: 'volume',
  },
  transfer_rate: {
    name: 'Contacts transferred',
    group: 'volume',
  },
  no_customer_share: {
    short: 'No customer id',
    name: 'Contacts without a customer id',
    group: 'quality',
  },
  demographics_rate: {
    short: 'Demographics collected',
    name: 'Demographics collected',
    group: 'quality',
  },
  consent_rate: {
    short: 'Consent recorded',
    name: 'Consent recorded',
    group: 'quality',
  },
  kb_agent_use_rate: {
    name: 'Knowledge base used by agents',
    group: 'quality',
  },
  containment: {
    name: 'Self-service that needed no agent (containment)',
    group: 'outcome',
  },
  kb_deflection: {
    name: 'Knowledge-base views that needed no agent',
    group: 'outcome',
  },
  kb_helpful_rate: {
    name: 'Articles rated helpful',
    group: 'outcome',
  },
  contacts_per_1000_orders: {
    name: 'Contacts per 1,000 orders',
    group: 'volume',
  },
  uptime: {
    name: 'Uptime',
    group: 'speed',
  },
  downtime_hours: {
    name: 'Downtime',
    group: 'speed',
  },
};

// Statistics that restate another row (an interval bound, a margin): not shown as metrics.
const kTechnical = new Set(['csat_wilson_low', 'csat_wilson_high', 'nps_margin', 'downtime_allowed_hours']);

export function metricName(metric: string): string {
  return M[metric]?.name ?? metric.replace(/_/g, ' ');
}

export function metricShortName(metric: string): string {
  return M[metric]?.short ?? metricName(metric);
}

let catalog: MetricCatalog | null = null;
let loading: Promise<void> | null = null;

// Fetches the catalog once per page load; a failure leaves the meanings out (the names stay).
export function loadMetricCatalog(): Promise<void> {
  loading ??= get<MetricCatalog>('/api/v1/metrics').then(
    (c) => {
      catalog = c;
    },
    () => {
      loading = null; // Try again on the next page.
    },
  );
  return loading;
}

function hours(h: number): string {
  return h % 24 === 0 && h >= 48 ? `${h / 24} days` : `${h} h`;
}

// The setting a metric's figures depend on, in words ('' for none).
function settingOf(metric: string, s: MetricCatalog['settings']): string {
  switch (metric) {
    case 'fcr':
    case 'fcr_same_reason':
    case 'repeat_rate':
      return `Repeat window: ${hours(s.repeat_window_hours)}.`;
    case 'service_level':
      return `Target time: ${s.service_level_seconds} s.`;
    case 'response_within':
      // Business hours stay hours: 48 of them are not 2 days.
      return `Target: ${s.response_hours} ${s.response_time === 'business' ? 'business hours' : 'hours'}.`;
    case 'abandon_rate':
    case 'short_abandon':
      return `Short abandons: under ${s.short_abandon_seconds} s.`;
    default:
      return '';
  }
}

function entryOf(metric: string): MetricCatalog['metrics'][number] | undefined {
  return catalog?.metrics.find((m) => m.metric === metric);
}

// What the metric measures, in a sentence, and the setting behind it.
export function metricWhat(metric: string): string {
  const entry = entryOf(metric);
  if (!entry || !catalog) return '';
  const setting = settingOf(metric, catalog.settings);
  return setting ? `${entry.what} ${setting}` : entry.what;
}

export function metricScale(metric: string, meaning?: Meaning | null): Scale {
  return meaning?.scale ?? entryOf(metric)?.scale ?? 'mean';
}

export function metricBetter(metric: string, meaning?: Meaning | null): 'higher' | 'lower' {
  return meaning?.better ?? entryOf(metric)?.better ?? 'higher';
}

export function metricGroup(metric: string): MetricText['group'] {
  if (kTechnical.has(metric)) return 'technical';
  return M[metric]?.group ?? 'outcome';
}

export const kGroupNames: Record<MetricText['group'], string> = {
  speed: 'Speed (the classic SLAs)',
  outcome: 'Outcomes for the customer',
  voice: 'What customers say (surveys)',
  volume: 'Volume',
  quality: 'Data quality',
  technical: 'Technical',
};

// Rates that GET /api/v1/rank accepts (rate KPIs), in the order offered to the user.
export const kRankMetrics = [
  'fcr',
  'service_level',
  'response_within',
  'csat',
  'abandon_rate',
  'repeat_rate',
  'fcr_same_reason',
  'ces_share_5plus',
  'nps_promoters',
  'nps_detractors',
  'transfer_rate',
  'response_rate',
];
