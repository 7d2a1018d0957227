import type { ProtectionSummary, SuppressionRule } from '@bfa/disclosure';

/** The mark a cell hidden by each rule shows instead of its value: one letter, so a table stays narrow. */
export const RULE_MARKS: Record<SuppressionRule, string> = {
  'primary-frequency': 'x',
  secondary: 's',
  dominance: 'd',
  'p-percent': 'p',
  differencing: 'v',
  withheld: '-',
  noise: '',
  rounding: '',
};

/** Why a rule hides or changes cells, in the words a steward uses; parameters are the policy's, never a cell's. */
function ruleWords(rule: SuppressionRule, parameters: Record<string, number>): string {
  const k = parameters.minCellSize;
  switch (rule) {
    case 'primary-frequency':
      return `fewer than ${k} records in the cell`;
    case 'secondary':
      return 'hidden as well, so that no suppressed cell can be worked out from the totals';
    case 'dominance':
      return 'one or two records make up most of the sum';
    case 'p-percent':
      return 'the others in the cell would narrow down the largest contribution too closely';
    case 'differencing':
      return `would reveal fewer than ${k} records when subtracted from ${parameters.earlierReleases} earlier release(s)`;
    case 'withheld':
      return `fewer than ${k} children of the population in the cell: withheld at the source`;
    case 'noise':
      return `random noise added to every value (${Object.entries(parameters)
        .map(([name, value]) => `${name} ${value}`)
        .join(', ')})`;
    case 'rounding':
      return `every value rounded to a multiple of ${parameters.base}, totals kept consistent`;
  }
}

/** The legend under a released table: each mark, which rule it stands for, how many cells it hid; then the summary. */
export function suppressionLegend(protection: ProtectionSummary): string[] {
  const lines = protection.rules.map(({ rule, parameters, cells }) => {
    const mark = RULE_MARKS[rule] ? `${RULE_MARKS[rule]}  ` : '   ';
    if (cells === 0) return `${mark}${rule}: checked, no cell hidden`;
    const count = RULE_MARKS[rule]
      ? `${cells} ${cells === 1 ? 'cell' : 'cells'} hidden`
      : `${cells} ${cells === 1 ? 'cell' : 'cells'}`;
    return `${mark}${rule}: ${count}, ${ruleWords(rule, parameters)}`;
  });
  const { suppressedCells, totalCells } = protection;
  const summary =
    suppressedCells === totalCells
      ? `All ${totalCells} cells suppressed: no cell could be released.`
      : `${suppressedCells} of ${totalCells} cells suppressed; every other cell is released as shown.`;
  return [...lines, summary];
}
