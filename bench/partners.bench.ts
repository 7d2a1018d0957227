/**
 * Issue 16, hundreds of partners: federations of 10, 50 and 200 data-holding nodes answering a count over 1,000 and
 * 10,000 cells, simulated in this one process on the platform's own code paths: each node packs, encrypts (pooled
 * rⁿ, one multiplication each) and signs its contribution; the coordinator checks every contribution (signature,
 * query, layout) and forms the aggregate; each key holder does the same again itself; 3 of 4 key holders decrypt
 * with a proof each, the coordinator checks the proofs on its worker threads and combines; disclosure control protects
 * the table. What each key holder is sent is measured, and how many messages it takes under an 8 MB max_payload.
 * Each phase is timed as the party that runs it would see it: nodes and key holders work in parallel on their own
 * machines, so a phase's wall time is one party's time, and all of theirs added up beside it.
 * The rⁿ a node keeps in its pool are computed ahead of the query (8 ms each): here each node's are products of two
 * of 64 genuine rⁿ, (r_a·r_b)ⁿ, valid and distinct, so the bench needn't spend 200 × that ahead of every size.
 * Run: npm run bench:partners
 * Env: BENCH_PARTNERS (10,50,200), BENCH_CELLS (1000,10000), BENCH_BITS (2048), BENCH_DISCLOSURE (1; 0 skips it),
 * BENCH_DISCLOSURE_LIMIT_S (600).
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import {
  combineThresholdPartials,
  generateSigningKeyPair,
  generateThresholdKey,
  packCells,
  packingLayout,
  PackingLayout,
  PaillierEncryptor,
  proveThresholdPartials,
  thresholdPartialDecrypt,
  ThresholdKey,
  unpackCells,
} from '@bfa/crypto';
import {
  aggregateContributions,
  contributionChunks,
  contributionProblem,
  signContribution,
  SignedContributionDto,
} from '@bfa/protocol';
import { ProofWorkers } from '../apps/coordinator/src/federation/proof-workers';
import { DisclosureFigure } from './partners-disclosure';
import { partnerTables } from './partners-tables';

const PARTNERS = (process.env.BENCH_PARTNERS ?? '10,50,200').split(',').map(Number);
const CELLS = (process.env.BENCH_CELLS ?? '1000,10000').split(',').map(Number);
const BITS = Number(process.env.BENCH_BITS ?? 2048);
const DISCLOSURE = process.env.BENCH_DISCLOSURE !== '0';
const DISCLOSURE_LIMIT_S = Number(process.env.BENCH_DISCLOSURE_LIMIT_S ?? 600);
const KEY_HOLDERS = ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'];
const THRESHOLD = 3;
/** The catalog's bound on one holder's records, which sets the packing's slot width. */
const RECORDS_PER_HOLDER = 500_000n;

interface Phase {
  phase: string;
  /** As the federation sees it: parties in parallel, one party's time. */
  wallSeconds: number;
  /** Every party's time added up: what the phase costs the federation (on a quiet machine, its CPU). */
  allPartiesSeconds: number;
}

interface Federation {
  partners: number;
  cells: number;
  ciphertextsPerPartner: number;
  phases: Phase[];
  querySeconds: number;
  exact: boolean;
  heapMB: number;
  /** What the coordinator sends each key holder (every signed contribution, JSON): nats-server's max_payload is 8 MB. */
  keyHolderMessageMB: number;
  /** In how many messages it goes under that max_payload (contributionChunks), and the largest of them. */
  keyHolderMessages: number;
  largestMessageMB: number;
}

const NATS_MAX_PAYLOAD = 8 * 2 ** 20;

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

function timed<T>(work: () => T): { value: T; seconds: number } {
  const start = process.hrtime.bigint();
  const value = work();
  return { value, seconds: seconds(start) };
}

/** Distinct, valid rⁿ for every node's pool: (r_a·r_b)ⁿ = r_aⁿ·r_bⁿ from 64 genuine ones. */
function pools(encryptor: PaillierEncryptor, partners: number, each: number): { take(): bigint }[] {
  const base = Array.from({ length: 64 }, () => encryptor.randomizer());
  let k = 0;
  return Array.from({ length: partners }, () => {
    const mine = Array.from({ length: each }, () => {
      const a = k % 64,
        b = (Math.floor(k / 64) + a + 1) % 64;
      k++;
      return (base[a] * base[b]) % encryptor.n2;
    });
    return { take: () => mine.pop()! };
  });
}

