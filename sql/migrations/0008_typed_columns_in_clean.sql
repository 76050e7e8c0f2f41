-- Clean reads typed source columns with plain casts.
--
-- At a million orders the clean stage spent most of its time parsing text it did not need to doubt:
-- etl.try_timestamptz catches a failed cast in a plpgsql EXCEPTION block (a subtransaction per call,
-- about 5 µs) and etl.try_numeric runs a regular expression (about 2 µs); PostgreSQL's regular
-- expressions cost more than the casts themselves. When the source column is itself a timestamp or an
-- exact number, the text COPY wrote is PostgreSQL's own rendering of a valid value (the extract session
-- fixes TimeZone UTC and DateStyle ISO), so the cast cannot fail and gives the same value. The extract
-- records which fields came from such columns; the clean casts those and still doubts the rest.

-- field → 'timestamptz' | 'timestamp' | 'numeric' for fields read from a typed column (Postgres
-- sources). An incremental extract keeps only what its base run's staged rows also had.
ALTER TABLE etl.extract_watermarks ADD COLUMN typed_fields jsonb NOT NULL DEFAULT '{}';
-- The source enforces one row per source_key (a unique index on that column alone), so the clean need
-- not aggregate millions of keys to find repeats. Incremental: only if its base run's was too.
ALTER TABLE etl.extract_watermarks ADD COLUMN source_key_unique boolean NOT NULL DEFAULT false;

-- A bare date was read in the database session's time zone because "-05" at its end looked like an
-- offset; it is midnight in the configured zone, as src/clean/time.ts reads customers' dates.
CREATE OR REPLACE FUNCTION etl.try_timestamptz(v text, tz text) RETURNS timestamptz
LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF v IS NULL OR btrim(v) = '' THEN RETURN NULL; END IF;
  IF btrim(v) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN RETURN btrim(v)::date::timestamp AT TIME ZONE tz; END IF;
  IF btrim(v) ~ '([+-][0-9]{2}(:?[0-9]{2})?|Z)$' THEN RETURN btrim(v)::timestamptz; END IF;
  RETURN btrim(v)::timestamp AT TIME ZONE tz;
EXCEPTION WHEN others THEN
  RETURN NULL;
END
$$;

-- $1 staged text, $2 time zone for local times, $3 the field's entry in typed_fields (NULL: untyped).
-- Single SQL expressions, so the planner inlines them and folds the CASE on $3 away per query.
CREATE FUNCTION etl.read_timestamptz(v text, tz text, kind text) RETURNS timestamptz
LANGUAGE sql STABLE AS $$
  SELECT CASE kind
    WHEN 'timestamptz' THEN v::timestamptz
    WHEN 'timestamp' THEN v::timestamp AT TIME ZONE tz
    ELSE etl.try_timestamptz(v, tz)
  END
$$;

-- Numeric columns may hold NaN and ±Infinity, which are not amounts (etl.try_numeric refuses them too).
CREATE FUNCTION etl.read_numeric(v text, kind text) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN kind IS DISTINCT FROM 'numeric' THEN etl.try_numeric(v)
    WHEN v IN ('NaN', 'Infinity', '-Infinity') THEN NULL
    ELSE v::numeric
  END
$$;
