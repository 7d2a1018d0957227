#!/usr/bin/env node
// DTO decorators (class-transformer's @Type) read design-time metadata as soon as their modules load.
import 'reflect-metadata';
import { Command } from 'commander';
import { cliSettings } from './cli.config';
import { dataCommand } from './data/data.command';
import { keysCommand } from './keys/keys.command';
import { analystCommand } from './roles/analyst.command';
import { ethicsCommand } from './roles/ethics.command';
import { stewardCommand } from './roles/steward.command';

const program = new Command('bfa')
  .description('Brabant Federated Analytics: one command per role')
  .showHelpAfterError();
program
  .addCommand(analystCommand())
  .addCommand(stewardCommand())
  .addCommand(ethicsCommand())
  .addCommand(keysCommand())
  .addCommand(dataCommand());

Promise.resolve()
  .then(() => cliSettings())
  .then(() => program.parseAsync(process.argv))
  .catch((error: Error) => {
    console.error(`bfa: ${error.message}`);
    process.exit(1);
  });
