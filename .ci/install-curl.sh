#!/usr/bin/env bash
# curl: drives the lab's REST API in the full-stack tests (issue #8). Debian's package.
set -euo pipefail
if command -v curl >/dev/null 2>&1; then
    exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
    echo "installing curl (Debian package)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl >/dev/null
else
    echo "curl is required for the REST API tests" >&2
    exit 1
fi
