// The typed results of the report's warehouse queries (sql/report/*.sql): what the pure model works from.

export interface RunFact {
  run_id: string;
  quarter: string;
  trigger: string;
  status: string;
  config_hash: string;
  as_of_at: Date;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface StageFact {
  stage: string;
  status: string;
  attempts: number;
  rows_in: number | null;
  rows_out: number | null;
  rows_rejected: number | null;
  started_at: Date | null;
  finished_at: Date | null;
}

/** One final tier of a quarter; tiers without customers are simply absent. */
export interface TierCountFact {
  tier: string;
  customers: number;
  revenue_cny: number;
  avg_score: number | null;
}

export interface HeadFact {
  customers: number;
  head_customers: number;
  head_revenue_cny: number;
  total_revenue_cny: number;
}

export interface MigrationFact {
  previous_tier: string | null;
  final_tier: string;
  customers: number;
}

export interface SourceCountFact {
  source: string;
  entity: string;
  extracted: number;
  accepted: number | null;
  rejected: number | null;
}

export interface RejectFact {
  source: string;
  entity: string;
  reason: string;
  rows: number;
}

export interface FieldFlagFact {
  source: string;
  entity: string;
  flag: string;
  rows: number;
}

export interface DedupeFact {
  source_rows: number;
  golden_customers: number;
  merges: number;
}

/** Rows of the quarter, how many this run published, and what marts.published_quarters says. */
export interface PublishFact {
  customers: number;
  of_run: number;
  published_run_id: string | null;
  published_customers: number | null;
}

export interface ClusterFact {
  cluster: number | null;
  customers: number;
  avg_score: number | null;
}

export interface AgreementFact {
  customers: number;
  compared: number;
  agreeing: number;
}

export interface ReportFacts {
  run: RunFact;
  stages: StageFact[];
  generatedAt: Date;
  publish: PublishFact;
  current: TierCountFact[];
  previousQuarter: string | null;
  previous: TierCountFact[];
  head: HeadFact;
  migration: MigrationFact[];
  sources: SourceCountFact[];
  rejects: RejectFact[];
  flags: FieldFlagFact[];
  dedupe: DedupeFact;
  /** etl.tier_models.model as stored (written by the tier stage; shape not guaranteed), null if absent. */
  tierModel: unknown;
  clusters: ClusterFact[];
  agreement: AgreementFact;
}

/** One customer of a tier list, streamed from marts.fct_customer_quarter. */
export interface CustomerRecord {
  customer_id: string;
  customer_name: string;
  region_code: string | null;
  score: number;
  revenue_cny: string | number;
  gross_profit_cny: string | number;
  order_count: number;
  recency_days: number | null;
  previous_tier: string | null;
  final_tier: string;
  rules_applied: unknown;
}

/** One customer whose tier a rule or an override touched. */
export interface AdjustmentRecord {
  customer_id: string;
  customer_name: string;
  previous_tier: string | null;
  model_tier: string;
  final_tier: string;
  rules_applied: unknown;
  tags: string[] | null;
  is_override: boolean;
  override_reason: string | null;
  override_approver: string | null;
  override_kind: string | null;
}
