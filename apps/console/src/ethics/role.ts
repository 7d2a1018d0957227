import { useEffect, useState } from 'preact/hooks';
import { SignedApi } from '../signed-api';

/** Whether the signed-in key is the ethics board's: a key file names no role, so the coordinator says (GET /principal, from its registry). null while asking. */
export function useEthicsBoard(api: SignedApi | null): boolean | null {
  const [board, setBoard] = useState<boolean | null>(null);
  useEffect(() => {
    setBoard(null);
    if (!api || api.signer.org) return setBoard(false);
    api.get<{ role: string }>('/principal').then(
      (principal) => setBoard(principal.role === 'ethics-board'),
      () => setBoard(false),
    );
  }, [api]);
  return board;
}
