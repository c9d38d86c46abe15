#!/usr/bin/env bash
# Installs what the tests need (the package with its test extras, and Chromium where the
# machine lets us) and runs the whole suite. The README's second Quickstart command.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q -e ".[test]"
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "could not install chromium: browser tests and PNG export tests will be skipped"
  else
    echo "chromium not found and not root: browser tests and PNG export tests will be skipped"
  fi
fi
python -m pytest "$@"
