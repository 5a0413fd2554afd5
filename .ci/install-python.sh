#!/usr/bin/env bash
# Python peers for the integration tests, in a venv at .tools/venv:
#   slixmpp  - XMPP client driving the xmpp-pubsub c2s server (issue #3)
#   zeep     - SOAP client driving the axl-soap server (issue #5)
#   ciscoaxl - ships Cisco's AXL WSDL/XSD, loaded from the installed package, never copied
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.tools/venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "slixmpp==1.17.0" "zeep==4.3.3" "ciscoaxl==0.164"
