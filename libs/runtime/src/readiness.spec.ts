import { Subject } from 'rxjs';
import { Readiness } from './readiness';

describe('readiness', () => {
  it('names what is missing, and nothing once NATS is connected and every check passes', () => {
    const readiness = new Readiness();
    const nats = new Subject<string>();
    let poolEmpty = true;
    readiness.watchNats(nats);
    readiness.add(() => (poolEmpty ? 'the rⁿ pool is empty (filling to 64)' : undefined));
    expect(readiness.missing()).toEqual(['NATS is not connected yet', 'the rⁿ pool is empty (filling to 64)']);
    nats.next('connected');
    poolEmpty = false;
    expect(readiness.missing()).toEqual([]);
    nats.next('reconnecting');
    expect(readiness.missing()).toEqual(['NATS is reconnecting']);
  });
});
