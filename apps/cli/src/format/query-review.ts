import Table from 'cli-table3';
import type { QueryReview } from '@bfa/protocol';

/** What `GET /steward/queries/:id` returns: the proposal and the node's review of it in the catalog's words. */
export interface ReviewedProposal {
  queryId: string;
  queryHash: string;
  state: string;
  decision?: { statement: { decision: string; reason: string; decidedAt: string } } | null;
  review: QueryReview;
}

const listed = (items: string[]) => (items.length > 0 ? items.join('; ') : 'none');

/** Legal basis, DPIA and retention: what the steward's signature covers besides the query itself. */
function groundsFacts(review: QueryReview): [string, string][] {
  const grounds = review.grounds;
  if (!grounds) return [];
  const { legalBasis: basis, dpia } = grounds;
  const article = [basis.article, basis.law].filter(Boolean).join(', ');
  return [
    [
      'Legal basis',
      basis.label ? `${basis.label} (${basis.id}): ${article}` : `${basis.id}: NOT LISTED in the platform policy`,
    ],
    [
      'DPIA',
      dpia.reviewDate
        ? `${dpia.reference}${dpia.title ? `, ${dpia.title}` : ''}; covers queries until ${dpia.reviewDate} (its review date)`
        : `${dpia.reference}: NOT KNOWN to your policy`,
    ],
    ['Release kept', `${grounds.retentionDays} days`],
  ];
}

function facts(proposal: ReviewedProposal): [string, string][] {
  const { review } = proposal;
  const rows: [string, string][] = [
    ['Query', `${proposal.queryId} (${proposal.state})`],
    ['Requested by', `${review.requester}, ${review.submittedAt}`],
    ['Purpose', review.purpose],
    ...groundsFacts(review),
    ['Dataset', `${review.dataset.label} (${review.dataset.id}), held by ${review.dataset.holders.join(', ')}`],
    ['Counts', review.measure],
    ['Filters', listed(review.filters)],
    [
      'Broken down by',
      `${review.grid.dimensions.map((d) => `${d.label} (${d.values} values)`).join(' × ') || 'nothing'}: ${review.grid.cells} cells`,
    ],
    ['Smallest cell released', `${review.minCellSize} records; smaller ones are suppressed`],
    ['Data from', review.dataHolders.join(', ')],
    ['Decrypted by', `${review.keyHolders.join(', ')} (key holders)`],
  ];
  if (review.arms) rows.push(...armRows(review.arms));
  for (const factor of review.combination?.factors ?? [])
    rows.push([
      'Factor',
      `${factor.label}, at ${factor.holder} (${factor.dataset}${factor.filters.length ? `: ${factor.filters.join('; ')}` : ''})`,
    ]);
  rows.push(['Your policy', `${review.policy.allowed ? 'allows' : 'REFUSES'} this query: ${review.policy.rule}`]);
  if (proposal.decision)
    rows.push([
      'Your decision',
      `${proposal.decision.statement.decision}, ${proposal.decision.statement.decidedAt}${proposal.decision.statement.reason ? `: ${proposal.decision.statement.reason}` : ''}`,
    ]);
  return rows;
}

function armRows(arms: NonNullable<QueryReview['arms']>): [string, string][] {
  const values = (list: string[]) => `${list.length} ${arms.dimension.label}: ${list.join(', ')}`;
  return [
    ['Intervention arm', `${arms.label}: ${values(arms.intervention)}`],
    ['Comparison arm', `${arms.comparisonIsRest ? 'every other value, ' : ''}${values(arms.comparison)}`],
  ];
}

function earlierReleases(review: ReviewedProposal['review']): string {
  if (review.earlierReleases.length === 0) return `Earlier releases from ${review.dataset.id}: none.`;
  const table = new Table({
    head: ['query', 'requested by', 'broken down by', 'filters', 'shared', 'overlap'],
    style: { head: [], border: [], compact: true },
    wordWrap: true,
    colWidths: [10, 20, 18, 24, 16, 9],
  });
  for (const earlier of review.earlierReleases) {
    table.push([
      earlier.queryId.slice(0, 8),
      earlier.requester,
      earlier.groupBy.join(', '),
      listed(earlier.filters),
      listed(earlier.sharedDimensions),
      earlier.overlaps ? 'yes' : 'no',
    ]);
  }
  const overlapping = review.earlierReleases.filter((e) => e.overlaps).length;
  return [
    `Earlier releases from ${review.dataset.id}: ${review.earlierReleases.length}, of which ${overlapping} count some of the same records (weigh differencing).`,
    table.toString(),
  ].join('\n');
}

/** A steward's review of one query as a person reads it: the facts in the catalog's words, then earlier releases. */
export function readableReview(proposal: ReviewedProposal): string {
  const table = new Table({ style: { head: [], border: [], compact: true }, wordWrap: true, colWidths: [24, 76] });
  for (const [label, text] of facts(proposal)) table.push({ [label]: text });
  return [table.toString(), earlierReleases(proposal.review)].join('\n');
}
