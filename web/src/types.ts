// Shapes of the API's answers (docs/api.md). Only what the front end reads.

export type Role = 'client_admin' | 'client_viewer' | 'partner_user';

export interface Principal {
  user: string;
  role: Role;
  partner: string | null;
}

export interface Meaning {
  scale: 'rate' | 'seconds' | 'hours' | 'nps' | 'ces' | 'mean' | 'count' | 'statistic';
  better: 'higher' | 'lower';
  range: string;
  kpi: boolean;
  what?: string; // The metric in one plain sentence (the quality route sends it).
}

// GET /api/v1/metrics: what each metric means, and the settings the scores use.
export interface MetricCatalog {
  metrics: (Meaning & { metric: string; what: string })[];
  settings: {
    time_zone: string;
    repeat_window_hours: number;
    service_level_seconds: number;
    response_hours: number;
    response_time: 'business' | 'calendar';
    short_abandon_seconds: number;
  };
}

export interface MetricRow {
  metric: string;
  value: number | null;
  low: number | null;
  high: number | null;
  numerator: number;
  denominator: number | null;
  pending: number | null;
  meaning: Meaning | null;
}

// Metric answers say which data they come from; `stale` while newer data is being scored
// (the answer is then the previous data's).
export interface Versioned {
  data_version?: number;
  stale?: boolean;
}

export interface Scorecard extends Versioned {
  partner: string;
  periods: { period: string; metrics: MetricRow[] }[];
}

// GET /api/v1/partners/{partner}/quality: the data-quality rates, `metrics` in display order.
export interface QualityAnswer extends Versioned {
  partner: string;
  metrics: string[];
  periods: { period: string; metrics: MetricRow[] }[];
}

export interface PointMetric {
  value: number | null;
  low?: number | null;
  high?: number | null;
  denominator?: number | null;
}

export interface Overview extends Versioned {
  period: string;
  sla_metrics: string[];
  outcome_metrics: string[];
  ordered_by: string;
  partners: { partner: string; anonymous: boolean; metrics: Record<string, PointMetric> }[];
  trends: { partner: string; period: string; metrics: Record<string, PointMetric> }[];
}

export interface RankEntry {
  rank: number;
  partner: string;
  anonymous: boolean;
  value: number;
  tied_with: string | null;
  p_value: number;
  successes?: number;
  n?: number;
}

export interface Rank extends Versioned {
  metric: string;
  period: string;
  better: 'higher' | 'lower';
  alpha: number;
  entries: RankEntry[];
}

export interface CloseList {
  closes: { period: string; latest_version: number; versions: number[] }[];
}

export interface InvoiceLine {
  kind: string;
  description: string;
  quantity: string;
  unit_price: string;
  amount_cents: number;
}

export interface Kpi {
  metric: string;
  kind: 'sla' | 'outcome' | string;
  target: number | null;
  direction: 'higher' | 'lower';
  value: number | null;
  low: number | null;
  high: number | null;
  sample: number | null;
  status: string;
  weight: number;
  credit_cents: number;
}

export interface ClosePartner {
  partner: string;
  in_house: boolean;
  status: string;
  contract?: {
    file: string;
    msa_effective: string;
    sow_effective: string;
    operations_effective: string;
    pricing: string;
    in_term: boolean;
  };
  kpis?: Kpi[];
  outcomes?: { metric: string; value: number | null; low: number | null; high: number | null; sample: number | null }[];
  money?: {
    currency: string;
    at_risk_cents: number;
    charges_cents: number;
    outcome_bonus_cents: number;
    credits_cents: number;
    bonuses_cents: number;
    earn_back_cents: number;
    total_cents: number;
  };
  invoice?: { label: string; lines: InvoiceLine[] };
  what_if?: { label: string; charges_cents: number; total_cents: number; lines: InvoiceLine[] }[];
  cures?: { event: string; metric: string; breach_month: string; deadline: string }[];
  escalation_level?: number;
  termination?: { name: string; reason: string }[];
  rebid?: { exempt: boolean; streak: number };
  audit?: {
    tolerances?: { metric: string; sentence: string }[];
    watermelon?: { flagged: boolean; slas_met: boolean; summary: string };
    reconciliation?: { metric: string; summary: string; cause: string }[];
  };
}

export interface AllocationQueue {
  queue: string;
  shares: { partner: string; fixed_bp: number; pool_bp: number; share_bp: number }[];
  pool_winner: string | null;
  pool_metric?: string;
  summary: string;
}

export interface CloseDocument {
  period: string;
  version: number;
  partners: ClosePartner[];
  allocation?: { for_period: string; queues: AllocationQueue[] };
  diff?: { from_version: number; restated: unknown[]; changes: unknown[] } | null;
}

export interface QuarantineEntry {
  kind: string;
  file: string;
  sha256: string;
  record: number;
  line: number;
  field: string;
  value: string;
  reason: string;
  detail: string;
}

export interface UploadAnswer {
  file: string;
  kind: string;
  sha256: string;
  counts: Record<'read' | 'inserted' | 'unchanged' | 'corrected' | 'stale' | 'superseded' | 'quarantined', number>;
  quarantine: {
    reasons: Record<string, number>;
    first: { record: number; line: number; field: string; value: string; reason: string; detail: string }[];
  };
  summary: string;
}

export interface Insight {
  id: number;
  partner: string;
  author: string;
  created_at: number;
  updated_at: number;
  title: string;
  body: string;
  status: 'open' | 'answered' | 'closed';
  answers: { id: number; author: string; created_at: number; body: string }[];
}

export interface ContactsAnswer {
  partner: string;
  period: string;
  metric: string;
  total: number;
  in_numerator: number;
  contacts: {
    contact_id: string;
    arrived_at: number;
    channel: string;
    queue: string;
    counts_in_denominator: boolean;
    counts_in_numerator: boolean;
    counts_against_numerator?: boolean; // nps: a detractor.
    why: string;
  }[];
}
