/**
 * The coordinator's relay of one hop (issue 16, "combinations in seconds": the transport). A real nats-server with
 * TLS, two node processes answering chunk fetch and delivery through Nest's NATS server with the nodes' deserializer
 * and serializer, and the coordinator's NodeGateway: the relay of before (every chunk fetched, then delivered, as
 * base64 in JSON) against the relay now (binary frames, the next chunk fetched while one is delivered), and the
 * direct transfer of protocol version 4 (the coordinator asks the sender once; the sender pushes each chunk to the
 * recipient with the node's own pushHop, the recipient takes it with the node's own receivePushedChunk), on the sealed
 * size of the region's hop (100,032 records at 2048 bits: 13 chunks, 53 MB). The nodes keep chunks in memory with
 * the controller's checks (validation, the coordinator's signature, duplicates; for a pushed chunk the authorisation
 * and the sender's signature; not the sqlite lookup of the query) and do no cryptography of their own otherwise:
 * what is timed is the transport. Then each stage of one chunk, in process.
 *   npm run bench:relay   →  bench/results/hop-relay.json
 * Env: BENCH_CHILDREN (100032), BENCH_ROUNDS (3).
 */
import 'reflect-metadata';
import { ChildProcess, fork } from 'node:child_process';
import { connect } from 'nats';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Controller, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxyFactory, MessagePattern, Payload } from '@nestjs/microservices';
import { NatsRecordSerializer } from '@nestjs/microservices/serializers/nats-record.serializer';
import { AuditHeads, AuditLog } from '@bfa/audit';
import { CHUNK_BYTES, recordsPerChunk } from '@bfa/combination';
import { generateBoxKeyPair, generateSigningKeyPair, SealedBox, sealBytes } from '@bfa/crypto';
import {
  coordinatorMessageProblem,
  decodeFrame,
  encodeFrame,
  FramedChunk,
  FramedChunkReply,
  FramedHopChunkDelivery,
  FramedPayload,
  HopChunkDelivery,
  HopChunkRequest,
  HopSendRequest,
  HopTransferReport,
  Registry,
  Reply,
  SealedBoxDto,
  signCoordinatorMessage,
  subjects,
  validateMessage,
} from '@bfa/protocol';
import {
  answer,
  FramedReplySerializer,
  natsServerTransport,
  natsTransport,
  Refusal,
  SafeNatsDeserializer,
} from '@bfa/runtime';
import { NodeGateway } from '../apps/coordinator/src/federation/node-gateway.service';
import { RELAY_AHEAD, relayHop } from '../apps/coordinator/src/federation/hop-relay';
import { fetchedChunk } from '../apps/coordinator/src/federation/hop-chunks';
import { transferReport } from '../apps/coordinator/src/federation/hop-transfer';
import { pushHop } from '../apps/node/src/combination/hop-push';
import { receivePushedChunk } from '../apps/node/src/combination/pushed-chunk';
import { PushedTransfers } from '../apps/node/src/combination/pushed-transfers';
import { CombinationRuns } from '../apps/node/src/combination/combination-runs';
import { CoordinatorConfig } from '../apps/coordinator/src/coordinator.config';
import { provisionNatsTls } from '../deploy/local/nats-tls';
import { startNatsServer } from '../deploy/local/nats';

const CHILDREN = Number(process.env.BENCH_CHILDREN ?? 100_032);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** A 2048-bit key's ciphertexts mod n², at full width. */
const CIPHERTEXT_BYTES = 512;
const FRESHNESS_MS = 5 * 60_000;

const WINDOWS = [0, 1] as const;
const DIRECT = 'direct: pushed from partner to partner, authorised by the coordinator (protocol version 4)';
const wireNow = (ahead: 0 | 1) =>
  `binary frames, ${ahead === 1 ? 'next fetched while one is delivered' : 'one chunk after the other'}${ahead === RELAY_AHEAD ? ' (now)' : ''}`;

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The hop's chunks as sealBytes seals them: contents are random (the relay never opens them), sizes are the region's. */
function sealedChunks(recipientPublicKey: string): SealedBox[] {
  const per = recordsPerChunk(CHUNK_BYTES, CIPHERTEXT_BYTES);
  const sizes: number[] = [];
  for (let left = CHILDREN; left > 0; left -= per) sizes.push(6 + Math.min(per, left) * (16 + CIPHERTEXT_BYTES));
  return sizes.map((size, i) => sealBytes(randomBytes(size), recipientPublicKey, Buffer.from(`bench ${i}`)));
}

