// Renders a golden customer's source customer rows (ERP primary and duplicate, CRM rows, exact CRM copies)
// with their ground truth: which entity each row is, which fields are invalid, which rows must be rejected.
import { englishName, variantName } from "./company-name.js";
import {
  formatEmail,
  formatLandline,
  formatMobile,
  formatRegion,
  formatUscc,
  invalidEmail,
  invalidPhone,
  invalidUscc,
  type SourceStyle,
} from "./contact-format.js";
import { EMAIL_ROLES } from "./data/names.js";
import { DAY_MS, shanghaiDateTime } from "./format.js";
import type { GoldenPlan, PlanWindow } from "./golden-plan.js";
import type { Rng } from "./prng.js";
import type { DemoBatch, FieldFlag } from "./types.js";

interface Contact {
  name: string | null;
  phone: string | null;
  email: string | null;
  region: string | null;
  uscc: string | null;
  flags: FieldFlag[];
}

const BLANK_NAMES = [null, "", "  ", "\u3000"] as const;

function mobileText(rng: Rng, g: GoldenPlan, source: SourceStyle): string {
  return source === "erp" && rng.chance(0.7) ? g.identity.mobile : formatMobile(rng, g.identity.mobile);
}

function landlineText(rng: Rng, g: GoldenPlan): string | null {
  const l = g.identity.landline;
  return l ? formatLandline(rng, l.area, l.local) : null;
}

/** Another address at the company's own domain (a second contact), or none for free-mail users. */
function otherEmail(rng: Rng, g: GoldenPlan): string | null {
  const [local, domain] = g.identity.email.split("@");
  if (!domain || /^(\d+@)?(qq|163|126|sina|foxmail|139|yeah|sohu)\./.test(domain)) return null;
  const role = rng.pick(EMAIL_ROLES.filter((r) => r !== local));
  return `${role}@${domain}`;
}

function renderContact(
  rng: Rng,
  g: GoldenPlan,
  source: SourceStyle,
  duplicate: boolean,
  missingKey: boolean,
): Contact {
  const id = g.identity;
  let name: string | null;
  if (missingKey) name = rng.pick(BLANK_NAMES);
  else if (duplicate) name = variantName(rng, id, 1);
  else if (g.englishName && source === "erp") name = englishName(rng, id);
  else name = variantName(rng, id, source === "crm" && rng.chance(0.1) ? 1 : 0);

  let phone: string | null;
  let email: string | null;
  let uscc: string | null;
  if (!duplicate) {
    const x = rng.next();
    const landlineShare = source === "erp" ? 0.93 : 0.6;
    phone =
      x < 0.55
        ? mobileText(rng, g, source)
        : x < landlineShare
          ? landlineText(rng, g)
          : x < 0.95
            ? mobileText(rng, g, source)
            : null;
    email = rng.chance(source === "erp" ? 0.85 : 0.8) ? formatEmail(rng, id.email) : null;
    uscc = id.uscc && rng.chance(source === "erp" ? 0.9 : 0.55) ? formatUscc(rng, id.uscc, source) : null;
  } else {
    // A row entered separately: each strong key survives independently; almost always at least one does.
    let shareUscc = id.uscc !== null && rng.chance(0.55);
    let shareMobile = rng.chance(0.65);
    const shareEmail = rng.chance(0.5);
    if (!shareUscc && !shareMobile && !shareEmail && rng.chance(0.95)) {
      if (id.uscc && rng.chance(0.5)) shareUscc = true;
      else shareMobile = true;
    }
    phone = shareMobile ? formatMobile(rng, id.mobile) : rng.chance(0.6) ? landlineText(rng, g) : null;
    email = shareEmail ? formatEmail(rng, id.email) : rng.chance(0.4) ? otherEmail(rng, g) : null;
    uscc = shareUscc && id.uscc ? formatUscc(rng, id.uscc, source) : null;
  }

  const flags: FieldFlag[] = [];
  if (!missingKey) {
    if (rng.chance(0.005)) {
      phone = invalidPhone(rng, id.mobile);
      flags.push("invalid_phone");
    }
    if (rng.chance(0.008)) {
      email = invalidEmail(rng, id.email);
      flags.push("invalid_email");
    }
    if (uscc && id.uscc && rng.chance(0.006)) {
      uscc = invalidUscc(rng, id.uscc);
      flags.push("invalid_credit_code");
    }
  }
  return { name, phone, email, region: formatRegion(rng, id.province, source), uscc, flags };
}

