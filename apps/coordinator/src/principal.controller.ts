import { Controller, Get } from '@nestjs/common';
import { Allow, CurrentPrincipal, Principal } from '@bfa/access';

/** Who the signed request's key is, as the registry says: the console picks its view by this (a key file names no role), without a refused request in the log. */
@Controller('principal')
@Allow('analyst', 'ethics-board')
export class PrincipalController {
  @Get()
  whoAmI(@CurrentPrincipal() principal: Principal): { id: string; role: string } {
    return { id: principal.id, role: principal.role };
  }
}
