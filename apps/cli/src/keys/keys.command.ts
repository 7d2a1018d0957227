import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { sealKeyFile } from '@bfa/crypto';
import { rowsTable } from '../cli-io';
import { progressOn } from '../format/progress';
import { holdKeyCeremony } from './key-ceremony';
import { holdPseudonymCeremony } from './pseudonym-ceremony';

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

function commaSeparated(value: string): string[] {
  return value.split(',').map((s) => s.trim());
}

export function keysCommand(): Command {
  const keys = new Command('keys').description('key ceremony and rotation (ethics board or a neutral party)');
  keys
    .command('ceremony')
    .description(
      'generate a new t-of-n Paillier key, seal each share to its holder, put the public key in the registry',
    )
    .requiredOption('--registry <file>', "registry.json with each organisation's boxPublicKey")
    .requiredOption('--out <dir>', 'where <org>/key-shares/<keyId>.sealed.json are written')
    .option('--bits <n>', 'size of n in bits', positiveInteger, 2048)
    .option(
      '--threshold <t>',
      'how many key holders must take part in a decryption (default: holders − 1)',
      positiveInteger,
    )
    .option(
      '--holders <orgs>',
      'comma-separated key holders (default: every organisation in the registry)',
      commaSeparated,
    )
    .option('--json', 'print the outcome as JSON')
    .action(async (options) => {
      const progress = progressOn();
      progress.step(`finding safe primes for a ${options.bits}-bit key (minutes at 3072 bits)`);
      const outcome = await holdKeyCeremony({
        registryFile: options.registry,
        outDir: options.out,
        bits: options.bits,
        threshold: options.threshold,
        holders: options.holders,
      }).finally(() => progress.done());
      if (options.json) return console.log(JSON.stringify(outcome, null, 2));
      console.log(
        `key ${outcome.transcript.keyId}: ${outcome.transcript.threshold} of ${outcome.transcript.holders.length}, ${outcome.transcript.bits} bits` +
          (outcome.previousKeyId ? ` (replaces ${outcome.previousKeyId})` : ''),
      );
      console.log(
        rowsTable(Object.entries(outcome.sealedShareFiles).map(([holder, file]) => ({ holder, 'sealed share': file }))),
      );
      console.log(`transcript: ${outcome.transcriptFile}\nregistry updated: ${options.registry}`);
    });
  keys
    .command('pseudonym-ceremony')
    .description(
      'generate a new pseudonym secret, seal it to each partner node (never the coordinator), put its id in the registry',
    )
    .requiredOption('--registry <file>', "registry.json with each organisation's boxPublicKey")
    .requiredOption('--out <dir>', 'where <org>/pseudonym-secrets/<secretId>.sealed.json are written')
    .option(
      '--holders <orgs>',
      'comma-separated partner nodes (default: every organisation in the registry)',
      commaSeparated,
    )
    .option('--json', 'print the outcome as JSON')
    .action((options) => {
      const outcome = holdPseudonymCeremony({
        registryFile: options.registry,
        outDir: options.out,
        holders: options.holders,
      });
      if (options.json) return console.log(JSON.stringify(outcome, null, 2));
      console.log(
        `pseudonym secret ${outcome.secretId}: ${Object.keys(outcome.sealedSecretFiles).length} holders` +
          (outcome.previousSecretId ? ` (replaces ${outcome.previousSecretId})` : ''),
      );
      console.log(
        rowsTable(
          Object.entries(outcome.sealedSecretFiles).map(([holder, file]) => ({ holder, 'sealed secret': file })),
        ),
      );
      console.log(`transcript: ${outcome.transcriptFile}\nregistry updated: ${options.registry}`);
    });
  keys
    .command('seal-identity')
    .description(
      "seal a coordinator's or node's identity file with a passphrase (scrypt + secretbox); the process then needs BFA_SIGNING_KEY_PASSPHRASE(_FILE) to start",
    )
    .requiredOption('--file <file>', 'the identity file (BFA_IDENTITY_FILE), owner-only')
    .requiredOption('--passphrase-file <file>', 'first line: the new passphrase')
    .option('--current-passphrase-file <file>', 'first line: the passphrase it is sealed with now')
    .action((options) => {
      const firstLine = (file: string | undefined) => file && readFileSync(file, 'utf8').split('\n')[0];
      sealKeyFile(options.file, firstLine(options.passphraseFile)!, firstLine(options.currentPassphraseFile));
      console.log(`${options.file} sealed`);
    });
  keys
    .command('protect')
    .description(
      'seal your own key file (analyst, steward, ethics board) with a passphrase (scrypt + secretbox): the console opens it in the browser with the passphrase, bfa with BFA_SIGNING_KEY_PASSPHRASE(_FILE)',
    )
    .requiredOption('--key <file>', 'your key file, owner-only (chmod 600)')
    .requiredOption('--passphrase-file <file>', 'first line: the new passphrase')
    .option('--current-passphrase-file <file>', 'first line: the passphrase it is sealed with now')
    .action((options) => {
      const firstLine = (file: string | undefined) => file && readFileSync(file, 'utf8').split('\n')[0];
      sealKeyFile(options.key, firstLine(options.passphraseFile)!, firstLine(options.currentPassphraseFile));
      console.log(`${options.key} sealed: sign in with it and its passphrase`);
    });
  return keys;
}
