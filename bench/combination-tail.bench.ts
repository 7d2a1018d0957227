/**
 * Issue 16: the combination's tail, from the last hop to the release, step by step in one process: the population
 * holder's finish (its main-thread parts apart), each key holder's check of the manifest, partial decryptions and
 * proof, the coordinator's proof checks, combination, reading and disclosure control. The region's "at least 2 of
 * 4" query with its margins (wijk × age band, gemeente and region totals), the seeded region's own children.
 * Run: npm run bench:tail
 * Env: BENCH_CHILDREN (100014, the cluster bench's), BENCH_BITS (2048), BENCH_THREADS (the machine's cores),
 * BENCH_OUT (results/combination-tail.json, relative to bench/; an earlier run there is kept as `before`).
 */
import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  canonicalHash,
  combineThresholdPartials,
  generateBoxKeyPair,
  generateSigningKeyPair,
  generateThresholdKey,
  openSealedBytes,
  PaillierEncryptor,
  PartialDecryptionVector,
  proveThresholdPartials,
  thresholdPartialDecrypt,
  verifyThresholdPartials,
} from '@bfa/crypto';
import {
  applyFactorOnThreads,
  checkAggregateRequest,
  CombinationManifest,
  CombinationQuery,
  combinationCellLabels,
  combinationLayout,
  combinationMargins,
  combinationQueryHash,
  finishCombinationOnThreads,
  hopChunkHeader,
  HopWorkers,
  openSealedPseudonymSecret,
  PartyContext,
  pseudonymSet,
  readCombinationResult,
  readMarginParts,
  runPseudonymCeremony,
  SealedHop,
  startCombinationOnThreads,
  verifyReceiptChain,
} from '@bfa/combination';
import { cellGrid, loadPolicies } from '@bfa/policy';
import { openSealedReply, sealForCoordinator } from '@bfa/protocol';
import { riskFactorCombination } from '../deploy/local/risk-factors';
import { protectCombinationMargins } from '../apps/coordinator/src/federation/combination-margins';
import { ProofWorkers } from '../apps/coordinator/src/federation/proof-workers';
import { partialsOnThreads } from '../apps/node/src/decryption/partials-on-threads';
import { FACTOR_HOLDERS, seededCombination } from '../libs/combination/src/testing/seeded-combination';

const CHILDREN = Number(process.env.BENCH_CHILDREN ?? 100_014);
const BITS = Number(process.env.BENCH_BITS ?? 2048);
const THREADS = Number(process.env.BENCH_THREADS ?? availableParallelism());
const OUT = join(__dirname, process.env.BENCH_OUT ?? 'results/combination-tail.json');
const ORGS = FACTOR_HOLDERS;
const K = 10;

/** Wall time, the CPU of every thread of the process, and how long the main thread was busy. */
interface StepTime {
  step: string;
  seconds: number;
  cpuSeconds: number;
  mainThreadSeconds: number;
}

const figures: StepTime[] = [];

async function timed<T>(step: string, work: () => Promise<T> | T): Promise<T> {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  const result = await work();
  const used = process.cpuUsage(cpu);
  const figure = {
    step,
    seconds: Number(process.hrtime.bigint() - start) / 1e9,
    cpuSeconds: (used.user + used.system) / 1e6,
    mainThreadSeconds: performance.eventLoopUtilization(loop).active / 1e3,
  };
  figures.push(figure);
  console.log(
    `  ${step.padEnd(72)} ${figure.seconds.toFixed(3).padStart(7)} s  CPU ${figure.cpuSeconds.toFixed(3).padStart(6)} s  main ${figure.mainThreadSeconds.toFixed(3).padStart(6)} s`,
  );
  return result;
}

