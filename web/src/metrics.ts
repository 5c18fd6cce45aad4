// Plain-language names of the metrics (shared/spec/metrics.md) and how each is shown.

import type { Meaning } from './types';

export type Scale = Meaning['scale'];

interface MetricText {
  name: string; // For tables and headings.
  short?: string; // For chart axes, when the name is long.
  what: string; // One sentence for a vendor manager.
  scale: Scale;
  better: 'higher' | 'lower';
  group: 'speed' | 'outcome' | 'voice' | 'volume' | 'quality' | 'technical';
}

const M: Record<string, MetricText> = {
  service_level: {
    short: 'Service level',
    name: 'Service level (calls and chats answered in time)',
    what: 'Share of calls and chats answered within the target time (20 s unless the contract says otherwise).',
    scale: 'rate', better: 'higher', group: 'speed',
  },
  response_within: {
    short: 'Answered in time (email, messaging)',
    name: 'Emails and messages answered in time',
    what: 'Share of emails and messages answered within the target business hours (48 h by default).',
    scale: 'rate', better: 'higher', group: 'speed',
  },
  asa_seconds: {
    short: 'ASA',
    name: 'Average wait before answer (ASA)',
    what: 'Mean time a caller or chatter waited before an agent answered.',
    scale: 'seconds', better: 'lower', group: 'speed',
  },
  abandon_rate: {
    short: 'Abandon rate',
    name: 'Callers who gave up waiting (abandon rate)',
    what: 'Share of contacts abandoned before an answer, leaving out hang-ups within the first seconds.',
    scale: 'rate', better: 'lower', group: 'speed',
  },
  aht_seconds: {
    short: 'AHT',
    name: 'Average handling time (AHT)',
    what: 'Mean time an agent spent on a handled contact.',
    scale: 'seconds', better: 'lower', group: 'speed',
  },
  fcr: {
    short: 'FCR',
    name: 'Resolved on first contact (FCR)',
    what: 'Share of handled contacts after which the customer did not contact anyone again within 7 days, at any partner, on any channel.',
    scale: 'rate', better: 'higher', group: 'outcome',
  },
  fcr_same_reason: {
    name: 'Resolved on first contact (same reason)',
    what: 'Like FCR, but only a new contact about the same reason counts as a repeat.',
    scale: 'rate', better: 'higher', group: 'outcome',
  },
  repeat_rate: {
    short: 'Repeat rate',
    name: 'Customers who had to come back (repeat rate)',
    what: 'Share of handled contacts followed by another contact of the same customer within 7 days.',
    scale: 'rate', better: 'lower', group: 'outcome',
  },
  contacts_per_issue: {
    name: 'Contacts per issue',
    what: 'Mean number of contacts it took to close one customer issue.',
    scale: 'mean', better: 'lower', group: 'outcome',
  },
  time_to_resolve_median_hours: {
    name: 'Time to resolve, typical (median)',
    what: 'Half of the customer issues were resolved faster than this (calendar time).',
    scale: 'hours', better: 'lower', group: 'outcome',
  },
  time_to_resolve_p90_hours: {
    name: 'Time to resolve, slowest 10% (90th percentile)',
    what: '90% of the customer issues were resolved faster than this (calendar time).',
    scale: 'hours', better: 'lower', group: 'outcome',
  },
  time_to_resolve_median_business_hours: {
    name: 'Time to resolve, typical (business hours)',
    what: 'Median time to resolve an issue, counting opening hours only.',
    scale: 'hours', better: 'lower', group: 'outcome',
  },
  time_to_resolve_p90_business_hours: {
    name: 'Time to resolve, slowest 10% (business hours)',
    what: '90th percentile of the time to resolve an issue, counting opening hours only.',
    scale: 'hours', better: 'lower', group: 'outcome',
  },
  csat: {
    short: 'CSAT',
    name: 'Satisfied customers (CSAT)',
    what: 'Share of survey answers rating 4 or 5 out of 5.',
    scale: 'rate', better: 'higher', group: 'voice',
  },
  nps: {
    short: 'NPS',
    name: 'Net Promoter Score (NPS)',
    what: 'Promoters (9–10) minus detractors (0–6), in points from −100 to +100.',
    scale: 'nps', better: 'higher', group: 'voice',
  },
  nps_promoters: {
    name: 'Promoters (would recommend, 9–10)',
    what: 'Share of NPS answers of 9 or 10.',
    scale: 'rate', better: 'higher', group: 'voice',
  },
  nps_detractors: {
    name: 'Detractors (would not recommend, 0–6)',
    what: 'Share of NPS answers of 0 to 6.',
    scale: 'rate', better: 'lower', group: 'voice',
  },
  ces: {
    name: 'Ease of getting help (CES, 1–7)',
    what: 'Mean customer effort score; 7 is easiest.',
    scale: 'ces', better: 'higher', group: 'voice',
  },
  ces_share_5plus: {
    name: 'Customers who found it easy (CES 5 or more)',
    what: 'Share of effort answers of 5, 6 or 7.',
    scale: 'rate', better: 'higher', group: 'voice',
  },
  response_rate: {
    name: 'Survey response rate',
    what: 'Survey answers per handled contact.',
    scale: 'rate', better: 'higher', group: 'voice',
  },
  offered: {
    name: 'Contacts received',
    what: 'Contacts that arrived in the month.',
    scale: 'count', better: 'higher', group: 'volume',
  },
  handled: {
    name: 'Contacts handled',
    what: 'Contacts that an agent answered.',
    scale: 'count', better: 'higher', group: 'volume',
  },
  abandoned: {
    name: 'Contacts abandoned',
    what: 'Contacts that ended before an answer.',
    scale: 'count', better: 'lower', group: 'volume',
  },
  short_abandon: {
    name: 'Hang-ups within seconds',
    what: 'Abandoned within 5 s of arriving; left out of the service level and abandon rate.',
    scale: 'count', better: 'lower', group: 'volume',
  },
  transfer_rate: {
    name: 'Contacts transferred',
    what: 'Share of handled contacts transferred to another agent or team.',
    scale: 'rate', better: 'lower', group: 'volume',
  },
  no_customer_share: {
    short: 'No customer id',
    name: 'Contacts without a customer id',
    what: 'Share of contacts that cannot be linked to a customer, so their repeats cannot be seen.',
    scale: 'rate', better: 'lower', group: 'quality',
  },
  demographics_rate: {
    short: 'Demographics collected',
    name: 'Demographics collected',
    what: 'Share of handled contacts where demographics were collected.',
    scale: 'rate', better: 'higher', group: 'quality',
  },
  consent_rate: {
    short: 'Consent recorded',
    name: 'Consent recorded',
    what: 'Share of handled contacts with recorded consent.',
    scale: 'rate', better: 'higher', group: 'quality',
  },
  kb_agent_use_rate: {
    name: 'Knowledge base used by agents',
    what: 'Share of handled contacts where the agent opened a knowledge-base article.',
    scale: 'rate', better: 'higher', group: 'quality',
  },
  containment: {
    name: 'Self-service that needed no agent (containment)',
    what: 'Self-service sessions not followed by an assisted contact within 24 h.',
    scale: 'rate', better: 'higher', group: 'outcome',
  },
  kb_deflection: {
    name: 'Knowledge-base views that needed no agent',
    what: 'Customer article views not followed by an assisted contact within 24 h.',
    scale: 'rate', better: 'higher', group: 'outcome',
  },
  kb_helpful_rate: {
    name: 'Articles rated helpful',
    what: 'Helpful votes over all votes on knowledge-base articles.',
    scale: 'rate', better: 'higher', group: 'outcome',
  },
  contacts_per_1000_orders: {
    name: 'Contacts per 1,000 orders',
    what: 'Contacts received per thousand orders in the month.',
    scale: 'mean', better: 'lower', group: 'volume',
  },
  uptime: {
    name: 'Uptime',
    what: 'Share of the month the service was up.',
    scale: 'rate', better: 'higher', group: 'speed',
  },
  downtime_hours: {
    name: 'Downtime',
    what: 'Hours of outage in the month.',
    scale: 'hours', better: 'lower', group: 'speed',
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

export function metricWhat(metric: string): string {
  return M[metric]?.what ?? '';
}

export function metricScale(metric: string, meaning?: Meaning | null): Scale {
  return meaning?.scale ?? M[metric]?.scale ?? 'mean';
}

export function metricBetter(metric: string, meaning?: Meaning | null): 'higher' | 'lower' {
  return meaning?.better ?? M[metric]?.better ?? 'higher';
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
