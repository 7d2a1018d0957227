import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { bootstrapHttp, natsServerTransport } from '@bfa/runtime';
import { bindNodeOrg, nodeConfigFromEnv } from './node.config';

async function main(): Promise<void> {
  const config = nodeConfigFromEnv(process.env);
  bindNodeOrg(config.org);
  const { NodeModule } = await import('./node.module');
  const app = await NestFactory.create(NodeModule.forConfig(config), { logger: ['log', 'warn', 'error'] });
  app.connectMicroservice(natsServerTransport(config.natsUrl, `node-${config.org}`, config.natsCredentials, config.natsConnection), { inheritAppConfig: true });
  await app.startAllMicroservices();
  const { console: served } = await bootstrapHttp(app, config.httpPort, { consoleDir: config.consoleDir });
  Logger.log(`node ${config.org} up: http ${config.httpPort}, nats ${config.natsUrl}, console ${served ? `/console/ from ${config.consoleDir}` : 'not built'}`, 'Node');
}

main().catch((error) => {
  Logger.error(`node failed to start: ${error.message}`, 'Node');
  process.exit(1);
});
