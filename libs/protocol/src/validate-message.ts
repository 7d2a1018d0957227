import { ClassConstructor, plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';

export class InvalidMessageError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid message: ${problems.join('; ')}`);
  }
}

/** What the transport hands a handler when the bytes on the wire were not even JSON. */
export class MalformedPayload {
  constructor(readonly reason: string) {}
}

/** Turns an untrusted payload into a validated DTO, or throws InvalidMessageError naming every problem. */
export function validateMessage<T extends object>(type: ClassConstructor<T>, payload: unknown): T {
  if (payload instanceof MalformedPayload) throw new InvalidMessageError([payload.reason]);
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new InvalidMessageError(['payload must be a JSON object']);
  }
  const instance = plainToInstance(type, payload);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw new InvalidMessageError(flattenErrors(errors));
  return instance;
}

export function flattenErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => `${path}: ${message}`);
    return [...own, ...flattenErrors(error.children ?? [], path)];
  });
}
