import { subjects } from '@bfa/protocol';
import { LocalCluster } from '../../deploy/local/cluster';
import { RawNats } from './raw-nats';

/**
 * A node of an older release, as the coordinator sees it: the real node stopped, and in its place on its own NATS
 * account something that answers its heartbeat as that release did (`announce`: what the answer adds to `org`; an
 * empty object is a node from before versions were announced). Nothing else of the node answers.
 */
export async function olderNodeInPlace(
  cluster: LocalCluster,
  org: string,
  announce: Record<string, unknown>,
): Promise<RawNats> {
  await cluster.processes[`node-${org}`].stop();
  return heartbeatAnsweredAs(cluster, org, announce);
}

/** Only the heartbeat of `org`, answered on its own NATS account as a node announcing `announce`. */
export async function heartbeatAnsweredAs(
  cluster: LocalCluster,
  org: string,
  announce: Record<string, unknown>,
): Promise<RawNats> {
  const standIn = await RawNats.connect(cluster.natsUrl, cluster.natsAccounts[org]);
  standIn.serve(subjects.heartbeat(org), () => ({ ok: true, value: { org, ...announce } }));
  return standIn;
}

/** The upgrade: the stand-in gone, the node of this release started again on its own data. */
export async function upgradedNode(cluster: LocalCluster, org: string, standIn: RawNats): Promise<void> {
  await standIn.close();
  await cluster.processes[`node-${org}`].start();
}
