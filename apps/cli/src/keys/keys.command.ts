import { Command, InvalidArgumentError } from 'commander';
import { holdKeyCeremony } from './key-ceremony';

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

export function keysCommand(): Command {
  const keys = new Command('keys').description('key ceremony and rotation (ethics board or a neutral party)');
  keys
    .command('ceremony')
    .description('generate a new t-of-n Paillier key, seal each share to its holder, put the public key in the registry')
    .requiredOption('--registry <file>', 'registry.json with each organisation\'s boxPublicKey')
    .requiredOption('--out <dir>', 'where <org>/key-shares/<keyId>.sealed.json are written')
    .option('--bits <n>', 'size of n in bits', positiveInteger, 2048)
    .option('--threshold <t>', 'how many key holders must take part in a decryption (default: holders − 1)', positiveInteger)
    .option('--holders <orgs>', 'comma-separated key holders (default: every organisation in the registry)', (v) => v.split(',').map((s) => s.trim()))
    .option('--json', 'print the outcome as JSON')
    .action(async (options) => {
      const outcome = await holdKeyCeremony({ registryFile: options.registry, outDir: options.out, bits: options.bits, threshold: options.threshold, holders: options.holders });
      if (options.json) return console.log(JSON.stringify(outcome, null, 2));
      console.log(`key ${outcome.transcript.keyId}: ${outcome.transcript.threshold} of ${outcome.transcript.holders.length}, ${outcome.transcript.bits} bits` + (outcome.previousKeyId ? ` (replaces ${outcome.previousKeyId})` : ''));
      console.table(Object.entries(outcome.sealedShareFiles).map(([holder, file]) => ({ holder, 'sealed share': file })));
      console.log(`transcript: ${outcome.transcriptFile}\nregistry updated: ${options.registry}`);
    });
  return keys;
}