async function main(): Promise<void> {
  const load = loadavg();
  const key = await generateThresholdKey(BITS, ORGS, 3);
  const encryptor = new PaillierEncryptor(key.publicKey);
  const zeros = Array.from({ length: 64 }, () => encryptor.randomizer());
  let taken = 0;
  // Timing only: a few real rⁿ handed out over and over. Reusing randomness breaks privacy; never outside a bench.
  const randomizers = { take: () => zeros[taken++ % zeros.length] };
  const box = Object.fromEntries(ORGS.map((org) => [org, generateBoxKeyPair()]));
  const signing = Object.fromEntries(ORGS.map((org) => [org, generateSigningKeyPair()]));
  const coordinatorBox = generateBoxKeyPair();
  const directory = {
    boxPublicKeys: Object.fromEntries(ORGS.map((org) => [org, box[org].publicKey])),
    signingPublicKeys: Object.fromEntries(ORGS.map((org) => [org, signing[org].publicKey])),
  };
  const ceremony = runPseudonymCeremony(ORGS.map((org) => ({ org, boxPublicKey: box[org].publicKey })));
  const secrets = Object.fromEntries(
    ceremony.sealedSecrets.map((s) => [s.holder, openSealedPseudonymSecret(s, box[s.holder].secretKey)]),
  );
  const policies = loadPolicies(join(__dirname, '..', 'policies'));
  const spec = riskFactorCombination({ atLeast: 2, purpose: 'Smart Start: the combination tail bench' });
  const cells = combinationCellLabels(policies.catalog, spec.groupBy);
  const data = seededCombination(CHILDREN);
  const cellIndex = new Map(cells.map((label, i) => [label, i]));
  const population = data.population.map((child) => ({
    ...child,
    cell: child.cell === null ? null : cellIndex.get(data.cells[child.cell])!,
  }));
  const query: CombinationQuery = {
    queryId: 'bench-tail',
    secretId: ceremony.secretId,
    keyId: key.publicKey.keyId,
    measure: { kind: 'atLeast', m: 2 },
    populationHolder: 'gemeente',
    factorHolders: ORGS,
    cells,
    minRecords: K,
    margins: combinationMargins(policies.catalog, spec.groupBy).map((group) => group.cells),
  };
  const context = (org: string): PartyContext => ({
    query,
    org,
    encryptor,
    randomizers,
    signingSecretKey: signing[org].secretKey,
    boxSecretKey: box[org].secretKey,
    directory,
    editions: [
      { org, dataset: `${org}_data`, edition: canonicalHash({ org }), years: [2024], importedAt: '2026-12-01' },
    ],
  });
  const workers = new HopWorkers(THREADS);
  const warmUp = { kind: 'seal' as const, width: 0, recipient: box.gemeente.publicKey, header: Buffer.alloc(0) };
  await Promise.all(Array.from({ length: THREADS }, () => workers.run({ ...warmUp, chunk: Buffer.alloc(6) })));

  console.log(`${CHILDREN} children, ${BITS}-bit key, "at least 2" of 4 factors with margins; the chain (not timed):`);
  const { state, hop: first } = await startCombinationOnThreads(
    context('gemeente'),
    secrets.gemeente,
    population,
    workers,
  );
  let hop: SealedHop = first;
  for (const org of ORGS.slice(1))
    hop = await applyFactorOnThreads(
      context(org),
      hop,
      pseudonymSet(secrets[org], query.queryId, data.factors[org]),
      workers,
    );
  const layout = combinationLayout(query, CHILDREN, BITS);
  console.log(
    `${cells.length} cells, ${query.margins!.length} margins, ${layout.cellsPerPlaintext} per aggregate: ${layout.blocks} aggregates`,
  );

  console.log('population holder: finish');
  const manifest = await timed('finish: all (finishCombinationOnThreads)', () =>
    finishCombinationOnThreads(context('gemeente'), state, hop, workers),
  );
  await finishParts(query, hop, manifest, directory.signingPublicKeys, box.gemeente.secretKey);

  console.log('each key holder');
  const check = await timed('key holder: checkAggregateRequest', () =>
    checkAggregateRequest(query, manifest, key.publicKey, directory.signingPublicKeys, { minRecords: K }),
  );
  if (!check.ok) throw new Error(check.reason);
  await timed('key holder: hashes of the aggregates and the manifest (audit)', () => [
    canonicalHash(check.aggregates),
    canonicalHash(manifest),
  ]);
  await partialsOnThreads(workers, key.shares[0], check.aggregates.slice(0, 2 * THREADS)); // each thread's OpenSSL object
  await timed(`key holder ${key.shares[0].holder}: partial decryptions on ${THREADS} threads (partialsOnThreads)`, () =>
    partialsOnThreads(workers, key.shares[0], check.aggregates),
  );
  await workers.close();
  const replies: { org: string; reply: object; partial: PartialDecryptionVector }[] = [];
  for (const share of key.shares) {
    const values = await timed(`key holder ${share.holder}: partial decryptions (thresholdPartialDecrypt)`, () =>
      thresholdPartialDecrypt(share, check.aggregates),
    );
    const proof = await timed(`key holder ${share.holder}: proof (proveThresholdPartials)`, () =>
      proveThresholdPartials(share, key.publicKey.verification!, check.aggregates, values),
    );
    const binding = { queryId: query.queryId, keyId: share.keyId, org: share.holder };
    const reply = await timed(`key holder ${share.holder}: seal for the coordinator`, () =>
      sealForCoordinator(binding, { org: share.holder, keyId: share.keyId, values, proof }, coordinatorBox.publicKey),
    );
    replies.push({ org: share.holder, reply, partial: { holder: share.holder, keyId: share.keyId, values } });
  }

  console.log('coordinator');
  const opened = await timed('coordinator: open the 4 sealed replies', () =>
    replies.map(({ org, reply }) =>
      openSealedReply(reply, coordinatorBox.secretKey, { queryId: query.queryId, keyId: key.publicKey.keyId, org }),
    ),
  );
  const proofs = opened.map((o) => (o as { proof: { e: string; z: string } }).proof);
  await timed('coordinator: verify 4 proofs, one thread', () =>
    replies.map(({ org, partial }, i) =>
      verifyThresholdPartials(key.publicKey, org, manifest.aggregates, partial.values, proofs[i]),
    ),
  );
  const proofWorkers = new ProofWorkers({ proofThreads: availableParallelism() });
  // Every thread started (under ts-node each compiles its script) before anything is timed.
  const all = () =>
    Promise.all(
      replies.map(({ org, partial }, i) =>
        proofWorkers.proven(key.publicKey, org, manifest.aggregates, partial.values, proofs[i]),
      ),
    );
  await all();
  const proven = await timed(`coordinator: verify 4 proofs, ProofWorkers (${availableParallelism()} threads)`, all);
  if (!proven.every(Boolean)) throw new Error('a proof failed');
  const partials = replies.map((r) => r.partial);
  // The release's path: before, every key holder's proof and two subsets combined; now the first t proven, one subset.
  await timed('coordinator, release path before: 4 proofs (ProofWorkers), combine 4', async () => {
    await all();
    return combineThresholdPartials(key.publicKey, partials);
  });
  await timed('coordinator, release path now: first 3 proofs (ProofWorkers), combine 3', async () => {
    await Promise.all(
      replies
        .slice(0, 3)
        .map(({ org, partial }, i) =>
          proofWorkers.proven(key.publicKey, org, manifest.aggregates, partial.values, proofs[i]),
        ),
    );
    return combineThresholdPartials(key.publicKey, partials.slice(0, 3));
  });
  await proofWorkers.onApplicationShutdown();
  await timed('coordinator: combine 3 partials', () => combineThresholdPartials(key.publicKey, partials.slice(0, 3)));
  const plaintexts = await timed('coordinator: combine 4 partials (two subsets)', () =>
    combineThresholdPartials(key.publicKey, partials),
  );
  const { combined, margins } = await timed('coordinator: readCombinationResult, readMarginParts', () => ({
    combined: readCombinationResult(query, manifest, plaintexts, key.publicKey),
    margins: readMarginParts(query, manifest, plaintexts, key.publicKey),
  }));
  const grid = cellGrid(policies.catalog, spec.groupBy);
  const leaves = grid.map((coordinates, i) => ({
    coordinates,
    count: combined[i].withheld ? null : combined[i].count!,
    children: combined[i].records,
  }));
  const { table } = await timed('coordinator: disclosure control (protectCombinationMargins)', () =>
    protectCombinationMargins(
      policies.catalog,
      spec,
      leaves,
      margins,
      K,
      { earlier: [], contributedBy: ORGS },
      policies.platform,
    ),
  );
  const suppressed = table.cells.filter((c) => c.suppressed).length;
  console.log(`released ${table.cells.length} cells, ${suppressed} suppressed`);
  write({
    load,
    layout: { blocks: layout.blocks, cellsPerPlaintext: layout.cellsPerPlaintext, slotBits: layout.slotBits },
    cells: cells.length,
    margins: query.margins!.length,
    suppressed,
    tableCells: table.cells.length,
  });
}

