import type { NextFunction, Request, Response } from 'express';
import { refuseOversizedBody } from './http-bootstrap';

function response() {
  const sent: { status?: number; body?: unknown } = {};
  const res = {
    status: (code: number) => ((sent.status = code), res),
    json: (body: unknown) => ((sent.body = body), res),
  };
  return { res: res as unknown as Response, sent };
}

describe("a body past the route's limit", () => {
  it("is a 413 that names the limit, instead of express's error page", () => {
    const { res, sent } = response();
    const next = jest.fn();
    refuseOversizedBody({ type: 'entity.too.large', limit: 102400 }, {} as Request, res, next as NextFunction);
    expect(sent).toEqual({
      status: 413,
      body: {
        statusCode: 413,
        message: ['body: larger than the 102400 bytes this route accepts'],
        error: 'Payload Too Large',
      },
    });
    expect(next).not.toHaveBeenCalled();
  });

  it('passes any other error on', () => {
    const { res, sent } = response();
    const next = jest.fn();
    const error = { type: 'entity.parse.failed' };
    refuseOversizedBody(error, {} as Request, res, next as NextFunction);
    expect(next).toHaveBeenCalledWith(error);
    expect(sent).toEqual({});
  });
});
