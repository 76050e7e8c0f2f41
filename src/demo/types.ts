// The shapes the demo generator yields: source rows exactly as the source tables hold them, and the ground truth.

export interface DemoParams {
  /** Golden (real-world) customers; the sources hold about 1.25 rows per golden customer. */
  readonly customers: number;
  readonly seed: number;
  /** End of the evaluation quarter (exclusive), a UTC instant: every genuine event happens before it. */
  readonly anchor: Date;
  /**
   * Multiplies every customer's order rate. 1 (the default) gives about 10 orders and 25 order lines per
   * golden customer, as in DESIGN.md §11's S row; its M and L rows have 5 orders per customer (0.5).
   */
  readonly orderScale?: number;
}

/** erp.customers (PostgreSQL); timestamps are instants. */
export interface ErpCustomerRow {
  id: string;
  company_name: string | null;
  phone: string | null;
  email: string | null;
  region: string | null;
  credit_code: string | null;
  created_at: Date;
  updated_at: Date;
}

/** customers in the CRM (MariaDB); datetimes are naive Asia/Shanghai wall-clock strings, as a legacy CRM keeps them. */
export interface CrmCustomerRow {
  cust_no: string;
  name: string | null;
  mobile: string | null;
  email: string | null;
  province: string | null;
  uscc: string | null;
  created: string;
  modified: string;
}

/** Money and quantities are exact decimal strings ("1234.50"), as NUMERIC holds them. */
export interface OrderRow {
  id: number;
  customer_id: string;
  ordered_at: Date;
  currency: string;
  total_amount: string;
  due_at: Date;
}

export interface OrderLineRow {
  id: number;
  order_id: number;
  sku: string;
  quantity: string;
  unit_price: string;
  amount: string;
  cost_amount: string | null;
}

export interface PaymentRow {
  id: number;
  order_id: number;
  amount: string;
  paid_at: Date;
}

export type CreditRating = "A" | "B" | "C" | "D";

export interface CreditRow {
  id: number;
  customer_id: string;
  rating: CreditRating;
  defaults_12m: number;
  rated_at: Date;
}

export type DemoSource = "erp" | "crm";
export type DemoEntity = "customer" | "order" | "order_line" | "payment" | "credit";

/** The reason code the clean stage must give a rejected row. */
export type RejectReason =
  | "missing_key"
  | "exact_duplicate"
  | "orphan_order"
  | "negative_amount"
  | "total_mismatch"
  | "future_date"
  | "unknown_currency"
  | "parent_rejected";

/** Field-level problems: the field is nulled and flagged, the row is kept. */
export type FieldFlag = "invalid_email" | "invalid_phone" | "invalid_credit_code";

/** Which golden customer a source customer row belongs to. */
export interface EntityTruth {
  source: DemoSource;
  source_key: string;
  entity_id: string;
}

/** One row per rejected source row (an exact duplicate copied twice gives two). */
export interface DefectTruth {
  source: DemoSource;
  entity: DemoEntity;
  source_key: string;
  reason: RejectReason;
}

export interface FlagTruth {
  source: DemoSource;
  entity: DemoEntity;
  source_key: string;
  flag: FieldFlag;
}

/** Everything generated for one slice of golden customers. */
export interface DemoBatch {
  /** Golden customers covered so far (for progress). */
  readonly goldenDone: number;
  erpCustomers: ErpCustomerRow[];
  crmCustomers: CrmCustomerRow[];
  orders: OrderRow[];
  orderLines: OrderLineRow[];
  payments: PaymentRow[];
  credits: CreditRow[];
  entities: EntityTruth[];
  defects: DefectTruth[];
  flags: FlagTruth[];
}
