import { QueryProgressBoard } from './query-progress.service';

describe('the progress board of running queries', () => {
  it('counts replies of the current step as they arrive, failed ones too, and forgets the query when it ends', async () => {
    const board = new QueryProgressBoard();
    board.start('q', 'execution', 3);
    await board.counted('q', 'execution', Promise.resolve('ok'));
    await expect(board.counted('q', 'execution', Promise.reject(new Error('offline')))).rejects.toThrow('offline');
    expect(board.of('q')).toEqual({ step: 'execution', done: 2, of: 3 });
    board.tick('q', 'decryption');
    expect(board.of('q')?.done).toBe(2);
    board.start('q', 'hops', 2);
    board.tick('q', 'hops');
    board.tick('q', 'hops');
    board.tick('q', 'hops');
    expect(board.of('q')).toEqual({ step: 'hops', done: 2, of: 2 });
    board.end('q');
    expect(board.of('q')).toBeNull();
  });
});
