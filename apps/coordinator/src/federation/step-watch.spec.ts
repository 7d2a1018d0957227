import { Presence, watchStep } from './step-watch';

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
const answers = (...seen: Presence[]) => {
  let i = 0;
  return async () => seen[Math.min(i++, seen.length - 1)];
};

describe('a chain step watched for its node', () => {
  const watch = { intervalMs: 20, misses: 3 };

  it('gives the step its answer when the node stays', async () => {
    await expect(watchStep('ggd', later(150, 'done'), answers('there', 'busy'), watch)).resolves.toBe('done');
  });

  it('fails the step with a reason once nats-server says the node is gone three times in a row, long before the step would end', async () => {
    const started = Date.now();
    await expect(
      watchStep('ggd', new Promise<string>(() => undefined), answers('there', 'gone'), watch),
    ).rejects.toThrow(/ggd went away during the step/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('leaves a busy node, or one gone for a moment (a NATS reconnect), to work', async () => {
    await expect(
      watchStep(
        'ggd',
        later(300, 'done'),
        answers('busy', 'gone', 'gone', 'there', 'gone', 'unknown', 'gone', 'gone', 'busy'),
        watch,
      ),
    ).resolves.toBe('done');
  });

  it('stops looking once the step is over', async () => {
    let asked = 0;
    await watchStep('ggd', later(50, 'done'), async () => (asked++, 'there'), watch);
    const after = asked;
    await later(100, null);
    expect(asked).toBe(after);
  });

  it("passes on the step's own failure", async () => {
    await expect(watchStep('ggd', Promise.reject(new Error('refused')), answers('there'), watch)).rejects.toThrow(
      'refused',
    );
  });
});
