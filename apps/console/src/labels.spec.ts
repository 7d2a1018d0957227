import { fill } from './labels';

describe('a label with its placeholders', () => {
  it('fills each placeholder it has a value for and leaves the others as they are', () => {
    expect(fill('{a} tot {b} ({c})', { a: 1, b: '2' })).toBe('1 tot 2 ({c})');
    expect(fill('geen')).toBe('geen');
  });
});
