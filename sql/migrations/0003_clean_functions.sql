-- Safe casts used by the clean stage: NULL instead of an error, so a bad value becomes a reject reason.

-- $1 text: a decimal like '1234.50' or '-3' (already NFKC-clean); returns numeric or NULL.
CREATE FUNCTION etl.try_numeric(v text) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN btrim(v) ~ '^[+-]?[0-9]+(\.[0-9]+)?$' THEN btrim(v)::numeric END
$$;

-- $1 text: a timestamp; with an explicit offset it is taken as is, without one it is local time in tz.
CREATE FUNCTION etl.try_timestamptz(v text, tz text) RETURNS timestamptz
LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF v IS NULL OR btrim(v) = '' THEN RETURN NULL; END IF;
  IF btrim(v) ~ '([+-][0-9]{2}(:?[0-9]{2})?|Z)$' THEN RETURN btrim(v)::timestamptz; END IF;
  RETURN btrim(v)::timestamp AT TIME ZONE tz;
EXCEPTION WHEN others THEN
  RETURN NULL;
END
$$;
