/** The three kinds of people who use the platform; each may do their own job and nothing more. */
export type Role = 'analyst' | 'steward' | 'ethics-board';

export const ROLES: Role[] = ['analyst', 'steward', 'ethics-board'];

/** A person known to the platform: an id, a role, for a steward the organisation, and an Ed25519 public key. */
export interface Principal {
  id: string;
  role: Role;
  org?: string;
  publicKey: string;
}

/** registry.json's `principals`: id → role, organisation and public key. */
export type PrincipalDirectory = Record<string, Omit<Principal, 'id'>>;

export function principalFrom(directory: PrincipalDirectory | undefined, id: string): Principal | undefined {
  const entry = directory && Object.prototype.hasOwnProperty.call(directory, id) ? directory[id] : undefined;
  return entry && ROLES.includes(entry.role) ? { id, ...entry } : undefined;
}
