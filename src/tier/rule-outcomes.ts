// Rules for a whole run: each customer's conditions are tested as before, but what the fired rules do (the
// tier after them, the before → after entries, the tags) is worked out once per distinct model tier,
// previous tier and fired set. A quarter has a million customers and only dozens of those combinations,
// so every customer keeps one outcome id instead of its own explanation objects. Pure.
import type { Rule } from "../config/schema.js";
import {
  applyFired,
  evaluateCondition,
  type FieldValue,
  type RuleApplied,
  type RuleFields,
  type TierOrder,
} from "./rules.js";

export interface TierOutcome {
  /** Tier indices (0 = highest) before and after the rules. */
  modelIdx: number;
  tierIdx: number;
  /** Shared by every customer with this outcome: copy before handing out. */
  applied: readonly RuleApplied[];
  tags: readonly string[];
}

export class OutcomeTable {
  readonly list: TierOutcome[] = [];
  private readonly ids = new Map<number | string, number>();
  private readonly fired: Uint32Array;
  /** One number per combination while it fits in 2^53; a string key beyond (over 32 rules). */
  private readonly numericKey: boolean;

  constructor(
    private readonly rules: readonly Rule[],
    private readonly order: TierOrder,
  ) {
    this.fired = new Uint32Array(Math.max(1, Math.ceil(rules.length / 32)));
    this.numericKey = this.fired.length === 1 && order.length <= 1000;
  }

  /**
   * Tests every rule's condition against `fields` and returns the id of the outcome in `list`. max_drop
   * depends on the previous tier only through its place in the tier order, so that place is the key.
   */
  decide(fields: RuleFields, modelIdx: number, previousTier: FieldValue): number {
    const { rules, order, fired } = this;
    fired.fill(0);
    for (let k = 0; k < rules.length; k++)
      if (evaluateCondition(rules[k]!.when, fields)) fired[k >>> 5]! |= 1 << (k & 31);
    const prevIdx = typeof previousTier === "string" ? order.indexOf(previousTier) : -1;
    const key = this.numericKey
      ? (fired[0]! * (order.length + 1) + prevIdx + 1) * order.length + modelIdx
      : `${modelIdx} ${prevIdx} ${fired.join(" ")}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      const out = applyFired(
        order[modelIdx]!,
        (k) => (fired[k >>> 5]! & (1 << (k & 31))) !== 0,
        () => previousTier,
        rules,
        order,
      );
      id = this.list.length;
      this.list.push({ modelIdx, tierIdx: order.indexOf(out.tier), applied: out.applied, tags: out.tags });
      this.ids.set(key, id);
    }
    return id;
  }
}
