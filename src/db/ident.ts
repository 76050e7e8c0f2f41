// The one place identifiers from configuration are validated and quoted. Values are always bound.

const PART = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Quotes `name` or `schema.name` for Postgres ("...") or MySQL (`...`), rejecting anything unusual. */
export function quoteIdent(name: string, dialect: "pg" | "mysql" = "pg"): string {
  const parts = name.split(".");
  if (parts.length > 2 || !parts.every((p) => PART.test(p)))
    throw new Error(
      `invalid SQL identifier ${JSON.stringify(name)}: expected name or schema.name of letters, digits and _`,
    );
  const q = dialect === "pg" ? '"' : "`";
  return parts.map((p) => q + p + q).join(".");
}