/** A last-modified time between `created` and the anchor, skewed towards recent edits. */
function modifiedAfter(rng: Rng, createdMs: number, w: PlanWindow): number {
  const span = Math.max(0, w.anchorMs - DAY_MS - createdMs);
  return createdMs + Math.floor((span * Math.sqrt(rng.next())) / 1000) * 1000;
}

export interface CustomerIds {
  nextErpId(): string;
  nextCrmNo(): string;
}

export interface RenderedCustomer {
  /** ERP ids that may carry orders (rows with a name), primary first. */
  orderIds: string[];
  /** The ERP id the credit rating is kept under, if any. */
  creditId: string | null;
}

export function renderCustomerRows(
  rng: Rng,
  g: GoldenPlan,
  ids: CustomerIds,
  w: PlanWindow,
  out: DemoBatch,
): RenderedCustomer {
  const rendered: RenderedCustomer = { orderIds: [], creditId: null };
  const record = (source: "erp" | "crm", key: string, c: Contact, missingKey: boolean) => {
    out.entities.push({ source, source_key: key, entity_id: g.entityId });
    for (const flag of c.flags) out.flags.push({ source, entity: "customer", source_key: key, flag });
    if (missingKey) out.defects.push({ source, entity: "customer", source_key: key, reason: "missing_key" });
  };

  if (g.inErp) {
    const erpRows = g.erpDuplicate ? 2 : 1;
    for (let k = 0; k < erpRows; k++) {
      const duplicate = k > 0;
      // Nameless rows never carry orders or ratings, so their rejection cannot orphan anything.
      const missingKey = duplicate ? rng.chance(0.08) : g.pattern === "never" && rng.chance(0.1);
      const c = renderContact(rng, g, "erp", duplicate, missingKey);
      const id = ids.nextErpId();
      const later = Math.floor(((w.anchorMs - DAY_MS - g.createdMs) * rng.next() * 0.9) / 1000) * 1000;
      const created = duplicate ? g.createdMs + later : g.createdMs;
      out.erpCustomers.push({
        id,
        company_name: c.name,
        phone: c.phone,
        email: c.email,
        region: c.region,
        credit_code: c.uscc,
        created_at: new Date(created),
        updated_at: new Date(modifiedAfter(rng, created, w)),
      });
      record("erp", id, c, missingKey);
      if (!missingKey) rendered.orderIds.push(id);
      if (!duplicate && !missingKey) rendered.creditId = id;
    }
  }

  if (g.inCrm) {
    const crmRows = g.crmDuplicate ? 2 : 1;
    for (let k = 0; k < crmRows; k++) {
      const missingKey = rng.chance(0.006);
      const c = renderContact(rng, g, "crm", g.inErp || k > 0, missingKey);
      const no = ids.nextCrmNo();
      const offset = rng.int(-30, 200) * DAY_MS + rng.int(0, DAY_MS - 1);
      const created = Math.min(g.createdMs + offset, w.anchorMs - 2 * DAY_MS);
      const row = {
        cust_no: no,
        name: c.name,
        mobile: c.phone,
        email: c.email,
        province: c.region,
        uscc: c.uscc,
        created: shanghaiDateTime(created),
        modified: shanghaiDateTime(modifiedAfter(rng, created, w)),
      };
      out.crmCustomers.push(row);
      record("crm", no, c, missingKey);
      // A legacy import ran twice: identical rows, same cust_no. The first copy stays, the rest are rejected.
      if (!missingKey && rng.chance(0.006)) {
        const copies = rng.chance(0.8) ? 1 : 2;
        for (let n = 0; n < copies; n++) {
          out.crmCustomers.push({ ...row });
          out.defects.push({ source: "crm", entity: "customer", source_key: no, reason: "exact_duplicate" });
        }
      }
    }
  }
  return rendered;
}
