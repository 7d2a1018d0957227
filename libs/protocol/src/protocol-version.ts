import type { QuerySpec } from './query-spec.dto';

/**
 * The protocol this build speaks: the coordinator and every node announce it (a node in its heartbeat's answer).
 * Raised by one whenever a step's messages change so that a node of an earlier version can't do it; add the step
 * to PROTOCOL_STEPS with the version it needs.
 */
export const PROTOCOL_VERSION = 4;

/** A node that announces no version is from before announcements (releases before 2026-12): it counts as version 1. */
export const UNANNOUNCED_VERSION = 1;

/** What each version added, in the operators' words (docs/operations.md, "Upgrading"). */
export const PROTOCOL_HISTORY: Record<number, string> = {
  1: 'count, sum, mean and rate queries, threshold decryption, combinations with JSON hop chunks',
  2: 'combination hop chunks sealed with ChaCha20-Poly1305, bound to their header and sent as binary; combination margins',
  3: "the version announced in the node's heartbeat answer; a mean's magnitudes carry the smallest value (a fifth part); combination hop chunks relayed in binary frames beside a signed header",
  4: 'hop chunks sent from partner to partner, authorised by the coordinator',
};

interface ProtocolStep {
  version: number;
  /** The step in words, for the refusal: "a combination needs protocol version 2 ...". */
  what: string;
  needs: (spec: QuerySpec) => boolean;
}

/** The steps that need more than version 1, at every node the query reaches (its data holders and key holders). */
export const PROTOCOL_STEPS: ProtocolStep[] = [
  { version: 2, what: 'a combination (sealed binary hop chunks, margins)', needs: (spec) => !!spec.combination },
  // Version 3's coordinator asks for every hop chunk in a binary frame (`wire: 'binary'`): a version 2 node refuses.
  {
    version: 3,
    what: 'a combination (hop chunks relayed in binary frames)',
    needs: (spec) => !!spec.combination,
  },
  // A version 1/2 node sends a mean's magnitudes in three parts: the layout check would fail it only after approval.
  {
    version: 3,
    what: 'a mean (its magnitudes carry the smallest value)',
    needs: (spec) => spec.measure?.kind === 'mean',
  },
];

/** The version every node a query reaches must speak, and the step that needs it (none beyond version 1: `a query`). */
export function protocolNeeded(spec: QuerySpec): { version: number; what: string } {
  return PROTOCOL_STEPS.filter((step) => step.needs(spec)).reduce(
    (most, { version, what }) => (version > most.version ? { version, what } : most),
    { version: 1, what: 'a query' },
  );
}

/** The version a heartbeat's answer announces, or `unannounced` when it names none (or nonsense). */
export function announcedVersion(answer: unknown): number | 'unannounced' {
  const version = (answer as { protocolVersion?: unknown } | null)?.protocolVersion;
  return typeof version === 'number' && Number.isSafeInteger(version) && version >= 1 ? version : 'unannounced';
}

/** Why `org`'s node can't take part in `spec`, or null when it can (the step's version or later). */
export function protocolProblem(spec: QuerySpec, org: string, announced: number | 'unannounced'): string | null {
  const needed = protocolNeeded(spec);
  const version = announced === 'unannounced' ? UNANNOUNCED_VERSION : announced;
  if (version >= needed.version) return null;
  const speaks =
    announced === 'unannounced'
      ? `announces no protocol version (it predates the announcement: version ${UNANNOUNCED_VERSION})`
      : `speaks protocol version ${version}`;
  return `${org}'s node ${speaks}; ${needed.what} needs version ${needed.version} or later at every partner it reaches: upgrade ${org}'s node first`;
}
