/** NATS subjects. A node listens only on its own `node.<org>.>` subjects (deploy/ restricts it to them). */
export const subjects = {
  proposal: (org: string) => `node.${org}.query.proposed`,
  execute: (org: string) => `node.${org}.query.execute`,
  partialDecryption: (org: string) => `node.${org}.decryption.partial`,
  decision: 'coordinator.decision.recorded',
} as const;
