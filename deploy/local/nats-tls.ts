import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDebianPackage } from './nats';

/** nats-server's TLS material: its certificate and key, and the CA every process checks it against (BFA_NATS_CA). */
export interface NatsTls {
  caFile: string;
  certFile: string;
  keyFile: string;
}

const P256 = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * A private CA and a certificate for 127.0.0.1 and localhost signed by it, made with the openssl command line.
 * It is a client certificate too: the servers of a local NATS cluster present it to each other on their routes.
 * The CA's key signs once and is deleted, so nothing on this machine can issue a second certificate.
 */
export function provisionNatsTls(dir: string, days = 825): NatsTls {
  ensureDebianPackage('openssl');
  mkdirSync(dir, { recursive: true });
  const file = (name: string) => join(dir, name);
  const tls = { caFile: file('ca.pem'), certFile: file('server.pem'), keyFile: file('server-key.pem') };
  const scratch = { caKey: file('ca-key.pem'), request: file('server.csr'), extensions: file('server.ext') };
  try {
    const ca = [
      '-subj',
      '/CN=Brabant Federated Analytics local NATS CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ];
    openssl(['req', '-x509', ...P256, '-keyout', scratch.caKey, '-out', tls.caFile, '-days', String(days), ...ca]);
    openssl(['req', ...P256, '-keyout', tls.keyFile, '-out', scratch.request, '-subj', '/CN=localhost']);
    writeFileSync(
      scratch.extensions,
      'subjectAltName = IP:127.0.0.1, DNS:localhost\nextendedKeyUsage = serverAuth, clientAuth\nbasicConstraints = critical, CA:FALSE\n',
    );
    const serial = `0x${randomBytes(16).toString('hex')}`;
    openssl([
      'x509',
      '-req',
      '-in',
      scratch.request,
      '-CA',
      tls.caFile,
      '-CAkey',
      scratch.caKey,
      '-set_serial',
      serial,
      '-days',
      String(days),
      '-extfile',
      scratch.extensions,
      '-out',
      tls.certFile,
    ]);
    chmodSync(tls.keyFile, 0o600);
  } finally {
    for (const path of Object.values(scratch)) rmSync(path, { force: true });
  }
  return tls;
}

/** The `tls` block of nats-server's configuration: every client must speak TLS, checked against this certificate. */
export function tlsConfig(tls: NatsTls): string {
  return `tls {\n  cert_file: ${JSON.stringify(tls.certFile)}\n  key_file: ${JSON.stringify(tls.keyFile)}\n  ca_file: ${JSON.stringify(tls.caFile)}\n  timeout: 5\n}\n`;
}
