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
  "duplicate_key",
  "parent_rejected",
  "invalid_amount",
  "invalid_date",
  "invalid_value",
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
  missing_key: "source key, a required reference or a customer's name is blank",
  orphan_order: "references a customer or order that does not exist in the source",
  negative_amount: "amount below zero",
  total_mismatch: "order total differs from the sum of its lines by more than clean.amount_tolerance_cny",
  future_date: "order date after the run's as-of time",
  unknown_currency: "currency without a rate in currency.rates",
  exact_duplicate: "a copy of an earlier row with the same key (customers: identical values)",
  duplicate_key: "another customer row has the same key; the most recently updated one is kept",
  parent_rejected: "its order or customer was rejected",
  invalid_amount: "amount or quantity is not a decimal number",
  invalid_date: "required date is missing or unparseable",
  invalid_value: "credit rating not A–D, or defaults not a whole number ≥ 0",
  invalid_email: "email nulled: not a plausible address",
  invalid_phone: "phone nulled: not a valid number",
  unknown_region: "region nulled: not in the GB/T 2260 reference table",
  invalid_credit_code: "credit code nulled: fails the GB 32100 check character",
  invalid_timestamp: "timestamp nulled: unparseable",
};
