// AHP weights and consistency against textbook vectors (expected values from hand calculation and
// numpy.linalg.eig), and the config check that rejects an inconsistent matrix.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/load.js";
import { ConfigError } from "../../../src/errors.js";
import { ahpWeights, matrixProblem } from "../../../src/tier/ahp.js";

describe("ahpWeights", () => {
  it("recovers 0.5/0.3/0.2 from a perfectly consistent matrix (CR 0)", () => {
    const r = ahpWeights([
      [1, 5 / 3, 5 / 2],
      [3 / 5, 1, 3 / 2],
      [2 / 5, 2 / 3, 1],
    ]);
    expect(r.weights[0]).toBeCloseTo(0.5, 9);
    expect(r.weights[1]).toBeCloseTo(0.3, 9);
    expect(r.weights[2]).toBeCloseTo(0.2, 9);
    expect(r.lambdaMax).toBeCloseTo(3, 9);
    expect(r.cr).toBeCloseTo(0, 9);
  });

  it("matches the classic 1-2-3 example: 0.5396/0.2970/0.1634, CR ≈ 0.008", () => {
    const r = ahpWeights([
      [1, 2, 3],
      [1 / 2, 1, 2],
      [1 / 3, 1 / 2, 1],
    ]);
    expect(r.weights[0]).toBeCloseTo(0.5396, 4);
    expect(r.weights[1]).toBeCloseTo(0.297, 4);
    expect(r.weights[2]).toBeCloseTo(0.1634, 4);
    expect(r.lambdaMax).toBeCloseTo(3.0092, 4);
    expect(r.cr).toBeCloseTo(0.0079, 4);
  });

  it("measures an inconsistent matrix at CR ≈ 0.117", () => {
    const r = ahpWeights([
      [1, 2, 2],
      [1 / 2, 1, 3],
      [1 / 2, 1 / 3, 1],
    ]);
    expect(r.cr).toBeCloseTo(0.1169, 4);
    expect(r.weights[0]).toBeCloseTo(0.4836, 4);
  });

  it("gives weight 1 to a single item and flags non-reciprocal matrices", () => {
    expect(ahpWeights([[1]]).weights).toEqual([1]);
    expect(
      matrixProblem([
        [1, 2],
        [2, 1],
      ]),
    ).toMatch(/reciprocal/);
  });
});

describe("loadConfig with an inconsistent criteria matrix", () => {
  it("throws a ConfigError naming scoring.pairwise.criteria", () => {
    const load = () =>
      loadConfig({
        env: {},
        overrides: {
          scoring: {
            pairwise: {
              criteria: [
                [1, 2, 2],
                [1 / 2, 1, 3],
                [1 / 2, 1 / 3, 1],
              ],
            },
          },
        },
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/scoring\.pairwise\.criteria: consistency ratio 0\.117/);
  });
});