// ---- a node: fetch and delivery as apps/node's CombinationController answers them, chunks in memory ----

/** What a bench node needs of the other: the registry a recipient checks pushes with, and the sender's own signing key and NATS connection. */
interface BenchPeers {
  registry: Registry;
  signingKey: string;
  nats: () => Promise<import('nats').NatsConnection>;
}

function nodeModule(org: string, coordinatorPublicKey: string, outgoing: SealedBox[], peers: BenchPeers) {
  const delivered = new Map<string, SealedBox>();
  const logger = new Logger(`bench-node-${org}`);
  const accept = <T extends object>(type: new () => T, subject: string, raw: unknown): T => {
    const message = validateMessage(type, raw);
    const problem = coordinatorMessageProblem(subject, raw, coordinatorPublicKey, FRESHNESS_MS);
    if (problem) throw new Refusal(problem);
    return message;
  };
  const keep = (queryId: string, index: number, chunk: SealedBox) => {
    if (delivered.has(`${queryId}/${index}`)) throw new Refusal(`chunk ${index} was already delivered`);
    delivered.set(`${queryId}/${index}`, chunk);
    return { received: index };
  };

  @Controller()
  class BenchNode {
    @MessagePattern(subjects.hopChunkFetch(org))
    fetch(@Payload() payload: unknown): Promise<Reply<{ chunk: SealedBox | FramedChunk }>> {
      return answer(logger, 'chunk fetch', async () => {
        const { index, wire } = accept(HopChunkRequest, subjects.hopChunkFetch(org), payload);
        const chunk = outgoing[index];
        if (!chunk) throw new Refusal(`no chunk ${index} here`);
        return { chunk: wire === 'binary' ? FramedChunk.of(chunk) : chunk };
      });
    }

    @MessagePattern(subjects.hopChunkDeliver(org))
    deliver(@Payload() payload: unknown): Promise<Reply<{ received: number }>> {
      return answer(logger, 'chunk delivery', async () => {
        const subject = subjects.hopChunkDeliver(org);
        if (!(payload instanceof FramedPayload)) {
          const { queryId, index, chunk } = accept(HopChunkDelivery, subject, payload);
          return keep(queryId, index, chunk);
        }
        const { queryId, index, chunk } = accept(FramedHopChunkDelivery, subject, payload.message);
        return keep(queryId, index, new FramedChunk(chunk, payload.bytes).sealedBox());
      });
    }
  }

  const runs = new CombinationRuns();
  const pushes = new PushedTransfers();

  @Controller()
  class BenchDirect {
    @MessagePattern(subjects.hopSend(org))
    send(@Payload() payload: unknown): Promise<Reply<HopTransferReport>> {
      return answer(logger, 'hop send', async () => {
        const { queryId, step, to } = accept(HopSendRequest, subjects.hopSend(org), payload);
        const hop = { queryId, step, from: org, to, receipts: [], chunks: outgoing };
        return pushHop(await peers.nats(), hop, payload as HopSendRequest, peers.signingKey);
      });
    }

    @MessagePattern(subjects.hopChunkPushed(org))
    pushed(@Payload() payload: unknown): Promise<Reply<{ received: number }>> {
      return answer(logger, 'pushed chunk', async () => {
        const received = await receivePushedChunk(payload, {
          org,
          registry: peers.registry,
          freshnessMs: FRESHNESS_MS,
          runs,
          pushes,
          addressedHere: async () => undefined,
        });
        return { received };
      });
    }
  }

  @Module({ controllers: [BenchNode, BenchDirect] })
  class BenchNodeModule {}
  return BenchNodeModule;
}

