import { Z95 } from './normal';
import { relativeRisk } from './relative-risk';

describe('relative risk with its Katz interval', () => {
  it('matches the hand computation (known answer)', () => {
    // 30 of 100 exposed, 20 of 200 unexposed: RR 3, SE(log RR) = √(1/30 − 1/100 + 1/20 − 1/200)
    const result = relativeRisk({ exposed: 100, exposedWithOutcome: 30, unexposed: 200, unexposedWithOutcome: 20 });
    const se = Math.sqrt(1 / 30 - 1 / 100 + 1 / 20 - 1 / 200);
    expect(result).toEqual({
      estimable: true,
      rr: expect.closeTo(3, 12),
      interval: {
        lower: expect.closeTo(3 * Math.exp(-Z95 * se), 12),
        upper: expect.closeTo(3 * Math.exp(Z95 * se), 12),
      },
    });
  });

  it('covers the true risk ratio in about 95% of simulated studies', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const draw = (n: number, p: number) => Array.from({ length: n }, random).filter((u) => u < p).length;
    let covered = 0;
    for (let i = 0; i < 1000; i++) {
      const r = relativeRisk({
        exposed: 400,
        exposedWithOutcome: draw(400, 0.2),
        unexposed: 800,
        unexposedWithOutcome: draw(800, 0.1),
      });
      if (r.estimable && r.interval.lower <= 2 && 2 <= r.interval.upper) covered++;
    }
    expect(covered).toBeGreaterThan(930);
    expect(covered).toBeLessThan(975);
  });

  it('says why it cannot estimate, and refuses what is not a count', () => {
    expect(relativeRisk({ exposed: 50, exposedWithOutcome: 0, unexposed: 80, unexposedWithOutcome: 4 })).toEqual({
      estimable: false,
      reason: 'no exposed child has the outcome',
    });
    expect(relativeRisk({ exposed: 0, exposedWithOutcome: 0, unexposed: 80, unexposedWithOutcome: 4 })).toEqual({
      estimable: false,
      reason: 'no exposed children',
    });
    expect(() => relativeRisk({ exposed: 5, exposedWithOutcome: 6, unexposed: 80, unexposedWithOutcome: 4 })).toThrow(
      /more children with the outcome/,
    );
    expect(() => relativeRisk({ exposed: 5.5, exposedWithOutcome: 1, unexposed: 80, unexposedWithOutcome: 4 })).toThrow(
      /counts/,
    );
  });
});
