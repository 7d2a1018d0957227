// Builds the addon with node-gyp, against the headers installed beside this node where there are some (Debian's
// /usr/include/node, a release tarball's or the container image's include/node), so that it builds offline;
// elsewhere node-gyp fetches the headers of this node's release.
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join, resolve } = require('node:path');

const prefix = resolve(process.execPath, '..', '..');
const headers = existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
const nodeGyp = process.env.npm_config_node_gyp || require.resolve('node-gyp/bin/node-gyp.js');
execFileSync(process.execPath, [nodeGyp, 'rebuild', '-C', __dirname, ...headers], { stdio: 'inherit' });