async function runNode(
  org: string,
  url: string,
  caFile: string,
  coordinatorPublicKey: string,
  sender: { publicKey: string; secretKey: string },
): Promise<void> {
  const recipient = generateBoxKeyPair();
  let client: Promise<import('nats').NatsConnection> | undefined;
  const peers: BenchPeers = {
    registry: {
      coordinator: { publicKey: coordinatorPublicKey },
      organisations: { sender: { nodePublicKey: sender.publicKey } },
    } as unknown as Registry,
    signingKey: sender.secretKey,
    nats: () => (client ??= connect({ servers: url, name: `bench-node-${org}-client`, tls: { caFile } })),
  };
  const module = nodeModule(org, coordinatorPublicKey, sealedChunks(recipient.publicKey), peers);
  const app = await NestFactory.createMicroservice(module, {
    ...natsServerTransport(url, `bench-node-${org}`, undefined, { caFile }),
    logger: ['error', 'warn'],
  });
  await app.listen();
  process.send!({ ready: org });
}

// ---- the coordinator: both relays through NodeGateway ----

interface RelayRun {
  wire: string;
  seconds: number;
  fetchSeconds: number;
  deliverSeconds: number;
  chunks: number;
  bytesOnWire: number;
}

async function relayBefore(gateway: NodeGateway, chunks: number): Promise<RelayRun> {
  const queryId = randomUUID();
  const step = 0;
  const run: RelayRun = {
    wire: 'json, one chunk after the other (before)',
    seconds: 0,
    fetchSeconds: 0,
    deliverSeconds: 0,
    chunks,
    bytesOnWire: 0,
  };
  const start = process.hrtime.bigint();
  for (let index = 0; index < chunks; index++) {
    const fetchStart = process.hrtime.bigint();
    const fetched = await gateway.request<{ chunk: unknown }>('sender', subjects.hopChunkFetch('sender'), {
      queryId,
      step,
      index,
    });
    if (!fetched.ok) throw new Error(fetched.reason);
    const chunk = validateMessage(SealedBoxDto, fetched.value.chunk);
    run.fetchSeconds += seconds(fetchStart);
    const deliverStart = process.hrtime.bigint();
    const delivered = await gateway.request('recipient', subjects.hopChunkDeliver('recipient'), {
      queryId,
      step,
      index,
      chunk,
    });
    if (!delivered.ok) throw new Error(delivered.reason);
    run.deliverSeconds += seconds(deliverStart);
    run.bytesOnWire += 2 * chunk.box.length;
  }
  run.seconds = seconds(start);
  return run;
}

async function relayNow(gateway: NodeGateway, chunks: number, window: 0 | 1): Promise<RelayRun> {
  const queryId = randomUUID();
  const step = 0;
  const ask = async (org: string, subject: string, payload: object, bytes?: Buffer) => {
    const { reply, bytes: received } = await gateway.requestFramed(org, subject, payload, bytes);
    if (!reply.ok) throw new Error(reply.reason);
    return { value: reply.value, bytes: received };
  };
  const timing = await relayHop(
    chunks,
    {
      fetch: async (index) => {
        const payload = { queryId, step, index, wire: 'binary' };
        const { value, bytes } = await ask('sender', subjects.hopChunkFetch('sender'), payload);
        return fetchedChunk('sender', index, value, bytes);
      },
      deliver: async (index, chunk) => {
        const payload = { queryId, step, index, chunk: chunk.header };
        await ask('recipient', subjects.hopChunkDeliver('recipient'), payload, chunk.bytes);
      },
    },
    window,
  );
  return {
    wire: wireNow(window),
    seconds: timing.seconds,
    fetchSeconds: timing.fetchSeconds,
    deliverSeconds: timing.deliverSeconds,
    chunks,
    bytesOnWire: 2 * timing.bytes,
  };
}

/** Protocol version 4: one signed request to the sender, which pushes every chunk to the recipient and answers when all are acknowledged. */
async function transferDirect(gateway: NodeGateway, chunks: number): Promise<RelayRun> {
  const start = process.hrtime.bigint();
  const payload = { queryId: randomUUID(), step: 0, to: 'recipient' };
  const reply = await gateway.request('sender', subjects.hopSend('sender'), payload, 600_000);
  if (!reply.ok) throw new Error(reply.reason);
  const report = transferReport('sender', reply.value, chunks);
  return {
    wire: DIRECT,
    seconds: seconds(start),
    fetchSeconds: 0,
    deliverSeconds: report.seconds,
    chunks,
    bytesOnWire: report.bytes,
  };
}

