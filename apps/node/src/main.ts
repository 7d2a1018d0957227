import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  bootstrapHttp,
  countAccessRefusals,
  JsonLogger,
  natsServerTransport,
  Readiness,
  requestLog,
} from '@bfa/runtime';
import { bindNodeOrg, NodeConfig, nodeConfigFromEnv } from './node.config';
import { RandomizerSupply } from './precompute/randomizer-supply';
import { NodeMetrics } from './metrics/node-metrics';
import { watchNodeReadiness } from './health/node-readiness';
import { NodeKeys } from './keys/node-keys';

const logger = new JsonLogger('node');

async function main(): Promise<void> {
  Logger.overrideLogger(logger);
  const config = nodeConfigFromEnv(process.env);
  bindNodeOrg(config.org);
  const { NodeModule } = await import('./node.module');
  const app = await NestFactory.create(NodeModule.forConfig(config), { logger });
  const nats = app.connectMicroservice(
    natsServerTransport(config.natsUrl, `node-${config.org}`, config.natsCredentials, config.natsConnection),
    { inheritAppConfig: true },
  );
  watchReadiness(app.get(Readiness), nats.status, app.get(NodeKeys), app.get(RandomizerSupply), config);
  await app.startAllMicroservices().catch((error: Error) => {
    throw new Error(`NATS at ${config.natsUrl}: ${error.message}`);
  });
  app.use(requestLog(logger));
  app.use(countAccessRefusals(app.get(NodeMetrics).refusals));
  // The steward's upload travels as base64 in JSON: a third larger than the file, plus the mapping.
  const uploadLimit = Math.ceil((config.importMaxBytes * 4) / 3) + 128 * 1024;
  const { console: served } = await bootstrapHttp(app, config.httpPort, {
    consoleDir: config.consoleDir,
    auditCorsOrigin: config.consoleOrigin,
    largeBodies: { '/steward/data/import': uploadLimit },
  });
  Logger.log(
    `node ${config.org} up: http ${config.httpPort}, nats ${config.natsUrl}, console ${served ? `/console/ from ${config.consoleDir}` : 'not built'}`,
    'Node',
  );
}

/** /health/ready: NATS connected, this node's key share opened, and rⁿ ready so encryption at query time is one multiplication. */
function watchReadiness(
  readiness: Readiness,
  nats: Parameters<Readiness['watchNats']>[0],
  keys: NodeKeys,
  supply: RandomizerSupply,
  config: NodeConfig,
): void {
  readiness.watchNats(nats);
  watchNodeReadiness(readiness, keys, supply, config.randomizerPool);
  const share = keys.keyShareProblem();
  if (share)
    Logger.warn(
      `${share}: it executes queries but can't decrypt until the share is installed and the node restarted`,
      'Node',
    );
}

main().catch((error) => {
  Logger.error(`node failed to start: ${error.message}`, 'Node');
  process.exit(1);
});
