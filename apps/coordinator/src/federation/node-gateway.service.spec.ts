import { ClientProxy } from '@nestjs/microservices';
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
