/** Five steps of ColorBrewer's sequential Blues, light to dark; a hidden wijk is hatched grey instead. */
export const CLASS_COLOURS = ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'];

export interface ColourClass {
  from: number;
  to: number;
  colour: string;
}

/**
 * Equal-interval classes over the shown values (whole numbers: the released values are counts or sums, also after
 * rounding or noise), at most one per colour, each [from, to] with no gap or overlap; none when nothing is shown.
 */
export function colourClasses(values: number[], count = CLASS_COLOURS.length): ColourClass[] {
  if (values.length === 0) return [];
  const min = Math.min(...values);
  const max = Math.max(...values);
  const steps = Math.max(1, Math.min(count, CLASS_COLOURS.length, max - min + 1));
  const width = (max - min + 1) / steps;
  const tops = Array.from({ length: steps }, (_, i) => (i === steps - 1 ? max : Math.ceil(min + width * (i + 1)) - 1));
  return tops.map((to, i) => ({
    from: i === 0 ? min : tops[i - 1] + 1,
    to,
    colour: CLASS_COLOURS[Math.round((i * (CLASS_COLOURS.length - 1)) / Math.max(1, steps - 1))],
  }));
}

/** The class a value falls in (the highest whose lower bound it reaches). */
export function classOf(classes: ColourClass[], value: number): ColourClass | undefined {
  return [...classes].reverse().find((c) => value >= c.from);
}
