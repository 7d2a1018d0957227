import { generateBoxKeyPair, openSealedBytes, sealBytes } from '@bfa/crypto';
import {
  decodeFrame,
  encodeFrame,
  FramedChunk,
  FramedPayload,
  isFrame,
  MAX_FRAME_PACKET_BYTES,
  MAX_FRAMED_BOX_BYTES,
} from './hop-chunk-frame';
import { FramedHopChunkDelivery } from './hop-chunk-frame.dto';
import { validateMessage } from './validate-message';

const recipient = generateBoxKeyPair();
const header = Buffer.from('bfa/combination/hop-chunk/v2\nq\n1\n0\n1');
const sealed = sealBytes(Buffer.from('records of one chunk'), recipient.publicKey, header);

describe('hop chunk frames (binary chunks on NATS)', () => {
  it('carries a packet and the bytes beside it, and reads them back', () => {
    const bytes = Buffer.from([0, 1, 2, 255]);
    const frame = encodeFrame({ pattern: 'p', id: 'r1', data: { queryId: 'q' } }, bytes);
    expect(isFrame(frame)).toBe(true);
    const read = decodeFrame(frame);
    expect(read.packet).toEqual({ pattern: 'p', id: 'r1', data: { queryId: 'q' } });
    expect(read.bytes.equals(bytes)).toBe(true);
  });

  it('is never taken for JSON, and JSON is never taken for a frame', () => {
    const frame = encodeFrame({ id: 'r1' }, Buffer.alloc(8));
    expect(() => JSON.parse(frame.toString('utf8'))).toThrow();
    expect(isFrame(Buffer.from('{"pattern":"p","data":{},"id":"r1"}'))).toBe(false);
    expect(() => decodeFrame(Buffer.from('{"pattern":"p"}'))).toThrow('not a binary frame');
  });

  it('refuses a frame cut short, a packet over its limit, a packet that is not JSON and bytes over a chunk', () => {
    const frame = encodeFrame({ id: 'r1', data: { a: 'x'.repeat(100) } }, Buffer.alloc(4));
    expect(() => decodeFrame(frame.subarray(0, 40))).toThrow(/cut short/);
    const wide = encodeFrame({ data: 'x'.repeat(MAX_FRAME_PACKET_BYTES) }, Buffer.alloc(1));
    expect(() => decodeFrame(wide)).toThrow(/packet of \d+ bytes is over 65536/);
    const broken = Buffer.from(encodeFrame({ id: 'r1' }, Buffer.alloc(1)));
    broken[broken.length - 3] = 0x7b; // the packet's last quote becomes a brace: no longer JSON
    expect(() => decodeFrame(broken)).toThrow(/packet is not JSON/);
    const oversize = encodeFrame({ id: 'r1' }, Buffer.alloc(MAX_FRAMED_BOX_BYTES + 1));
    expect(() => decodeFrame(oversize)).toThrow(
      `a frame carries ${MAX_FRAMED_BOX_BYTES + 1} bytes, over a chunk's ${MAX_FRAMED_BOX_BYTES}`,
    );
  });

  it('turns a sealed chunk into bytes and back, still opening for its recipient only under its header', () => {
    const framed = FramedChunk.of(sealed);
    expect(framed.header).not.toHaveProperty('box');
    expect(framed.header.boxBytes).toBe(framed.bytes.length);
    const back = new FramedChunk(framed.header, decodeFrame(encodeFrame({}, framed.bytes)).bytes).sealedBox();
    expect(back).toEqual(sealed);
    expect(openSealedBytes(back, recipient.secretKey, header).toString()).toBe('records of one chunk');
  });

  it('refuses bytes that are not those the signed header names: another length, or one byte changed', () => {
    const framed = FramedChunk.of(sealed);
    expect(() => new FramedChunk(framed.header, framed.bytes.subarray(1)).sealedBox()).toThrow(
      `the frame carries ${framed.bytes.length - 1} bytes; its header names ${framed.bytes.length}`,
    );
    const flipped = Buffer.from(framed.bytes);
    flipped[0] ^= 1;
    expect(() => new FramedChunk(framed.header, flipped).sealedBox()).toThrow(/not those its header's digest names/);
  });

  it('validates a framed delivery like a JSON one: the header only, no box, nothing else', () => {
    const framed = FramedChunk.of(sealed);
    const delivery = { queryId: '3f2c1b7e-1111-4222-8333-444455556666', step: 1, index: 0, chunk: framed.header };
    const signed = { ...delivery, nonce: 'ab'.repeat(16), sentAt: new Date().toISOString(), signature: 'c2ln' };
    expect(validateMessage(FramedHopChunkDelivery, signed).chunk.boxDigest).toBe(framed.header.boxDigest);
    expect(() =>
      validateMessage(FramedHopChunkDelivery, { ...signed, chunk: { ...framed.header, box: 'AA==' } }),
    ).toThrow(/property box should not exist/);
    expect(() =>
      validateMessage(FramedHopChunkDelivery, {
        ...signed,
        chunk: { ...framed.header, boxBytes: MAX_FRAMED_BOX_BYTES + 1 },
      }),
    ).toThrow(/boxBytes must not be greater than/);
    expect(() => validateMessage(FramedHopChunkDelivery, new FramedPayload(signed, framed.bytes))).toThrow();
  });
});
