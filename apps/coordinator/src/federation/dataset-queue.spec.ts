import { DatasetQueue } from './dataset-queue';
import { ledgerDatasets } from './release-protection.service';
import { DEMO_GROUNDS } from '../../../../deploy/local/grounds';

/** A release's protection that ends when the test says so, recording when it ran. */
function release(log: string[], name: string) {
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const work = async () => {
    log.push(`${name} start`);
    await finished;
    log.push(`${name} end`);
    return name;
  };
  return { work, finish };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('DatasetQueue: one release of a dataset at a time, datasets side by side', () => {
  it('never checks two releases of one dataset at once: the second reads the ledger after the first is stored', async () => {
    const queue = new DatasetQueue();
    const log: string[] = [];
    const [a, b] = [release(log, 'a'), release(log, 'b')];
    const running = [queue.run(['pupils'], a.work), queue.run(['pupils'], b.work)];
    await settle();
    expect(log).toEqual(['a start']);
    a.finish();
    await settle();
    expect(log).toEqual(['a start', 'a end', 'b start']);
    b.finish();
    expect(await Promise.all(running)).toEqual(['a', 'b']);
    expect(queue.busy).toEqual([]);
  });

  it('runs releases of different datasets at the same time', async () => {
    const queue = new DatasetQueue();
    const log: string[] = [];
    const [a, b] = [release(log, 'a'), release(log, 'b')];
    const running = [queue.run(['pupils'], a.work), queue.run(['health_monitor'], b.work)];
    await settle();
    expect(log).toEqual(['a start', 'b start']);
    b.finish();
    a.finish();
    expect(await Promise.all(running)).toEqual(['a', 'b']);
  });

  it('holds a rate until both its datasets are free, and the releases after it until it is stored', async () => {
    const queue = new DatasetQueue();
    const log: string[] = [];
    const [care, rate, children] = [release(log, 'care'), release(log, 'rate'), release(log, 'children')];
    const running = [
      queue.run(['care'], care.work),
      queue.run(['care', 'children'], rate.work),
      queue.run(['children'], children.work),
    ];
    await settle();
    expect(log).toEqual(['care start']);
    care.finish();
    await settle();
    expect(log).toEqual(['care start', 'care end', 'rate start']);
    rate.finish();
    await settle();
    expect(log.slice(3)).toEqual(['rate end', 'children start']);
    children.finish();
    await Promise.all(running);
  });

  it('gives the next release its turn when one fails, and passes the failure to its own caller', async () => {
    const queue = new DatasetQueue();
    const failing = queue.run(['pupils'], async () => {
      throw new Error('the LP solver gave up');
    });
    const next = queue.run(['pupils'], async () => 'checked');
    await expect(failing).rejects.toThrow('the LP solver gave up');
    await expect(next).resolves.toBe('checked');
  });
});

describe('ledgerDatasets: whose turn a release waits for', () => {
  const base = { ...DEMO_GROUNDS, groupBy: ['wijk'], purpose: 'a purpose of twenty characters' };

  it('is the dataset of a count, a sum or a combination, and both datasets of a rate', () => {
    expect(ledgerDatasets({ ...base, dataset: 'pupils', measure: { kind: 'count' } })).toEqual(['pupils']);
    expect(
      ledgerDatasets({
        ...base,
        dataset: 'youth_care_trajectories',
        measure: { kind: 'rate', per: 1000, denominator: { dataset: 'children_households' } },
      }),
    ).toEqual(['youth_care_trajectories', 'children_households']);
  });
});
