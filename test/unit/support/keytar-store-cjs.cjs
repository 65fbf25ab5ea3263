// Loads the keychain store from TypeScript in a child process (used to test a machine without a keyring).
require('tsx/cjs');
module.exports = require('../../../src/main/services/vault/keytar-secret-store.ts');
