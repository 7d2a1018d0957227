import { INestApplication, ValidationPipe } from '@nestjs/common';

/**
 * Every HTTP input is validated and unknown properties are refused, so a malformed body is a 400 with
 * its reasons and never reaches a handler.
 */
export async function bootstrapHttp(app: INestApplication, port: number): Promise<void> {
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.enableShutdownHooks();
  await app.listen(port, '127.0.0.1');
}