async function federation(
  proofs: ProofWorkers,
  key: ThresholdKey,
  partners: number,
  cells: number,
  disclosure: { seconds: number; limitReached: boolean } | undefined,
): Promise<Federation> {
  const encryptor = new PaillierEncryptor(key.publicKey);
  const layout: PackingLayout = packingLayout({
    cells,
    contributionBound: RECORDS_PER_HOLDER,
    contributors: partners,
    keyBits: BITS,
  });
  const ciphertexts = Math.ceil(cells / layout.slotsPerPlaintext);
  const tables = partnerTables(partners, cells);
  const orgs = Array.from({ length: partners }, (_, i) => `partner-${String(i).padStart(3, '0')}`);
  const signingKeys = orgs.map(() => generateSigningKeyPair());
  const nodePool = pools(encryptor, partners, ciphertexts);
  const common = { queryId: 'bench', queryHash: 'bench-query', keyId: key.publicKey.keyId, editions: [] };
  const phases: Phase[] = [];
  const phase = (name: string, perParty: number[]) =>
    phases.push({
      phase: name,
      wallSeconds: Math.max(...perParty),
      allPartiesSeconds: perParty.reduce((a, b) => a + b, 0),
    });

  // Each node: pack, encrypt with its pooled rⁿ, sign.
  const encrypted = tables.map((table, i) =>
    timed(() =>
      signContribution(
        { ...common, org: orgs[i], contributors: encryptor.encryptVector(packCells(table, layout), nodePool[i]) },
        signingKeys[i].secretKey,
      ),
    ),
  );
  const contributions: SignedContributionDto[] = encrypted.map((e) => e.value);
  phase(
    'nodes: pack, encrypt, sign',
    encrypted.map((e) => e.seconds),
  );

  // The coordinator, then each key holder on its own: every contribution checked, the aggregate formed.
  const expected = {
    queryHash: common.queryHash,
    keyId: common.keyId,
    contributors: ciphertexts,
    magnitudes: undefined,
    dataset: 'bench',
  };
  const check = () =>
    contributions.forEach((signed, i) => {
      const problem = contributionProblem(signed, {
        ...expected,
        org: orgs[i],
        nodePublicKey: signingKeys[i].publicKey,
      });
      if (problem) throw new Error(problem);
    });
  const checked = timed(check);
  phase('coordinator: check every signed contribution', [checked.seconds]);
  const aggregated = timed(() => aggregateContributions(encryptor, contributions));
  phase('coordinator: combine the ciphertexts (parse, validate, multiply)', [aggregated.seconds]);
  const aggregate = aggregated.value.contributors;
  const holders = key.shares.slice(0, THRESHOLD);
  // Every key holder's check is the coordinator's again, on its own machine: timed once, counted once per holder.
  const recheck = timed(() => {
    check();
    if (
      aggregateContributions(new PaillierEncryptor(key.publicKey), contributions).contributors.join() !==
      aggregate.join()
    )
      throw new Error('aggregate mismatch');
  });
  phase(
    'key holders: check contributions, re-aggregate',
    holders.map(() => recheck.seconds),
  );

  const partials = holders.map((share) =>
    timed(() => {
      const values = thresholdPartialDecrypt(share, aggregate);
      return {
        holder: share.holder,
        keyId: share.keyId,
        values,
        proof: proveThresholdPartials(share, key.publicKey.verification!, aggregate, values),
      };
    }),
  );
  phase(
    'key holders: partial decryption with proof',
    partials.map((p) => p.seconds),
  );
  // As the coordinator checks them: every key holder's proof on the worker threads (ProofWorkers), side by side.
  const proofsFrom = process.hrtime.bigint();
  const proven = await Promise.all(
    partials.map((p) => proofs.proven(key.publicKey, p.value.holder, aggregate, p.value.values, p.value.proof)),
  );
  if (!proven.every(Boolean)) throw new Error('a proof failed');
  phase('coordinator: check the proofs (worker threads)', [seconds(proofsFrom)]);
  const combined = timed(() =>
    unpackCells(
      combineThresholdPartials(
        key.publicKey,
        partials.map((p) => p.value),
      ),
      layout,
    ),
  );
  phase('coordinator: combine partials, unpack', [combined.seconds]);
  if (disclosure)
    phases.push({
      phase: `coordinator: disclosure control (suppression, LPs)${disclosure.limitReached ? ', NOT DONE at the limit' : ''}`,
      wallSeconds: disclosure.seconds,
      allPartiesSeconds: disclosure.seconds,
    });
  const exact = combined.value.every((value, cell) => value === tables.reduce((sum, t) => sum + t[cell], 0n));
  const keyHolderMessageMB =
    Buffer.byteLength(JSON.stringify({ contributions, aggregate: aggregated.value })) / 2 ** 20;
  const rest = { aggregate: aggregated.value };
  const chunks = contributionChunks(contributions, rest, NATS_MAX_PAYLOAD);
  const messages = chunks ? [...chunks.map((chunk) => ({ contributions: chunk })), rest] : [{ contributions, ...rest }];
  return {
    partners,
    cells,
    ciphertextsPerPartner: ciphertexts,
    phases,
    querySeconds: phases.reduce((s, p) => s + p.wallSeconds, 0),
    exact,
    heapMB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    keyHolderMessageMB,
    keyHolderMessages: messages.length,
    largestMessageMB: Math.max(...messages.map((m) => Buffer.byteLength(JSON.stringify(m)))) / 2 ** 20,
  };
}

