// Manual overrides and approved appeals (申诉) in etl.overrides: add (validated against the configured
// tiers and the known customers), list, and remove (a soft delete, so the audit trail stays).
import type { TierConfig } from "../config/schema.js";
import { sqlFile } from "../db/sql-file.js";
import { type Db, withPgClient } from "../db/warehouse.js";
import { validateOverride, type RawOverrideInput } from "./override-input.js";
import { tierOrder } from "./rules.js";

export interface OverrideRecord {
  override_id: string;
  customer_id: string;
  tier: string;
  kind: string;
  reason: string;
  approver: string;
  valid_from: string;
  valid_to: string | null;
  created_at: Date;
  removed_at?: Date | null;
  /** list only: active | scheduled | expired | removed */
  state?: string;
}

/** Records an override; `today` (YYYY-MM-DD in the configured time zone) is the default start. */
export async function addOverride(
  db: Db,
  tiers: readonly TierConfig[],
  raw: RawOverrideInput,
  today: string,
): Promise<OverrideRecord> {
  const o = validateOverride(raw, tierOrder(tiers), today);
  return withPgClient(db, async (c) => {
    const [found] = (
      await c.query<{ name: string | null; merged_into: string | null }>(sqlFile("tier/find_customer"), [
        o.customerId,
      ])
    ).rows;
    // An unknown id would be stored and then silently match nobody in every run.
    if (found?.merged_into)
      throw new Error(
        `override not recorded: customer ${o.customerId} was merged into ${found.merged_into}; use that id`,
      );
    if (!found?.name)
      throw new Error(`override not recorded: customer ${o.customerId} is not in core.customers`);
    const { rows } = await c.query<OverrideRecord>(sqlFile("tier/insert_override"), [
      o.customerId,
      o.tier,
      o.reason,
      o.approver,
      o.kind,
      o.validFrom,
      o.validTo,
    ]);
    return rows[0]!;
  });
}

/** Active and scheduled overrides on `today`; with `all`, expired and removed ones too. */
export async function listOverrides(db: Db, today: string, all = false): Promise<OverrideRecord[]> {
  return withPgClient(
    db,
    async (c) => (await c.query<OverrideRecord>(sqlFile("tier/list_overrides"), [today, all])).rows,
  );
}

/** Soft-deletes one override; an unknown or already removed id is an error naming it. */
export async function removeOverride(
  db: Db,
  overrideId: string,
): Promise<Pick<OverrideRecord, "override_id" | "customer_id" | "tier" | "kind">> {
  if (!/^[1-9]\d{0,17}$/.test(overrideId))
    throw new Error(`override remove: expected an override id (a positive integer), got "${overrideId}"`);
  return withPgClient(db, async (c) => {
    const { rows } = await c.query<Pick<OverrideRecord, "override_id" | "customer_id" | "tier" | "kind">>(
      sqlFile("tier/remove_override"),
      [overrideId],
    );
    if (!rows[0]) throw new Error(`override ${overrideId} not found, or already removed`);
    return rows[0];
  });
}
