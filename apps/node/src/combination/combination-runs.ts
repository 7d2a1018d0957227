import { Inject, Injectable, Optional } from '@nestjs/common';
import { PopulationState, SealedHop, SealedHopHeader } from '@bfa/combination';
import { SealedBox } from '@bfa/crypto';
import { Refusal } from '@bfa/runtime';
import { DEFAULT_HOP_CHUNKS_MAX_BYTES, NODE_CONFIG, NodeConfig } from '../node.config';

/** A run's state lives in memory only, and is dropped this long after it was last touched. */
const RUN_TTL_MS = 2 * 60 * 60_000;

interface Run {
  /** Population holder only: each child's cell by pseudonym, between its first and last step. */
  population?: PopulationState;
  /** The hop this node sealed, until the coordinator has fetched it (or this node has pushed it). */
  outgoing?: SealedHop;
  /** Chunks delivered to this node, by step. */
  incoming: Map<number, SealedBox[]>;
  touchedAt: number;
}

/** This node's part of the combination runs under way: nothing of it is written to disk. */
@Injectable()
export class CombinationRuns {
  private readonly runs = new Map<string, Run>();
  private readonly maxBytes: number;

  constructor(@Optional() @Inject(NODE_CONFIG) config?: Pick<NodeConfig, 'hopChunksMaxBytes'>) {
    this.maxBytes = config?.hopChunksMaxBytes ?? DEFAULT_HOP_CHUNKS_MAX_BYTES;
  }

  private run(queryId: string): Run {
    this.expire();
    const run = this.runs.get(queryId) ?? { incoming: new Map(), touchedAt: 0 };
    run.touchedAt = Date.now();
    this.runs.set(queryId, run);
    return run;
  }

  private expire(now = Date.now()): void {
    for (const [queryId, run] of this.runs) if (now - run.touchedAt > RUN_TTL_MS) this.runs.delete(queryId);
  }

  keepPopulation(queryId: string, state: PopulationState): void {
    this.run(queryId).population = state;
  }

  /** Once only: finishing twice would aggregate (and ask to decrypt) the same population again. */
  takePopulation(queryId: string): PopulationState {
    const run = this.run(queryId);
    if (!run.population) throw new Refusal(`no combination of query ${queryId} is waiting to be finished here`);
    const state = run.population;
    run.population = undefined;
    return state;
  }

  keepOutgoing(hop: SealedHop): void {
    this.run(hop.queryId).outgoing = hop;
  }

  /** The hop this node sealed for `step`, to send it itself (protocol version 4). */
  outgoingHop(queryId: string, step: number): SealedHop {
    const hop = this.runs.get(queryId)?.outgoing;
    if (!hop || hop.step !== step) throw new Refusal(`no step ${step} of query ${queryId} was sealed here`);
    return hop;
  }

  outgoingChunk(queryId: string, step: number, index: number): SealedBox {
    const hop = this.runs.get(queryId)?.outgoing;
    if (!hop || hop.step !== step || !hop.chunks[index])
      throw new Refusal(`no chunk ${index} of step ${step} of query ${queryId} here`);
    return hop.chunks[index];
  }

  deliver(queryId: string, step: number, index: number, chunk: SealedBox): void {
    const run = this.run(queryId);
    const chunks = run.incoming.get(step) ?? [];
    if (chunks[index]) throw new Refusal(`chunk ${index} of step ${step} of query ${queryId} was already delivered`);
    // Pushed by a partner or relayed, a chunk waits here for its step: a sender may announce up to 200 of 8 MB each.
    const held = this.heldBytes();
    if (held + chunk.box.length > this.maxBytes)
      throw new Refusal(
        `chunk ${index} of step ${step} of query ${queryId} would take the hop chunks held here past BFA_HOP_CHUNKS_MAX_BYTES (${this.maxBytes} bytes; ${held} held)`,
      );
    chunks[index] = chunk;
    run.incoming.set(step, chunks);
  }

  /** The sealed bytes of every chunk delivered here and not yet taken by its step (as base64, as they are held). */
  private heldBytes(): number {
    let held = 0;
    for (const run of this.runs.values())
      for (const chunks of run.incoming.values()) for (const chunk of chunks) held += chunk?.box.length ?? 0;
    return held;
  }

  /** The delivered hop, whole: every chunk the header announces, and no other. */
  incomingHop(header: SealedHopHeader): SealedHop {
    const chunks = this.runs.get(header.queryId)?.incoming.get(header.step) ?? [];
    const delivered = chunks.filter(Boolean).length;
    if (delivered !== header.chunks || chunks.length !== header.chunks) {
      throw new Refusal(
        `step ${header.step} of query ${header.queryId} announces ${header.chunks} chunks; ${delivered} were delivered`,
      );
    }
    this.runs.get(header.queryId)!.incoming.delete(header.step);
    return { ...header, chunks };
  }

  end(queryId: string): void {
    this.runs.delete(queryId);
  }
}
