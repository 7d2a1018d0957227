import { Logger } from '@nestjs/common';
import { AuditLog } from '@bfa/audit';
import { generateSigningKeyPair } from '@bfa/crypto';
import { PROTOCOL_VERSION, signCoordinatorMessage, subjects } from '@bfa/protocol';
import { Metrics } from '@bfa/runtime';
import { CoordinatorMessages } from '../keys/coordinator-messages';
import { NodeKeys } from '../keys/node-keys';
import { NodeMetrics } from '../metrics/node-metrics';
import { RandomizerSupply } from '../precompute/randomizer-supply';
import { CoordinatorVersion } from './coordinator-version';
import { HeartbeatController } from './heartbeat.controller';

const coordinator = generateSigningKeyPair();
const SUBJECT = subjects.heartbeat('ggd');
const heartbeat = (body: object, secretKey = coordinator.secretKey) => signCoordinatorMessage(SUBJECT, body, secretKey);

describe("a node hearing the coordinator's protocol version in its heartbeat", () => {
  let version: CoordinatorVersion;
  let heartbeats: HeartbeatController;
  let warnings: string[];

  beforeEach(() => {
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
    const keys = { org: 'ggd', coordinatorMessages: new CoordinatorMessages(coordinator.publicKey) };
    version = new CoordinatorVersion(keys as unknown as NodeKeys);
    heartbeats = new HeartbeatController(version);
  });
  afterEach(() => jest.restoreAllMocks());

  it('warns once when the coordinator speaks an older version, still answers, and shows the version for IT staff', () => {
    expect(version.announced()).toBe(0);
    for (let i = 0; i < 3; i++)
      expect(heartbeats.beat(heartbeat({ protocolVersion: PROTOCOL_VERSION - 1 }))).toEqual({
        ok: true,
        value: { org: expect.any(String), protocolVersion: PROTOCOL_VERSION },
      });
    expect(warnings).toEqual([
      `the coordinator speaks protocol version ${PROTOCOL_VERSION - 1}, older than this node's ${PROTOCOL_VERSION}: upgrade the coordinator first (docs/operations.md, "Rolling upgrade"); this node goes on answering it`,
    ]);
    expect(version.announced()).toBe(PROTOCOL_VERSION - 1);
  });

  it('says nothing of a coordinator at its own version, and follows its upgrade', () => {
    heartbeats.beat(heartbeat({ protocolVersion: 1 }));
    heartbeats.beat(heartbeat({ protocolVersion: PROTOCOL_VERSION }));
    expect(version.announced()).toBe(PROTOCOL_VERSION);
    heartbeats.beat(heartbeat({ protocolVersion: PROTOCOL_VERSION + 1 }));
    expect(version.announced()).toBe(PROTOCOL_VERSION + 1);
    expect(warnings).toHaveLength(1);
  });

  it("counts a signed heartbeat without a version as version 1, and ignores the coordinator's unsigned presence pings and forgeries", () => {
    heartbeats.beat({});
    heartbeats.beat(heartbeat({ protocolVersion: 1 }, generateSigningKeyPair().secretKey));
    heartbeats.beat({ protocolVersion: 1 });
    expect([version.announced(), warnings]).toEqual([0, []]);
    heartbeats.beat(heartbeat({ auditHead: null }));
    expect(version.announced()).toBe(1);
    expect(warnings).toEqual([expect.stringMatching(/^the coordinator speaks protocol version 1, older/)]);
  });

  it("is in the node's /metrics (loopback only) as bfa_coordinator_protocol_version, 0 until announced", async () => {
    const metrics = new Metrics();
    const supply = { status: () => ({ ready: 0 }) } as unknown as RandomizerSupply;
    new NodeMetrics(metrics, {} as AuditLog, supply, version);
    expect(await metrics.exposition()).toMatch(/^bfa_coordinator_protocol_version 0$/m);
    heartbeats.beat(heartbeat({ protocolVersion: 2 }));
    expect(await metrics.exposition()).toMatch(/^bfa_coordinator_protocol_version 2$/m);
  });
});
