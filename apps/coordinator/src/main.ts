import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { subjects } from '@bfa/protocol';
import { bootstrapHttp, natsServerTransport } from '@bfa/runtime';
import { coordinatorConfigFromEnv } from './coordinator.config';
import { CoordinatorModule } from './coordinator.module';

async function main(): Promise<void> {
  const config = coordinatorConfigFromEnv(process.env);
  const app = await NestFactory.create(CoordinatorModule.forConfig(config), { logger: ['log', 'warn', 'error'] });
  app.connectMicroservice(natsServerTransport(config.natsUrl, 'coordinator', config.natsCredentials, { ...config.natsConnection, inboxPrefix: subjects.coordinatorInbox }), { inheritAppConfig: true });
  await app.startAllMicroservices();
  const { console: served } = await bootstrapHttp(app, config.httpPort, { consoleDir: config.consoleDir });
  Logger.log(`coordinator up: http ${config.httpPort}, nats ${config.natsUrl}, console ${served ? `/console/ from ${config.consoleDir}` : 'not built'}`, 'Coordinator');
}

main().catch((error) => {
  Logger.error(`coordinator failed to start: ${error.message}`, 'Coordinator');
  process.exit(1);
});
