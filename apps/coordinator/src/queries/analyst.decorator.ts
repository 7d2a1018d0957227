import { BadRequestException, createParamDecorator, ExecutionContext } from '@nestjs/common';

const ANALYST_ID = /^[a-z0-9][a-z0-9._@-]{1,80}$/i;

/** Until role authentication lands, an analyst names itself in the `x-analyst` header; it must be present and plain. */
export const Analyst = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const value = context.switchToHttp().getRequest().headers['x-analyst'];
  if (typeof value !== 'string' || !ANALYST_ID.test(value)) {
    throw new BadRequestException('header x-analyst must name the analyst (letters, digits, . _ @ -)');
  }
  return value;
});
