import { ClientProxy } from '@nestjs/microservices';
import { of, throwError } from 'rxjs';
import { generateSigningKeyPair } from '@bfa/crypto';
import { AuditHeads, AuditLog } from '@bfa/audit';
import { CoordinatorConfig } from '../coordinator.config';
import { NodeGateway } from './node-gateway.service';

const gateway = (connect: jest.Mock) =>
  new NodeGateway(
    { connect } as unknown as ClientProxy,
    {} as CoordinatorConfig,
    'key',
    {} as AuditLog,
    {} as AuditHeads,
  );

describe('NodeGateway at start', () => {
  it('connects to nats-server before the first request, so a burst of submissions never waits on the TLS handshake', () => {
    const connect = jest.fn().mockResolvedValue({});
    gateway(connect).onApplicationBootstrap();
    expect(connect).toHaveBeenCalledTimes(1);
  });

  it('starts anyway when nats-server is down: the next request connects again', async () => {
    const connect = jest.fn().mockRejectedValue(new Error('CONNECTION_REFUSED'));
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      expect(() => gateway(connect).onApplicationBootstrap()).not.toThrow();
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});

describe('NodeGateway.request while the coordinator reconnects', () => {
  const LOST = 'Error: Connection lost. Trying to reconnect...';
  const connected = (send: jest.Mock) =>
    new NodeGateway(
      { send } as unknown as ClientProxy,
      { nodeTimeoutMs: 1_000 } as CoordinatorConfig,
      generateSigningKeyPair().secretKey,
      { head: async () => null } as unknown as AuditLog,
      {} as AuditHeads,
    );

  it('asks again, signed afresh, when its own client was between a lost connection and its reconnect', async () => {
    const send = jest
      .fn()
      .mockReturnValueOnce(throwError(() => LOST))
      .mockReturnValueOnce(of({ ok: true, value: 7 }));
    expect(await connected(send).request('sterkhuis', 'node.sterkhuis.query.execute', {})).toEqual({
      ok: true,
      value: 7,
    });
    expect(send).toHaveBeenCalledTimes(2);
    const [first, second] = send.mock.calls.map(([, signed]) => signed.nonce);
    expect(first).not.toBe(second);
  });

  it('does not ask again after a refusal that reached the node', async () => {
    const send = jest.fn().mockReturnValue(of({ ok: false, reason: 'not approved by its steward' }));
    expect(await connected(send).request('sterkhuis', 'node.sterkhuis.query.execute', {})).toEqual({
      ok: false,
      reason: 'sterkhuis: not approved by its steward',
    });
    expect(send).toHaveBeenCalledTimes(1);
  });
});