/** One full chunk through every stage of each relay, in this process: what the CPU does apart from TLS and the network. */
function stagesOfOneChunk(signingKey: string, coordinatorPublicKey: string): { stage: string; ms: number }[] {
  const box = sealedChunks(generateBoxKeyPair().publicKey)[0];
  const serializer = new NatsRecordSerializer();
  const framedSerializer = new FramedReplySerializer();
  const deserializer = new SafeNatsDeserializer();
  const subject = subjects.hopChunkDeliver('recipient');
  const fetchReply = { id: randomUUID(), response: { ok: true, value: { chunk: box } }, isDisposed: true };
  const body = { queryId: randomUUID(), step: 0, index: 0 };
  const stages: { stage: string; time: () => unknown }[] = [];
  const stage = (name: string, time: () => unknown) => stages.push({ stage: name, time });
  // Before: base64 in JSON.
  let replyBytes!: Uint8Array;
  let signed!: object;
  let requestBytes!: Uint8Array;
  stage('before · node: JSON of the fetch reply', () => (replyBytes = serializer.serialize(fetchReply).data));
  stage('before · coordinator: JSON.parse of the reply', () => JSON.parse(Buffer.from(replyBytes).toString()));
  stage('before · coordinator: validate the sealed box (base64 pattern)', () => validateMessage(SealedBoxDto, box));
  stage('before · coordinator: sign the delivery (canonical JSON, SHA-256)', () => {
    signed = signCoordinatorMessage(subject, { ...body, chunk: box }, signingKey);
  });
  stage('before · coordinator: JSON of the delivery', () => {
    requestBytes = serializer.serialize({ pattern: subject, data: signed, id: randomUUID() }).data;
  });
  stage('before · node: JSON.parse and shape check', () =>
    deserializer.deserialize(requestBytes, { channel: subject }),
  );
  stage('before · node: validate the delivery', () => validateMessage(HopChunkDelivery, signed));
  stage('before · node: verify the signature (canonical JSON, SHA-256)', () =>
    coordinatorMessageProblem(subject, signed, coordinatorPublicKey, FRESHNESS_MS),
  );
  // Now: binary frames.
  let framed!: FramedChunk;
  let frame!: Uint8Array;
  let header!: object;
  let incoming!: { data: FramedPayload };
  stage('now · node: chunk to bytes and digest (base64 decode, SHA-256)', () => (framed = FramedChunk.of(box)));
  stage('now · node: frame of the fetch reply', () => {
    frame = framedSerializer.serialize({ ...fetchReply, response: { ok: true, value: { chunk: framed } } }).data;
  });
  stage('now · coordinator: read the frame, validate, check length and digest', () => {
    const { packet, bytes } = decodeFrame(frame);
    const { chunk } = validateMessage(
      FramedChunkReply,
      (packet as { response: Reply<unknown> & { value: unknown } }).response.value,
    );
    new FramedChunk(chunk, bytes).check();
  });
  stage('now · coordinator: sign the delivery (header and digest)', () => {
    header = signCoordinatorMessage(subject, { ...body, chunk: framed.header }, signingKey);
  });
  stage('now · coordinator: frame of the delivery', () => {
    frame = encodeFrame({ pattern: subject, data: header, id: randomUUID() }, framed.bytes);
  });
  stage('now · node: read the frame', () => (incoming = deserializer.deserialize(frame, { channel: subject })));
  stage('now · node: validate, verify the signature', () => {
    validateMessage(FramedHopChunkDelivery, incoming.data.message);
    coordinatorMessageProblem(subject, incoming.data.message, coordinatorPublicKey, FRESHNESS_MS);
  });
  stage('now · node: check length and digest, chunk as base64 (runs.deliver)', () =>
    new FramedChunk(framed.header, incoming.data.bytes).sealedBox(),
  );
  return stages.map(({ stage: name, time }) => {
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const start = process.hrtime.bigint();
      time();
      times.push(seconds(start) * 1000);
    }
    return { stage: name, ms: median(times) };
  });
}

