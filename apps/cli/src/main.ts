#!/usr/bin/env node
import { Command } from 'commander';
import { keysCommand } from './keys/keys.command';

const program = new Command('bfa').description('Brabant Federated Analytics').showHelpAfterError();
program.addCommand(keysCommand());

program.parseAsync(process.argv).catch((error: Error) => {
  console.error(`bfa: ${error.message}`);
  process.exit(1);
});