/** The finish's work on the event loop, stage by stage: what is left when the per-record products are on threads. */
async function finishParts(
  query: CombinationQuery,
  hop: SealedHop,
  manifest: CombinationManifest,
  signingPublicKeys: Record<string, string>,
  boxSecretKey: string,
): Promise<void> {
  const queryHash = combinationQueryHash(query);
  await timed('finish part: verify the receipt chain', () =>
    verifyReceiptChain(query, hop.receipts, signingPublicKeys),
  );
  const opened = await timed(`finish part: open ${hop.chunks.length} sealed chunks (main thread)`, () =>
    hop.chunks.map((box, i) =>
      openSealedBytes(box, boxSecretKey, hopChunkHeader(queryHash, hop.step, i, hop.chunks.length)),
    ),
  );
  const width = opened[0].readUInt16BE(4);
  await timed('finish part: pseudonyms to hex, duplicates, cell lookup (main thread)', () => {
    const seen = new Set<string>();
    for (const chunk of opened)
      for (let i = 0; i < chunk.readUInt32BE(0); i++)
        seen.add(chunk.toString('hex', 6 + i * (16 + width), 22 + i * (16 + width)));
    return seen.size;
  });
  await timed('finish part: manifest hash (canonical JSON, SHA-256)', () => {
    const { signature, ...body } = manifest;
    return canonicalHash(body) + signature;
  });
}

function write(run: object): void {
  const previous = existsSync(OUT) ? JSON.parse(readFileSync(OUT, 'utf8')) : undefined;
  mkdirSync(dirname(OUT), { recursive: true });
  const result = {
    machine: {
      cpu: cpus()[0]?.model,
      cores: cpus().length,
      node: process.version,
      openssl: process.versions.openssl,
      date: new Date().toISOString(),
      loadAverage: { before: (run as { load: number[] }).load, after: loadavg() },
    },
    children: CHILDREN,
    bits: BITS,
    threads: THREADS,
    run: { ...run, load: undefined },
    steps: figures,
    before: previous?.before ?? (previous ? { machine: previous.machine, steps: previous.steps } : undefined),
  };
  writeFileSync(OUT, JSON.stringify(result, null, 2));
  console.log(`written to ${OUT}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
