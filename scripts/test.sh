#!/usr/bin/env bash
# The whole test suite: typecheck, lint, the production build, unit and
# component tests (the built main and preload among them), and the end-to-end
# tests in Chromium and, where it runs, Electron. Prints a summary and
# exits non-zero when any step fails.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

if [ -z "${INTEGRATION_DESK_KEYRING_READY:-}" ]; then
  exec bash scripts/with-keyring.sh bash scripts/test.sh "$@"
fi

export npm_config_loglevel=error
mkdir -p .reports
rm -f .reports/*.json
declare -a names=() results=()

step() {
  local name="$1"; shift
  echo
  echo "=== $name"
  if "$@"; then results+=("ok"); else results+=("FAILED"); fi
  names+=("$name")
}

step "native modules built for Node" npx tsx scripts/native-runtime.ts node
step "typecheck" npm run --silent typecheck
step "lint" npx eslint --max-warnings 0 .
# The build comes before the unit tests: the boot and preload tests check the BUILT main and preload.
step "production build (electron-vite)" npx electron-vite build
step "unit and component tests (vitest)" npx vitest run --reporter=default --reporter=json --outputFile.json=.reports/vitest.json
step "a Chromium for the end-to-end tests" npx tsx scripts/ensure-browser.ts
step "end-to-end tests in Chromium (Playwright)" env PLAYWRIGHT_JSON=.reports/playwright.json npx playwright test --project=harness
# The Electron specs load better-sqlite3 inside Electron, which needs the module built for Electron's
# ABI; the harness and vitest need Node's. Switch for these specs (a kept build is reused), then back.
if npx tsx scripts/electron-runnable.ts; then
  step "native modules built for Electron" npx tsx scripts/native-runtime.ts electron
  step "end-to-end tests in Electron (Playwright)" env PLAYWRIGHT_JSON=.reports/playwright-electron.json npx playwright test --project=electron
  step "native modules built for Node again" npx tsx scripts/native-runtime.ts node
else
  # They skip with the reason just printed (or fail, with ELECTRON_E2E=required).
  step "end-to-end tests in Electron (Playwright)" env PLAYWRIGHT_JSON=.reports/playwright-electron.json npx playwright test --project=electron
fi

echo
echo "=== Summary"
failed=0
for i in "${!names[@]}"; do
  printf '  %-45s %s\n' "${names[$i]}" "${results[$i]}"
  [ "${results[$i]}" = "ok" ] || failed=1
done
node scripts/summarise-tests.mjs .reports/vitest.json .reports/playwright.json .reports/playwright-electron.json || failed=1
exit $failed
