import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { bootstrapHttp, natsServerTransport } from '@bfa/runtime';
import { NodeModule } from './node.module';
import { nodeConfigFromEnv } from './node.config';

async function main(): Promise<void> {
  const config = nodeConfigFromEnv(process.env);
  const app = await NestFactory.create(NodeModule.forConfig(config), { logger: ['log', 'warn', 'error'] });
  app.connectMicroservice(natsServerTransport(config.natsUrl, `node-${config.org}`, config.natsCredentials, { caFile: config.natsCa }), { inheritAppConfig: true });
  await app.startAllMicroservices();
  // The steward's upload travels as base64 in JSON: a third larger than the file, plus the mapping.
  const uploadLimit = Math.ceil((config.importMaxBytes * 4) / 3) + 128 * 1024;
  const { console: served } = await bootstrapHttp(app, config.httpPort, { consoleDir: config.consoleDir, largeBodies: { '/steward/data/import': uploadLimit } });
  Logger.log(`node ${config.org} up: http ${config.httpPort}, nats ${config.natsUrl}, console ${served ? `/console/ from ${config.consoleDir}` : 'not built'}`, 'Node');
}

main().catch((error) => {
  Logger.error(`node failed to start: ${error.message}`, 'Node');
  process.exit(1);
});
