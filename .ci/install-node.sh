#!/usr/bin/env bash
# Node peers for the integration tests, installed from the committed lock file into
# .tools/node (git-ignored):
#   strophe.js      - the BOSH client Finesse desktops use; drives the bosh crate's HTTP binding (issue #4)
#   xhr2            - XMLHttpRequest for Node (strophe's BOSH transport needs one)
#   @xmldom/xmldom  - DOMParser, used to give xhr2 the `responseXML` strophe reads
#   ws              - imported by strophe's Node entry point
# Idempotent: reinstalls only when the lock file changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1; then
        echo "installing nodejs and npm (Debian packages)"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    else
        echo "node and npm are required for the strophe.js tests" >&2
        exit 1
    fi
fi
dest=.tools/node
mkdir -p "$dest"
if cmp -s .ci/node/package-lock.json "$dest/package-lock.json" && [ -d "$dest/node_modules/strophe.js" ]; then
    exit 0
fi
cp .ci/node/package.json .ci/node/package-lock.json "$dest/"
(cd "$dest" && npm ci --no-audit --no-fund --loglevel=error)
