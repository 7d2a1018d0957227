import { ApiError, SignedApi, signedHeaders } from '../signed-api';
import { Release } from './release-types';

export interface FetchedRelease {
  /** The response body byte for byte: the JSON download is exactly what the API returned. */
  raw: string;
  release: Release;
}

async function once(api: SignedApi, path: string): Promise<string> {
  const response = await fetch(path, { headers: await signedHeaders({ method: 'GET', path }, api.signer) });
  const raw = await response.text();
  if (response.ok) return raw;
  const message = (() => {
    try {
      return String(JSON.parse(raw).message);
    } catch {
      return `HTTP ${response.status}`;
    }
  })();
  throw new ApiError(response.status, message);
}

/** GET /queries/:id/release, signed as every call is, kept as text as well as read; a stale or replayed refusal is retried once afresh (as SignedApi does). */
export async function fetchRelease(api: SignedApi, queryId: string): Promise<FetchedRelease> {
  const path = `/queries/${queryId}/release`;
  const raw = await once(api, path).catch((error) => {
    if (error instanceof ApiError && error.status === 401 && /stale|replayed/.test(error.message))
      return once(api, path);
    throw error;
  });
  return { raw, release: JSON.parse(raw) as Release };
}
