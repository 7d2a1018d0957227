/** What ids, hashes and encodings look like on the wire: every DTO checks against these. */
export const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;
export const ORG_ID = /^[a-z][a-z0-9-]{1,40}$/;
export const QUERY_ID = /^[0-9a-f-]{36}$/;
export const KEY_ID = /^[0-9a-f]{16}$/;
export const HEX_HASH = /^[0-9a-f]{64}$/;
export const HEX = /^[0-9a-f]+$/;
export const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** The most cells (or ciphertexts) one vector may have. */
export const MAX_CELLS = 20000;
