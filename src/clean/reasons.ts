// The fixed reason codes of the clean stage: why a row was rejected, or why a field was nulled.
// They are stored in etl.rejects and in row flags, so changing one is a data migration.

/** A row is rejected (goes to etl.rejects with its raw values) for one of these. */
export const REJECT_REASONS = [
  "missing_key",
  "orphan_order",
  "negative_amount",
  "total_mismatch",
  "future_date",
  "unknown_currency",
  "exact_duplicate",
  "parent_rejected",
  "invalid_amount",
  "invalid_date",
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** A field is nulled and the row kept, flagged with one of these. */
export const FIELD_FLAGS = [
  "invalid_email",
  "invalid_phone",
  "unknown_region",
  "invalid_credit_code",
  "invalid_timestamp",
] as const;
export type FieldFlag = (typeof FIELD_FLAGS)[number];

export const REASON_DESCRIPTIONS: Readonly<Record<RejectReason | FieldFlag, string>> = {
  missing_key: "source key or required name is blank",
  orphan_order: "references a parent row that does not exist in the source",
  negative_amount: "amount below zero",
  total_mismatch: "order total differs from the sum of its lines by more than the tolerance",
  future_date: "date after the run's as-of time",
  unknown_currency: "currency without a configured rate",
  exact_duplicate: "same source key and values as an earlier row",
  parent_rejected: "its parent row was rejected",
  invalid_amount: "amount is not a decimal number",
  invalid_date: "required date is missing or unparseable",
  invalid_email: "email nulled: not a plausible address",
  invalid_phone: "phone nulled: not a valid number",
  unknown_region: "region nulled: not in the GB/T 2260 reference table",
  invalid_credit_code: "credit code nulled: fails the GB 32100 check character",
  invalid_timestamp: "timestamp nulled: unparseable",
};
