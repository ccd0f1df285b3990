/**
 * @module drift/proportions
 * Two-proportion pooled z-test for rates (error rate, retry rate), with the normal tail it needs.
 * The tail comes from Numerical Recipes' `erfcc` (Chebyshev fit, fractional error < 1.2e-7 over
 * the whole line) because Abramowitz-Stegun 7.1.26 has an absolute, not relative, error bound and
 * so is useless for the small p-values a drift report is about.
 */

/** Complementary error function, fractional error < 1.2e-7 everywhere (Numerical Recipes erfcc). */
export function erfc(x: number): number {
  const z = Math.abs(x)
  const t = 1 / (1 + 0.5 * z)
  const ans =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    )
  return x >= 0 ? ans : 2 - ans
}

/** Upper tail of the standard normal, P(Z > z). */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2)
}

export interface TwoProportionResult {
  z: number
  /** two-sided */
  pValue: number
  /** p2 − p1: positive when the current window's rate is higher */
  effect: number
}

/**
 * Pooled two-proportion z-test of x1/n1 (reference) against x2/n2 (current).
 * Invariant: when the pooled rate is 0 or 1 the windows cannot differ, so z = 0 and p = 1
 * (rather than 0/0 = NaN).
 */
export function twoProportion(x1: number, n1: number, x2: number, n2: number): TwoProportionResult {
  if (n1 <= 0 || n2 <= 0) return { z: 0, pValue: 1, effect: 0 }
  const p1 = x1 / n1
  const p2 = x2 / n2
  const pooled = (x1 + x2) / (n1 + n2)
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
  if (se === 0) return { z: 0, pValue: 1, effect: p2 - p1 }
  const z = (p2 - p1) / se
  return { z, pValue: Math.min(1, 2 * normalSf(Math.abs(z))), effect: p2 - p1 }
}
