import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Principal, Role } from './principal';

export const ALLOWED_ROLES = 'bfa:allowed-roles';
export const PUBLIC = 'bfa:public';

/** Who may call this route (or every route of this controller). Routes without it are closed to everyone. */
export const Allow = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

/** A route anyone may call: health checks only; nothing that carries data. */
export const Public = () => SetMetadata(PUBLIC, true);

/** The authenticated caller, set by the AccessGuard. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => context.switchToHttp().getRequest().principal,
);
