import { generateBoxKeyPair } from '@bfa/crypto';
import { generatePseudonymSecret, pseudonym, pseudonymSet, PSEUDONYM_PATTERN } from './pseudonym';
import { openSealedPseudonymSecret, runPseudonymCeremony } from './pseudonym-ceremony';

const ORGS = ['gemeente', 'sterkhuis', 'ggd', 'schoolbestuur'];
const CHILDREN = ['123456782', '234567891', '111222333'];

describe('pseudonyms', () => {
  const boxKeys = Object.fromEntries(ORGS.map((org) => [org, generateBoxKeyPair()]));
  const ceremony = runPseudonymCeremony(ORGS.map((org) => ({ org, boxPublicKey: boxKeys[org].publicKey })));
  const opened = Object.fromEntries(
    ceremony.sealedSecrets.map((s) => [s.holder, openSealedPseudonymSecret(s, boxKeys[s.holder].secretKey)]),
  );

  it('are the same for the same child at every partner that opened the same secret', () => {
    for (const child of CHILDREN) {
      const at = ORGS.map((org) => pseudonym(opened[org], 'q-1', child));
      expect(new Set(at).size).toBe(1);
      expect(at[0]).toMatch(PSEUDONYM_PATTERN);
    }
    expect(pseudonymSet(opened.ggd, 'q-1', CHILDREN)).toEqual(
      new Set(CHILDREN.map((c) => pseudonym(opened.sterkhuis, 'q-1', c))),
    );
  });

  it('differ between children, between queries, and under another secret', () => {
    const secret = opened.gemeente;
    expect(new Set(CHILDREN.map((c) => pseudonym(secret, 'q-1', c))).size).toBe(CHILDREN.length);
    expect(pseudonym(secret, 'q-2', CHILDREN[0])).not.toBe(pseudonym(secret, 'q-1', CHILDREN[0]));
    expect(pseudonym(generatePseudonymSecret(), 'q-1', CHILDREN[0])).not.toBe(pseudonym(secret, 'q-1', CHILDREN[0]));
    // The encoding of (queryId, childId) is unambiguous: no shifting of characters between them collides.
    expect(pseudonym(secret, 'q-1|1', '23')).not.toBe(pseudonym(secret, 'q-1', '1|23'));
  });

  it('a sealed secret opens only for its recipient, and a relabelled one is refused', () => {
    for (const sealed of ceremony.sealedSecrets) {
      for (const other of ORGS.filter((o) => o !== sealed.holder))
        expect(() => openSealedPseudonymSecret(sealed, boxKeys[other].secretKey)).toThrow(/does not open/);
      expect(() => openSealedPseudonymSecret(sealed, generateBoxKeyPair().secretKey)).toThrow(/does not open/);
    }
    const [first, second] = ceremony.sealedSecrets;
    expect(() =>
      openSealedPseudonymSecret({ ...first, holder: second.holder }, boxKeys[first.holder].secretKey),
    ).toThrow(/labelled/);
  });

  it('leaves the secret nowhere in the clear, and a new ceremony is a new secret id', () => {
    const output = JSON.stringify(ceremony);
    const key = opened.gemeente.key;
    for (const encoding of ['base64', 'hex', 'base64url'] as const)
      expect(output).not.toContain(key.toString(encoding));
    expect(ceremony.secretId).toBe(opened.gemeente.secretId);
    const again = runPseudonymCeremony(ORGS.map((org) => ({ org, boxPublicKey: boxKeys[org].publicKey })));
    expect(again.secretId).not.toBe(ceremony.secretId);
    expect(Object.keys(again.transcript.sealedSecrets).sort()).toEqual([...ORGS].sort());
  });

  it('refuses a ceremony with fewer than two holders or a repeated one', () => {
    expect(() => runPseudonymCeremony([{ org: 'ggd', boxPublicKey: boxKeys.ggd.publicKey }])).toThrow(/two distinct/);
    expect(() =>
      runPseudonymCeremony([ORGS[0], ORGS[0]].map((org) => ({ org, boxPublicKey: boxKeys[org].publicKey }))),
    ).toThrow(/two distinct/);
  });
});
