import { Injectable } from '@nestjs/common';
import type { Observable } from 'rxjs';

/** What a process still lacks before it can do its work: each check names what is missing, or says nothing. */
@Injectable()
export class Readiness {
  private readonly checks: (() => string | undefined)[] = [];

  add(check: () => string | undefined): void {
    this.checks.push(check);
  }

  /** NATS as this process's NATS server side reports it (connected, disconnected, reconnecting). */
  watchNats(status: Observable<string>): void {
    let current = 'not connected yet';
    status.subscribe((next) => (current = next));
    this.add(() => (current === 'connected' ? undefined : `NATS is ${current}`));
  }

  missing(): string[] {
    return this.checks.map((check) => check()).filter((problem): problem is string => problem !== undefined);
  }
}
