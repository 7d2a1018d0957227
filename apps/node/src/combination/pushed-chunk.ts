import {
  FramedChunk,
  FramedPayload,
  PushedHopChunk,
  pushedChunkProblem,
  Registry,
  validateMessage,
} from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { refusing } from './combination-party';
import { CombinationRuns } from './combination-runs';
import { PushedTransfers } from './pushed-transfers';

/** What the recipient of a pushed chunk checks it with, and where it keeps it. */
export interface PushedChunkReceiver {
  org: string;
  registry: Registry;
  freshnessMs: number;
  runs: CombinationRuns;
  pushes: PushedTransfers;
  /** Throws unless the chain of this query, as this node's steward approved it, sends `step` from `from` to this node. */
  addressedHere: (queryId: string, step: number, from: string) => Promise<void>;
}

/**
 * A chunk its sender pushed (protocol version 4), kept where a relayed one goes only once every check passed: a
 * frame; the coordinator's fresh authorisation of exactly this query, step, sender and recipient; the sender node's
 * signature; the one transfer of this hop; a hop of an approved query the chain sends from that sender to this node;
 * the bytes the header names; each position once. A refusal keeps nothing.
 */
export async function receivePushedChunk(payload: unknown, receiver: PushedChunkReceiver): Promise<number> {
  if (!(payload instanceof FramedPayload)) throw new Refusal('a pushed chunk travels in a binary frame');
  validateMessage(PushedHopChunk, payload.message);
  // As it came (validated): the signatures are over what was sent, not over the DTO's instance.
  const pushed = payload.message as PushedHopChunk;
  const problem =
    pushedChunkProblem(pushed, {
      recipient: receiver.org,
      coordinatorPublicKey: receiver.registry.coordinator?.publicKey ?? '',
      senderPublicKey: receiver.registry.organisations[pushed.from]?.nodePublicKey,
      freshnessMs: receiver.freshnessMs,
    }) ?? receiver.pushes.problem(pushed);
  if (problem) throw new Refusal(problem);
  const { queryId, step, index, from } = pushed;
  await receiver.addressedHere(queryId, step, from);
  const chunk = refusing(() => new FramedChunk(pushed.chunk, payload.bytes).sealedBox());
  // Checked again after the wait for the store: another chunk of this hop may have been kept meanwhile.
  const meanwhile = receiver.pushes.problem(pushed);
  if (meanwhile) throw new Refusal(meanwhile);
  receiver.runs.deliver(queryId, step, index, chunk);
  receiver.pushes.record(pushed);
  return index;
}
