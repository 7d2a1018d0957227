import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CeremonyHolder, CeremonyTranscript, runKeyCeremony } from '@bfa/crypto';
import { Registry } from '@bfa/protocol';

export interface KeyCeremonyOptions {
  /** The registry whose organisations' X25519 keys the shares are sealed to; its Paillier key is replaced. */
  registryFile: string;
  /** Where `<org>/key-shares/<keyId>.sealed.json` go, a tree to copy onto each node's data directory. */
  outDir: string;
  bits: number;
  /** Default: one fewer than the holders, so one offline key holder never stalls a release. */
  threshold?: number;
  /** Default: every organisation in the registry. */
  holders?: string[];
}

export interface KeyCeremonyOutcome {
  transcript: CeremonyTranscript;
  transcriptFile: string;
  sealedShareFiles: Record<string, string>;
  previousKeyId?: string;
}

/**
 * The set-up ceremony, run by the ethics board or a neutral party: a new t-of-n key, each share sealed to
 * its holder, the public key into the registry. Nothing written can decrypt anything on its own.
 */
export async function holdKeyCeremony(options: KeyCeremonyOptions): Promise<KeyCeremonyOutcome> {
  const registry = readRegistryForCeremony(options.registryFile);
  const holders = ceremonyHolders(registry, options.registryFile, options.holders);
  const ceremony = await runKeyCeremony(options.bits, holders, options.threshold ?? Math.max(1, holders.length - 1));
  const sealedShareFiles: Record<string, string> = {};
  for (const sealed of ceremony.sealedShares) {
    const dir = join(options.outDir, sealed.holder, 'key-shares');
    mkdirSync(dir, { recursive: true });
    sealedShareFiles[sealed.holder] = join(dir, `${sealed.keyId}.sealed.json`);
    writeFileSync(sealedShareFiles[sealed.holder], JSON.stringify(sealed, null, 2), { mode: 0o600 });
  }
  const transcriptFile = join(options.outDir, `ceremony-${ceremony.publicKey.keyId}.json`);
  writeFileSync(transcriptFile, JSON.stringify({ ...ceremony.transcript, publicKey: ceremony.publicKey }, null, 2));
  const previousKeyId = registry.paillier?.keyId;
  writeFileSync(options.registryFile, JSON.stringify({ ...registry, paillier: ceremony.publicKey }, null, 2));
  return { transcript: ceremony.transcript, transcriptFile, sealedShareFiles, previousKeyId };
}

/** The holders with their X25519 keys from the registry; default: every organisation in it. */
export function ceremonyHolders(
  registry: Pick<Registry, 'organisations'>,
  registryFile: string,
  holders = Object.keys(registry.organisations).sort(),
): CeremonyHolder[] {
  const missing = holders.filter((org) => !registry.organisations[org]?.boxPublicKey);
  if (missing.length > 0) throw new Error(`${registryFile}: no X25519 key (boxPublicKey) for ${missing.join(', ')}`);
  return holders.map((org) => ({ org, boxPublicKey: registry.organisations[org].boxPublicKey }));
}

export function readRegistryForCeremony(file: string): Partial<Registry> & Pick<Registry, 'organisations'> {
  const registry = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof registry?.organisations !== 'object' || registry.organisations === null)
    throw new Error(`${file}: not a registry (no organisations)`);
  return registry;
}
