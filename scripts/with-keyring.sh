#!/usr/bin/env bash
# Runs a command where the OS keychain works. On Linux without a reachable
# Secret Service (CI, SSH, containers) it starts a private D-Bus session with an
# unlocked gnome-keyring, so tests use a real keychain everywhere.
set -euo pipefail

has_secret_service() {
  [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || return 1
  command -v dbus-send >/dev/null 2>&1 || return 1
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'
}

if [ "$(uname -s)" != "Linux" ] || [ -n "${INTEGRATION_DESK_KEYRING_READY:-}" ] || has_secret_service; then
  exec "$@"
fi

for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "No Secret Service is running and $tool is missing: install gnome-keyring, dbus and dbus-x11 (Debian/Ubuntu: sudo apt-get install gnome-keyring dbus dbus-x11)." >&2
    exit 1
  fi
done

export INTEGRATION_DESK_KEYRING_READY=1
# A throwaway keyring in its own folder, so no keyring left in the home folder (with another
# password) gets in the way, and nothing is left behind. Its password protects nothing else.
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
# dbus-run-session warns that it cannot raise the fd limit when not root, and logs every service it
# starts for Chromium (accessibility bus): harmless, filtered out.
# The inner script's $0 and $@ are its own arguments, so its single quotes are meant.
# shellcheck disable=SC2016
dbus-run-session -- bash -c '
  printf "%s" "integration-desk-test" | XDG_DATA_HOME="$0" gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  "$@"
  status=$?
  # Keyring daemons of this session (started here or by D-Bus activation) would outlive it and hold
  # the output open: stop exactly those, found by the session bus address in their environment.
  for pid in $(pgrep gnome-keyring); do
    if { tr "\0" "\n" < "/proc/$pid/environ"; } 2>/dev/null | grep -qxF "DBUS_SESSION_BUS_ADDRESS=$DBUS_SESSION_BUS_ADDRESS"; then
      kill "$pid" 2>/dev/null
    fi
  done
  exit "$status"
' "$keyring_home" "$@" 2> >(grep --line-buffered -v -E "Failed to set fd limit|^dbus-daemon\[[0-9]+\]: \[session" >&2)
