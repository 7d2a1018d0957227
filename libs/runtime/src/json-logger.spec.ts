import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { JsonLogger, requestLog } from './json-logger';

function capture(): { logger: JsonLogger; lines: () => Record<string, unknown>[] } {
  const written: string[] = [];
  const logger = new JsonLogger('node', { write: (line: string) => written.push(line) });
  return { logger, lines: () => written.map((line) => JSON.parse(line)) };
}

/** An express request and response as far as requestLog uses them; `finish` is emitted when the test answers. */
function exchange(url: string, headers: Record<string, string> = {}) {
  const headersSent: Record<string, string> = {};
  const setHeader = (name: string, value: string) => (headersSent[name] = value);
  const response = Object.assign(new EventEmitter(), { statusCode: 200, headers: headersSent, setHeader });
  const request = {
    method: 'POST',
    originalUrl: url,
    body: { secretKey: 'never logged' },
    get: (name: string) => headers[name.toLowerCase()],
  };
  return {
    request: request as unknown as Request,
    response: response as unknown as Response & EventEmitter & { headers: Record<string, string> },
  };
}

describe('JSON logs', () => {
  it("writes Nest's messages as one JSON object a line, with the context and without the stack in the message", () => {
    const { logger, lines } = capture();
    logger.log('node ggd up', 'Node');
    logger.error('execution refused: no approval', 'Error: x\n    at here (file.ts:1:1)', 'Execution');
    expect(lines()).toEqual([
      expect.objectContaining({ level: 'info', app: 'node', context: 'Node', msg: 'node ggd up' }),
      expect.objectContaining({
        level: 'error',
        context: 'Execution',
        msg: 'execution refused: no approval',
        stack: expect.stringContaining('at here'),
      }),
    ]);
    expect(typeof lines()[0].time).toBe('string');
  });

  it('logs a request with its id (given or made), the query it is about, status and time, and never its body or query string', () => {
    const { logger, lines } = capture();
    const next = jest.fn() as NextFunction;
    const given = exchange('/steward/queries/q-123/approve?token=secret', { 'x-request-id': 'abc-1' });
    requestLog(logger)(given.request, given.response, next);
    given.response.statusCode = 409;
    given.response.emit('finish');
    const made = exchange('/queries', { 'x-request-id': 'bad id with spaces' });
    requestLog(logger)(made.request, made.response, next);
    made.response.emit('finish');
    expect(next).toHaveBeenCalledTimes(2);
    const [first, second] = lines();
    expect(first).toMatchObject({
      context: 'HTTP',
      requestId: 'abc-1',
      method: 'POST',
      path: '/steward/queries/q-123/approve',
      queryId: 'q-123',
      status: 409,
    });
    expect(given.response.headers['x-request-id']).toBe('abc-1');
    expect(second.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.queryId).toBeUndefined();
    expect(JSON.stringify(lines())).not.toMatch(/never logged|token=secret/);
  });

  it('does not log /health (monitors poll it), but still gives it an id', () => {
    const { logger, lines } = capture();
    const health = exchange('/health/ready');
    requestLog(logger)(health.request, health.response, jest.fn());
    health.response.emit('finish');
    expect(lines()).toEqual([]);
    expect(health.response.headers['x-request-id']).toBeDefined();
  });
});
