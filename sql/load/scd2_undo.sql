-- Takes back an earlier publish of this quarter from the tier history where the new facts differ, step 1:
-- removes the rows it opened, but for a current row the new facts repeat (same tier, name and region,
-- from the same date), which stays as it was written, with the run that wrote it. Removing and opening
-- it again would end the same, a million rows later: a rerun that changes a few tiers now rewrites a few
-- rows of history. $1 quarter, $2 effective date. Returns rows removed. (Step 2 is scd2_reopen: two
-- statements, so the unique one-current-row index never sees both at once.)
-- One NOT EXISTS holding every condition, so that it plans as a hash anti join: the same test written as
-- NOT (d.is_current AND … AND EXISTS (…)) ran its subquery once per history row (minutes at L).
DELETE FROM marts.dim_customer d
WHERE d.valid_from_quarter = $1
  AND NOT EXISTS (
    SELECT 1 FROM marts.fct_customer_quarter_next f
    WHERE f.customer_id = d.customer_id AND f.final_tier = d.tier AND f.customer_name = d.customer_name
      AND f.region_code IS NOT DISTINCT FROM d.region_code AND d.is_current AND d.valid_from = $2::date)
