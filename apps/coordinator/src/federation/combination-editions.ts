import { combinationHops, CombinationQuery, HopReceipt, verifyReceiptChain } from '@bfa/combination';
import { Catalog, datasetsAt } from '@bfa/policy';
import { ContributionEdition, QuerySpec, Registry } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';

/** Every partner's node signing key, from the public registry: who signed a hop's receipt. */
export function nodeSigningKeys(registry: Registry): Record<string, string> {
  return Object.fromEntries(Object.entries(registry.organisations).map(([org, keys]) => [org, keys.nodePublicKey]));
}

/**
 * The editions a combination's release names: each step's receipt names the editions of its sender's own data
 * the step read, under the sender's signature. The receipts must be the whole chain of this query, each signed
 * by its sender's node; each edition must be the sender's and of a dataset the query reads at the sender.
 */
export function combinationEditions(
  catalog: Catalog,
  spec: QuerySpec,
  query: CombinationQuery,
  receipts: HopReceipt[],
  signingKeys: Record<string, string>,
): ContributionEdition[] {
  if (receipts.length !== combinationHops(query).length)
    throw new Refusal(`the chain of combination ${query.queryId} has ${receipts.length} receipts, not one per step`);
  try {
    verifyReceiptChain(query, receipts, signingKeys);
  } catch (error) {
    throw new Refusal(`the chain's receipts are refused: ${(error as Error).message}`);
  }
  for (const { from, editions } of receipts) {
    const datasets = datasetsAt(catalog, spec, from);
    if (editions.some((e) => e.org !== from || !datasets.includes(e.dataset)))
      throw new Refusal(`${from}'s combination step names an edition of another organisation or dataset`);
  }
  return receipts.flatMap((receipt) => receipt.editions);
}