/**
 * Disclosure control depends on the table, not on how many partners added it up: once per size, in a process of its
 * own, stopped at BENCH_DISCLOSURE_LIMIT_S (the exact LPs grow faster than the table; a limit reached is the finding).
 */
function disclosure(cells: number): Promise<DisclosureFigure | { limitReachedSeconds: number }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        join(__dirname, 'partners-disclosure.ts'),
        String(cells),
      ],
      { timeout: DISCLOSURE_LIMIT_S * 1000, killSignal: 'SIGKILL' },
      (error, stdout) => {
        if (error && child.killed) resolve({ limitReachedSeconds: DISCLOSURE_LIMIT_S });
        else if (error) reject(error);
        else resolve(JSON.parse(stdout.trim().split('\n').pop()!));
      },
    );
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  const key = await generateThresholdKey(BITS, KEY_HOLDERS, THRESHOLD);
  const proofs = new ProofWorkers({ proofThreads: availableParallelism() });
  // The threads start (and, under ts-node, compile their script) on first use: not part of any release's time.
  await Promise.all(KEY_HOLDERS.map(() => proofs.proven(key.publicKey, KEY_HOLDERS[0], [], [], { e: '0', z: '0' })));
  const rn = timed(() => Array.from({ length: 20 }, () => new PaillierEncryptor(key.publicKey).randomizer()));
  const results: Federation[] = [];
  const disclosures: Record<number, DisclosureFigure | { limitReachedSeconds: number }> = {};
  const machine = () => ({
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    openssl: process.versions.openssl,
    date: new Date().toISOString(),
    loadAverage: loadavg().map((l) => Number(l.toFixed(1))),
  });
  const out = join(__dirname, 'results', 'partners.json');
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  const write = () =>
    writeFileSync(
      out,
      JSON.stringify(
        {
          machine: machine(),
          bits: BITS,
          threshold: `${THRESHOLD} of ${KEY_HOLDERS.length}`,
          rnAheadMsEach: (rn.seconds / 20) * 1000,
          disclosure: disclosures,
          federations: results,
          benchSeconds: (Date.now() - started) / 1000,
        },
        null,
        2,
      ),
    );
  for (const cells of CELLS) {
    if (DISCLOSURE) {
      const d = (disclosures[cells] = await disclosure(cells));
      console.log(
        `\n${cells.toLocaleString('en')} cells: disclosure control ${'seconds' in d ? `${d.seconds.toFixed(1)} s (${d.cellsWithTotals} cells with totals, ${d.primary} primary, ${d.secondary} secondary)` : `not done within the limit of ${d.limitReachedSeconds} s`}`,
      );
    }
    for (const partners of PARTNERS) {
      const d = disclosures[cells];
      const r = await federation(
        proofs,
        key,
        partners,
        cells,
        d &&
          ('seconds' in d
            ? { seconds: d.seconds, limitReached: false }
            : { seconds: d.limitReachedSeconds, limitReached: true }),
      );
      results.push(r);
      write();
      console.log(
        `\n${partners} partners × ${cells.toLocaleString('en')} cells (${r.ciphertextsPerPartner} ciphertexts each): ${r.querySeconds.toFixed(2)} s, ${r.exact ? 'exact' : 'NOT EXACT'}, heap ${r.heapMB} MB, ${r.keyHolderMessageMB.toFixed(1)} MB to each key holder, in ${r.keyHolderMessages} message(s) of at most ${r.largestMessageMB.toFixed(1)} MB`,
      );
      for (const p of r.phases)
        console.log(
          `  ${p.phase.padEnd(66)} ${p.wallSeconds.toFixed(3).padStart(8)} s  (all parties together ${p.allPartiesSeconds.toFixed(3)} s)`,
        );
    }
  }
  write();
  await proofs.onApplicationShutdown();
  const m = machine();
  console.log(
    `\nrⁿ ahead of the query: ${((rn.seconds / 20) * 1000).toFixed(1)} ms each; written to ${out} (${m.cores} × ${m.cpu}, load average ${m.loadAverage.join(' ')})`,
  );
  if (!results.every((r) => r.exact)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
