import { forgetState, readState, stopClusterProcess } from './cluster-state';
import { clusterSettings } from './settings';

/** `npm stop`: the nodes first, then the coordinator, then nats-server; each SIGTERM, SIGKILL after 10 s. */
async function main(): Promise<void> {
  const { dir } = clusterSettings(process.env);
  const state = readState(dir);
  if (!state) {
    console.log(`No local cluster is running (nothing in ${dir}).`);
    return;
  }
  for (const process of [...state.processes].reverse())
    console.log(`${process.name.padEnd(20)} ${await stopClusterProcess(process)}`);
  forgetState(dir);
  console.log('The local cluster is stopped; its keys, data and logs stay for the next `npm start`.');
}

main().catch((error) => {
  console.error(`npm stop failed: ${error.message}`);
  process.exit(1);
});
