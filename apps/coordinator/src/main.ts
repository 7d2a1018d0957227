import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { subjects } from '@bfa/protocol';
import {
  bootstrapHttp,
  countAccessRefusals,
  JsonLogger,
  natsServerTransport,
  Readiness,
  requestLog,
} from '@bfa/runtime';
import { coordinatorConfigFromEnv } from './coordinator.config';
import { CoordinatorModule } from './coordinator.module';
import { CoordinatorMetrics } from './metrics/coordinator-metrics';

const logger = new JsonLogger('coordinator');

async function main(): Promise<void> {
  Logger.overrideLogger(logger);
  const config = coordinatorConfigFromEnv(process.env);
  const app = await NestFactory.create(CoordinatorModule.forConfig(config), { logger });
  const nats = app.connectMicroservice(
    natsServerTransport(config.natsUrl, 'coordinator', config.natsCredentials, {
      ...config.natsConnection,
      inboxPrefix: subjects.coordinatorInbox,
    }),
    { inheritAppConfig: true },
  );
  app.get(Readiness).watchNats(nats.status);
  await app.startAllMicroservices().catch((error: Error) => {
    throw new Error(`NATS at ${config.natsUrl}: ${error.message}`);
  });
  app.use(requestLog(logger));
  app.use(countAccessRefusals(app.get(CoordinatorMetrics).refusals));
  const { console: served } = await bootstrapHttp(app, config.httpPort, {
    consoleDir: config.consoleDir,
    consoleConnect: Object.values(config.auditNodeUrls).map((url) => new URL(url).origin),
  });
  Logger.log(
    `coordinator up: http ${config.httpPort}, nats ${config.natsUrl}, console ${served ? `/console/ from ${config.consoleDir}` : 'not built'}`,
    'Coordinator',
  );
}

main().catch((error) => {
  Logger.error(`coordinator failed to start: ${error.message}`, 'Coordinator');
  process.exit(1);
});
