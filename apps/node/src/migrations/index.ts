import { InitialSchema1764460800000 } from './1764460800000-initial-schema';
import { ProposalReplies1764518400000 } from './1764518400000-proposal-replies';

/** The node's store (node-state.sqlite), in order: run at every start, each once. */
export const NODE_MIGRATIONS = [InitialSchema1764460800000, ProposalReplies1764518400000];
