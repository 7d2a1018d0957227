import { readFileSync } from 'node:fs';

/** Public key material every party may hold: written by the set-up ceremony, read by nodes and coordinator. */
export interface Registry {
  paillier: { keyId: string; bits: number; n: string };
  organisations: Record<string, { nodePublicKey: string; stewardPublicKey: string }>;
}

export function loadRegistry(file: string): Registry {
  const registry = JSON.parse(readFileSync(file, 'utf8')) as Registry;
  if (!registry?.paillier?.n || typeof registry.organisations !== 'object') {
    throw new Error(`${file}: not a registry (needs paillier.n and organisations)`);
  }
  return registry;
}
