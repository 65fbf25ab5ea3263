#!/usr/bin/env bash
# For macOS CI runners only: a throwaway keychain, unlocked, that never locks itself, made the
# default and searched first. keytar then neither fails on nor waits for the runner's login keychain,
# which may be locked. Not for a Mac someone uses: it changes the user's default keychain.
set -euo pipefail

if [ "$(uname -s)" != Darwin ] || [ -z "${CI:-}" ]; then
  echo "macos-test-keychain.sh changes the default keychain: it runs only on macOS CI runners (CI set)." >&2
  exit 1
fi

keychain="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/integration-desk-tests.keychain-db"
password=$(uuidgen)
security create-keychain -p "$password" "$keychain"
# No options: no timeout and no lock on sleep.
security set-keychain-settings "$keychain"
security unlock-keychain -p "$password" "$keychain"

existing=()
while IFS= read -r line; do
  line="${line#"${line%%[![:space:]]*}"}"
  existing+=("${line//\"/}")
done < <(security list-keychains -d user)
security list-keychains -d user -s "$keychain" "${existing[@]}"
security default-keychain -d user -s "$keychain"
echo "Keychain for the tests: $keychain (default, unlocked)"
