import { StewardClient } from '../../deploy/local/clients';
import { until } from './until';

/**
 * A steward's decision is stored by the node and then delivered in the background (its outbox): a test that stops
 * that node next waits until the coordinator has acknowledged it, or the decision waits in the stopped node's store.
 */
export function decisionAcknowledged(steward: StewardClient, queryId: string, timeoutMs = 60_000): Promise<true> {
  return until(
    `the decision on ${queryId} acknowledged`,
    timeoutMs,
    async () =>
      (await steward.proposal<{ decisionDelivery: string | null }>(queryId)).decisionDelivery === 'acknowledged',
  );
}
