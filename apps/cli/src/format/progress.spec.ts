import { PassThrough } from 'node:stream';
import { progressOn } from './progress';

function captured(isTTY: boolean): {
  stream: PassThrough & { isTTY?: boolean; columns?: number; cursorTo?: unknown };
  text: () => string;
} {
  const stream = Object.assign(new PassThrough(), { isTTY });
  const chunks: string[] = [];
  stream.on('data', (chunk) => chunks.push(String(chunk)));
  return { stream, text: () => chunks.join('') };
}

describe('progress on a long wait', () => {
  it('off a terminal, writes one plain line per change and no bar or escape codes', async () => {
    const { stream, text } = captured(false);
    const progress = progressOn(stream);
    progress.step('0 of 4 partners have approved', 0, 4);
    progress.step('0 of 4 partners have approved', 0, 4);
    progress.step('3 of 4 partners have approved', 3, 4);
    progress.done('released');
    await new Promise((resolve) => setImmediate(resolve));
    expect(text()).toBe('0 of 4 partners have approved\n3 of 4 partners have approved\nreleased\n');
  });

  it('on a terminal, draws a bar with the words', async () => {
    const { stream, text } = captured(true);
    Object.assign(stream, {
      columns: 120,
      cursorTo: (_x: number, _y?: number, done?: () => void) => done?.(),
      clearLine: (_d: number, done?: () => void) => done?.(),
      moveCursor: () => true,
    });
    const progress = progressOn(stream);
    progress.step('2 of 4 partners have approved', 2, 4);
    progress.done('released');
    await new Promise((resolve) => setImmediate(resolve));
    expect(text()).toContain('2 of 4 partners have approved');
    expect(text()).toMatch(/█{20} released/);
  });
});
