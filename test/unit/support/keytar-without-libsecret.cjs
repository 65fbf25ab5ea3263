// Preloaded (node --require) in a child process: keytar's native module is swapped for a copy whose
// dependency on libsecret-1.so.0 names a library that does not exist, so loading it fails exactly as
// on a Linux machine without libsecret installed (a real dlopen failure, nothing simulated).
const Module = require('node:module');
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const original = require.resolve('keytar/build/Release/keytar.node', { paths: [process.cwd()] });
const broken = join(process.env.BROKEN_KEYTAR_DIR, 'keytar.node');
mkdirSync(dirname(broken), { recursive: true });
const bytes = readFileSync(original);
const needed = Buffer.from('libsecret-1.so.0');
const at = bytes.indexOf(needed);
if (at < 0) throw new Error('keytar.node does not name libsecret-1.so.0');
Buffer.from('libsecret-9.so.0').copy(bytes, at);
writeFileSync(broken, bytes);

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const resolved = resolve.call(this, request, parent, ...rest);
  return resolved === original ? broken : resolved;
};
