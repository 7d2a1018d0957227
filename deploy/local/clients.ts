/** The local cluster, the demo and the tests talk to the platform through the same clients as the bfa CLI. */
export { http, HttpError, loadIdentity, SignedHttp } from '@bfa/access';
export type { Identity } from '@bfa/access';
export * from '../../apps/cli/src/role-clients';
