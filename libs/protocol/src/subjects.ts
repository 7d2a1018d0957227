/** NATS subjects. A node listens only on its own `node.<org>.>` subjects (deploy/ restricts it to them). */
export const subjects = {
  proposal: (org: string) => `node.${org}.query.proposed`,
  execute: (org: string) => `node.${org}.query.execute`,
  partialDecryption: (org: string) => `node.${org}.decryption.partial`,
  /** The signed contributions for a partial decryption, chunk by chunk, when they don't fit in its one message. */
  contributionChunk: (org: string) => `node.${org}.decryption.contributions`,
  /** Combination queries: the population holder starts, each factor holder applies its factor, the population holder finishes. */
  combinationStart: (org: string) => `node.${org}.combination.start`,
  combinationApply: (org: string) => `node.${org}.combination.apply`,
  combinationFinish: (org: string) => `node.${org}.combination.finish`,
  /** The coordinator relays a hop chunk by chunk: fetched from its sender, delivered to its recipient, never opened. */
  hopChunkFetch: (org: string) => `node.${org}.combination.chunk.fetch`,
  hopChunkDeliver: (org: string) => `node.${org}.combination.chunk.deliver`,
  /** Since protocol version 4 a hop goes from partner to partner: the coordinator asks its sender to send it... */
  hopSend: (org: string) => `node.${org}.combination.chunk.send`,
  /** ...and the sender pushes each chunk to its recipient, with the coordinator's signed request as the authorisation. */
  hopChunkPushed: (org: string) => `node.${org}.combination.chunk.pushed`,
  combinationDecryption: (org: string) => `node.${org}.combination.decryption`,
  /** The coordinator shows a node its log's new head; the node answers with its own. */
  auditHead: (org: string) => `node.${org}.audit.head`,
  /** Answered by a node's NATS handler thread: the coordinator checks a busy step's node is still there (no responder means gone). */
  heartbeat: (org: string) => `node.${org}.heartbeat`,
  /** A node's steward decision, sent until the coordinator's reply acknowledges it. */
  decision: 'coordinator.decision.recorded',
  /** Replies to the coordinator's requests arrive under this prefix, the only inbox its NATS account may subscribe to. */
  coordinatorInbox: '_INBOX.coordinator',
  /** Replies to a node's own requests (the coordinator's acknowledgement of a decision). */
  nodeInbox: (org: string) => `_INBOX.node-${org}`,
  /** Under it: the recipients' acknowledgements of the chunks a node pushes (a partner's leaf node may publish only there). */
  pushReplies: (org: string) => `_INBOX.node-${org}.push`,
} as const;