async function main(): Promise<void> {
  const load = loadavg();
  const dir = join(__dirname, '..', '.data', 'bench-hop-relay');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tls = provisionNatsTls(join(dir, 'tls'));
  const nats = await startNatsServer(join(dir, 'nats-server.log'), [], join(dir, 'nats-server.conf'), tls);
  const coordinator = generateSigningKeyPair();
  const sender = generateSigningKeyPair();
  const nodes: ChildProcess[] = ['sender', 'recipient'].map((org) =>
    fork(__filename, ['node', org, nats.url, tls.caFile, coordinator.publicKey, JSON.stringify(sender)], {
      execArgv: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
    }),
  );
  try {
    await Promise.all(nodes.map((node) => new Promise((resolve) => node.once('message', resolve))));
    const client = ClientProxyFactory.create(
      natsTransport(nats.url, 'bench-coordinator', undefined, { caFile: tls.caFile }),
    );
    const config = { nodeTimeoutMs: 60_000 } as CoordinatorConfig;
    const audit = { head: async () => undefined } as unknown as AuditLog;
    const heads = { witness: async () => undefined } as unknown as AuditHeads;
    const gateway = new NodeGateway(client, config, coordinator.secretKey, audit, heads);
    await client.connect();
    const chunks = sealedChunks(generateBoxKeyPair().publicKey).length;
    const runs: RelayRun[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      runs.push(await relayBefore(gateway, chunks));
      for (const window of WINDOWS) runs.push(await relayNow(gateway, chunks, window));
      runs.push(await transferDirect(gateway, chunks));
      const shown = runs.slice(-2 - WINDOWS.length).map((r) => `${r.seconds.toFixed(2)} s`);
      console.log(
        `round ${round + 1}: before ${shown[0]}, binary one after the other ${shown[1]}, binary with the next fetched ahead ${shown[2]}, direct ${shown[3]}`,
      );
    }
    await client.close();
    const stages = stagesOfOneChunk(coordinator.secretKey, coordinator.publicKey);
    report(runs, stages, load, chunks);
  } finally {
    for (const node of nodes) node.kill();
    await nats.process.stop();
  }
}

function report(runs: RelayRun[], stages: { stage: string; ms: number }[], load: number[], chunks: number): void {
  const summary = (wire: string) => {
    const mine = runs.filter((r) => r.wire === wire);
    return {
      wire,
      seconds: median(mine.map((r) => r.seconds)),
      fetchSeconds: median(mine.map((r) => r.fetchSeconds)),
      deliverSeconds: median(mine.map((r) => r.deliverSeconds)),
      perChunkMs: (1000 * median(mine.map((r) => r.seconds))) / chunks,
      megabytesOnWire: mine[0].bytesOnWire / 1e6,
    };
  };
  const before = summary('json, one chunk after the other (before)');
  const windows = WINDOWS.map((window) => ({ window, ...summary(wireNow(window)) }));
  const now = windows.find((w) => w.window === RELAY_AHEAD)!;
  const direct = summary(DIRECT);
  const machine = {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    node: process.version,
    date: new Date().toISOString(),
    loadAverage: { before: load, after: loadavg() },
  };
  const out = join(__dirname, 'results', 'hop-relay.json');
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  const result = { machine, children: CHILDREN, chunks, before, now, windows, direct, runs, stages };
  writeFileSync(out, JSON.stringify(result, null, 2));
  console.log(`one hop's relay, ${CHILDREN} records at 2048 bits (${chunks} chunks), median of ${ROUNDS}:`);
  for (const s of [before, ...windows])
    console.log(
      `  ${s.wire.padEnd(58)} ${s.seconds.toFixed(2).padStart(6)} s (fetching ${s.fetchSeconds.toFixed(2)} s, delivering ${s.deliverSeconds.toFixed(2)} s, ${s.megabytesOnWire.toFixed(0)} MB through nats-server)`,
    );
  console.log(
    `  ${'direct, partner to partner (protocol version 4)'.padEnd(58)} ${direct.seconds.toFixed(2).padStart(6)} s (the sender's pushes ${direct.deliverSeconds.toFixed(2)} s, ${direct.megabytesOnWire.toFixed(0)} MB through nats-server)`,
  );
  console.log('one chunk, stage by stage, in process:');
  for (const s of stages) console.log(`  ${s.stage.padEnd(70)} ${s.ms.toFixed(1).padStart(7)} ms`);
  console.log(
    `written to ${out} (${machine.cores} × ${machine.cpu}; load ${machine.loadAverage.after.map((l) => l.toFixed(1)).join(' ')})`,
  );
}

if (process.argv[2] === 'node') {
  const [, , , org, url, caFile, coordinatorPublicKey, sender] = process.argv;
  runNode(org, url, caFile, coordinatorPublicKey, JSON.parse(sender)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
