// Credit ratings (risk.credit_ratings) for ERP customers: most rated in the last year, some with an older rating
// too (the latest one counts); risky customers get C/D and defaults.
import { businessHours, DAY_MS } from "./format.js";
import type { GoldenPlan, PlanWindow } from "./golden-plan.js";
import type { Rng } from "./prng.js";
import type { CreditRating, DemoBatch } from "./types.js";

const RATINGS: readonly CreditRating[] = ["A", "B", "C", "D"];

function ratingFor(risk: number): CreditRating {
  if (risk < 0.22) return "A";
  if (risk < 0.45) return "B";
  if (risk < 0.72) return "C";
  return "D";
}

function defaultsFor(rng: Rng, rating: CreditRating): number {
  if (rating === "D") return rng.int(1, 3);
  if (rating === "C") return rng.chance(0.1) ? 1 : 0;
  return 0;
}

export function generateCredit(
  rng: Rng,
  g: GoldenPlan,
  customerId: string,
  w: PlanWindow,
  nextId: () => number,
  out: DemoBatch,
): void {
  if (!rng.chance(0.9)) return;
  const rating = ratingFor(g.risk + rng.normal(0, 0.05));
  const ratedAt = businessHours(w.anchorMs - rng.int(2, 364) * DAY_MS, rng.next());
  if (rng.chance(0.2)) {
    // An older rating a year earlier, one notch away at most.
    const k = Math.min(3, Math.max(0, RATINGS.indexOf(rating) + rng.int(-1, 1)));
    const older = RATINGS[k] ?? rating;
    out.credits.push({
      id: nextId(),
      customer_id: customerId,
      rating: older,
      defaults_12m: defaultsFor(rng, older),
      rated_at: new Date(ratedAt - 365 * DAY_MS),
    });
  }
  out.credits.push({
    id: nextId(),
    customer_id: customerId,
    rating,
    defaults_12m: defaultsFor(rng, rating),
    rated_at: new Date(ratedAt),
  });
}
