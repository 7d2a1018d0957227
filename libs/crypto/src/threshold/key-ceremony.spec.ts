import { generateBoxKeyPair } from '../sealed-box';
import { PaillierEncryptor } from '../paillier-cipher';
import { combineThresholdPartials, thresholdPartialDecrypt } from './threshold-decryption';
import { CeremonyResult, openSealedShare, runKeyCeremony } from './key-ceremony';

const ORGS = ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'];

describe('key ceremony', () => {
  const boxKeys = Object.fromEntries(ORGS.map((org) => [org, generateBoxKeyPair()]));
  let ceremony: CeremonyResult;
  beforeAll(async () => {
    ceremony = await runKeyCeremony(
      512,
      ORGS.map((org) => ({ org, boxPublicKey: boxKeys[org].publicKey })),
      3,
    );
  });

  it('seals each share to its holder: it opens with that key only', () => {
    for (const sealed of ceremony.sealedShares) {
      expect(openSealedShare(sealed, boxKeys[sealed.holder].secretKey)).toMatchObject({
        holder: sealed.holder,
        keyId: ceremony.publicKey.keyId,
      });
      for (const other of ORGS.filter((o) => o !== sealed.holder))
        expect(() => openSealedShare(sealed, boxKeys[other].secretKey)).toThrow(/does not open/);
    }
  });

  it('leaves no share in the clear in anything it returns', () => {
    const output = JSON.stringify(ceremony);
    for (const sealed of ceremony.sealedShares)
      expect(output).not.toContain(openSealedShare(sealed, boxKeys[sealed.holder].secretKey).share);
    expect(Object.keys(ceremony.publicKey).sort()).toEqual([
      'bits',
      'holders',
      'keyId',
      'n',
      'randomness',
      'scheme',
      'threshold',
      'verification',
    ]);
    expect(Object.keys(ceremony.publicKey.randomness!).sort()).toEqual(['exponentBits', 'form', 'hs', 'seed']);
    expect(ceremony.transcript.randomness).toEqual(ceremony.publicKey.randomness);
  });

  it('its opened shares decrypt with any 3 of 4', () => {
    const ciphertexts = new PaillierEncryptor(ceremony.publicKey).encryptVector([4242n]);
    const shares = ceremony.sealedShares.map((s) => openSealedShare(s, boxKeys[s.holder].secretKey)).slice(1);
    const partials = shares.map((share) => ({
      holder: share.holder,
      keyId: share.keyId,
      values: thresholdPartialDecrypt(share, ciphertexts),
    }));
    expect(combineThresholdPartials(ceremony.publicKey, partials)).toEqual([4242n]);
  });

  it('refuses a tampered box and a share relabelled for another holder', () => {
    const [first, second] = ceremony.sealedShares;
    const flipped = Buffer.from(first.sealed.box, 'base64');
    flipped[5] ^= 1;
    expect(() =>
      openSealedShare(
        { ...first, sealed: { ...first.sealed, box: flipped.toString('base64') } },
        boxKeys[first.holder].secretKey,
      ),
    ).toThrow(/does not open/);
    expect(() => openSealedShare({ ...first, holder: second.holder }, boxKeys[first.holder].secretKey)).toThrow(
      /labelled/,
    );
  });

  it('a new ceremony is a new key: rotation gives a new key id', async () => {
    const again = await runKeyCeremony(
      512,
      ORGS.map((org) => ({ org, boxPublicKey: boxKeys[org].publicKey })),
      3,
    );
    expect(again.publicKey.keyId).not.toBe(ceremony.publicKey.keyId);
    expect(again.transcript).toMatchObject({ keyId: again.publicKey.keyId, threshold: 3, bits: 512 });
  });
});
