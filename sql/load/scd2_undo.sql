-- Takes back an earlier publish of this quarter from the tier history, step 1: removes the rows it
-- opened. $1 quarter. Returns rows removed. (Step 2 is scd2_reopen: two statements, so the unique
-- one-current-row index never sees both at once.)
DELETE FROM marts.dim_customer WHERE valid_from_quarter = $1
