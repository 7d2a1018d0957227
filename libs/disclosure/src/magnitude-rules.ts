/**
 * What the dominance and p% rules need of a cell, as upper bounds: its largest contribution, and its two
 * largest together. Exact when one holder has the data; with several holders each cell only has the sums
 * over holders of their own largest and second largest, which bound the true values from above, so the
 * rules err towards hiding.
 */
export interface DominanceBounds {
  largest: number;
  topTwo: number;
}

/**
 * (n, k) dominance with n = 2, and the p% rule: the design's defaults (SACRO / ACRO). With these two
 * values p% adds nothing (a rest of at least 10% of the total is at least 10% of the largest); it bites
 * when a policy sets a larger p or a larger k.
 */
export interface MagnitudeRules {
  dominanceK: number;
  pPercent: number;
}

export const MAGNITUDE_DEFAULTS: MagnitudeRules = { dominanceK: 0.9, pPercent: 0.1 };

export type MagnitudeRule = 'dominance' | 'p-percent';

export function leafBounds(largest: number, secondLargest: number): DominanceBounds {
  return { largest, topTwo: largest + secondLargest };
}

/**
 * A total's bounds from its parts': its largest value is some part's largest; its two largest are either
 * one part's two largest or the largest of two different parts.
 */
export function combineBounds(parts: DominanceBounds[]): DominanceBounds {
  const largest = parts.map((p) => p.largest).sort((a, b) => b - a);
  return {
    largest: largest[0] ?? 0,
    topTwo: Math.max(0, ...parts.map((p) => p.topTwo), (largest[0] ?? 0) + (largest[1] ?? 0)),
  };
}

/**
 * The rule a magnitude cell breaks, if any. Dominance: the two largest make up more than k of the total.
 * p%: the rest (total minus the two largest) is less than p of the largest, so the second largest
 * contributor could estimate the largest to within p.
 */
export function brokenMagnitudeRule(
  total: number,
  bounds: DominanceBounds,
  rules: MagnitudeRules = MAGNITUDE_DEFAULTS,
): MagnitudeRule | null {
  if (total <= 0) return null;
  const topTwo = Math.min(bounds.topTwo, total);
  if (topTwo > rules.dominanceK * total) return 'dominance';
  if (total - topTwo < rules.pPercent * Math.min(bounds.largest, total)) return 'p-percent';
  return null;
}
