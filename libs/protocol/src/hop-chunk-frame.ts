import { createHash } from 'node:crypto';
import { SealedBox } from '@bfa/crypto';

/**
 * A hop chunk's sealed bytes travel in a binary frame rather than as base64 in JSON: the Nest packet as JSON,
 * then the bytes. The NUL in front means no JSON parser (an older node's included) takes a frame for a message.
 */
const MAGIC = Buffer.from('\0bfa/hop-chunk-frame/1\n');
const LENGTH_BYTES = 4;
/** The packet around the bytes: ids, routing, the signed header; never a chunk. */
export const MAX_FRAME_PACKET_BYTES = 64 * 1024;
/** The largest sealed chunk a frame may carry: what SealedBoxDto admits as base64 (7,500,000 characters). */
export const MAX_FRAMED_BOX_BYTES = 5_625_000;
/** The only subjects that take a frame: a chunk delivered or pushed to its recipient (a fetched chunk comes back in one). */
export const FRAMED_SUBJECT = /^node\.[^.]+\.combination\.chunk\.(deliver|pushed)$/;

/** A sealed chunk without its box: what the coordinator signs, with the box's length and SHA-256 that bind the bytes. */
export type SealedChunkHeader = Omit<SealedBox, 'box'> & { boxBytes: number; boxDigest: string };

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A sealed chunk whose box is bytes, on its way through a frame. */
export class FramedChunk {
  constructor(
    readonly header: SealedChunkHeader,
    readonly bytes: Buffer,
  ) {}

  static of({ box, ...rest }: SealedBox): FramedChunk {
    const bytes = Buffer.from(box, 'base64');
    return new FramedChunk({ ...rest, boxBytes: bytes.length, boxDigest: sha256(bytes) }, bytes);
  }

  /** Throws unless the bytes are exactly those the header names. */
  check(): this {
    const { boxBytes, boxDigest } = this.header;
    if (this.bytes.length !== boxBytes)
      throw new Error(`the frame carries ${this.bytes.length} bytes; its header names ${boxBytes}`);
    if (sha256(this.bytes) !== boxDigest) throw new Error("the frame's bytes are not those its header's digest names");
    return this;
  }

  /** The chunk as the node keeps it, once checked. */
  sealedBox(): SealedBox {
    const { boxBytes: _length, boxDigest: _digest, ...rest } = this.check().header;
    return { ...rest, box: this.bytes.toString('base64') };
  }
}

/** What a node's handler gets for a framed request: the JSON message (signed, validated as usual) and the bytes beside it. */
export class FramedPayload {
  constructor(
    readonly message: unknown,
    readonly bytes: Buffer,
  ) {}

  /** Read by the audit-head interceptor like any request's. */
  get auditHead(): unknown {
    return (this.message as { auditHead?: unknown } | null)?.auditHead;
  }
}

export function encodeFrame(packet: object, bytes: Uint8Array): Buffer {
  const json = Buffer.from(JSON.stringify(packet));
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeUInt32BE(json.length);
  return Buffer.concat([MAGIC, length, json, bytes]);
}

export function isFrame(data: Uint8Array): boolean {
  return data.length >= MAGIC.length && Buffer.from(data.buffer, data.byteOffset, MAGIC.length).equals(MAGIC);
}

/** The packet and the bytes of a frame, or an error naming what is wrong with it. */
export function decodeFrame(data: Uint8Array): { packet: unknown; bytes: Buffer } {
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (!isFrame(buffer) || buffer.length < MAGIC.length + LENGTH_BYTES) throw new Error('not a binary frame');
  const length = buffer.readUInt32BE(MAGIC.length);
  const start = MAGIC.length + LENGTH_BYTES;
  if (length > MAX_FRAME_PACKET_BYTES)
    throw new Error(`a frame's packet of ${length} bytes is over ${MAX_FRAME_PACKET_BYTES}`);
  if (start + length > buffer.length) throw new Error(`a frame of ${buffer.length} bytes is cut short`);
  const bytes = buffer.subarray(start + length);
  if (bytes.length > MAX_FRAMED_BOX_BYTES)
    throw new Error(`a frame carries ${bytes.length} bytes, over a chunk's ${MAX_FRAMED_BOX_BYTES}`);
  let packet: unknown;
  try {
    packet = JSON.parse(buffer.toString('utf8', start, start + length));
  } catch (error) {
    throw new Error(`a frame's packet is not JSON (${(error as Error).message})`);
  }
  return { packet, bytes };
}
