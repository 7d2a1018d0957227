import { useEffect, useState } from 'preact/hooks';
import { SignedApi } from '../signed-api';

/**
 * Whether the signed-in key is the ethics board's: a key file names no role, so the coordinator's answer to a read
 * only the board may make (GET /audit/nodes) decides. null while asking; a refusal means another role.
 */
export function useEthicsBoard(api: SignedApi | null): boolean | null {
  const [board, setBoard] = useState<boolean | null>(null);
  useEffect(() => {
    setBoard(null);
    if (!api || api.signer.org) return setBoard(false);
    api.get('/audit/nodes').then(
      () => setBoard(true),
      () => setBoard(false),
    );
  }, [api]);
  return board;
}
