import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPseudonymCeremony } from '@bfa/combination';
import { ceremonyHolders, readRegistryForCeremony } from './key-ceremony';

export interface PseudonymCeremonyOptions {
  /** The registry whose organisations' X25519 keys the secret is sealed to; its pseudonym secret id is replaced. */
  registryFile: string;
  /** Where `<org>/pseudonym-secrets/<secretId>.sealed.json` go, a tree to copy onto each node's data directory. */
  outDir: string;
  /** Partner nodes only, never the coordinator. Default: every organisation in the registry. */
  holders?: string[];
}

export interface PseudonymCeremonyOutcome {
  secretId: string;
  transcriptFile: string;
  sealedSecretFiles: Record<string, string>;
  previousSecretId?: string;
}

/**
 * One fresh pseudonym secret sealed to each partner node, its id and holders into the registry. Running it
 * again rotates the secret: a new id for new queries, the old sealed files left for queries still under it.
 */
export function holdPseudonymCeremony(options: PseudonymCeremonyOptions): PseudonymCeremonyOutcome {
  const registry = readRegistryForCeremony(options.registryFile);
  const holders = ceremonyHolders(registry, options.registryFile, options.holders);
  const ceremony = runPseudonymCeremony(holders);
  const sealedSecretFiles: Record<string, string> = {};
  for (const sealed of ceremony.sealedSecrets) {
    const dir = join(options.outDir, sealed.holder, 'pseudonym-secrets');
    mkdirSync(dir, { recursive: true });
    sealedSecretFiles[sealed.holder] = join(dir, `${sealed.secretId}.sealed.json`);
    writeFileSync(sealedSecretFiles[sealed.holder], JSON.stringify(sealed, null, 2), { mode: 0o600 });
  }
  const transcriptFile = join(options.outDir, `pseudonym-ceremony-${ceremony.secretId}.json`);
  writeFileSync(transcriptFile, JSON.stringify(ceremony.transcript, null, 2));
  const previousSecretId = registry.pseudonyms?.secretId;
  const pseudonyms = { secretId: ceremony.secretId, holders: holders.map((h) => h.org) };
  writeFileSync(options.registryFile, JSON.stringify({ ...registry, pseudonyms }, null, 2));
  return { secretId: ceremony.secretId, transcriptFile, sealedSecretFiles, previousSecretId };
}
