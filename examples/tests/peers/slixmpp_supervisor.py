"""A supervisor's desktop over XMPP/TCP (slixmpp, STARTTLS): subscribes to its team's node and
watches one agent's states while the test drives that agent through a call over REST.

Run by tests/stack_slixmpp.rs:
    python slixmpp_supervisor.py <host> <port> <domain> <ca-file> <supervisor> <password>
                                 <team-id> <other-team-id> <agent> <state,state,...>
Prints "SUBSCRIBED" once subscribed (the test then starts the flow), then one JSON line with
what it saw; exits 0 when the agent's states contained the expected ones in order.
"""

import asyncio
import json
import sys
import xml.etree.ElementTree as ET

import slixmpp
from slixmpp.exceptions import IqError

TIMEOUT = 30


def make_client(jid, password, ca_file):
    client = slixmpp.ClientXMPP(jid, password, sasl_mech="PLAIN")
    client.enable_direct_tls = False
    client.enable_starttls = True
    client.enable_plaintext = False
    client.ssl_context.load_verify_locations(cafile=ca_file)
    for plugin in ("xep_0030", "xep_0060", "xep_0199"):
        client.register_plugin(plugin)
    return client


def text_of(root, name):
    for el in root.iter():
        if el.tag == name:
            return el.text or ""
    return None


async def main():
    (host, port, domain, ca_file, supervisor, password, team, other_team, agent, expected) = sys.argv[1:11]
    expected = expected.split(",")
    pubsub = f"pubsub.{domain}"
    result = {"subscribed": False, "forbidden_other_team": False, "states": [], "updates": 0}
    done = asyncio.get_running_loop().create_future()

    client = make_client(f"{supervisor}@{domain}", password, ca_file)

    def contains_in_order(seen, wanted):
        it = iter(seen)
        return all(any(s == w for s in it) for w in wanted)

    def on_publish(msg):
        items = msg["pubsub_event"]["items"]
        payload = items["item"]["payload"]
        if payload is not None and payload.tag.endswith("notification") and payload.text:
            result["updates"] += 1
            update = ET.fromstring(payload.text)
            who = text_of(update, "loginId") or text_of(update, "id")
            state = text_of(update, "state")
            if who == agent and state:
                result["states"].append(state)
        if contains_in_order(result["states"], expected) and not done.done():
            done.set_result(True)

    client.add_event_handler("pubsub_publish", on_publish)
    started = asyncio.get_running_loop().create_future()
    client.add_event_handler("session_start", lambda _: started.done() or started.set_result(True))
    client.add_event_handler(
        "failed_auth", lambda _: started.done() or started.set_exception(RuntimeError("auth failed"))
    )
    client.connect(host, int(port))
    await asyncio.wait_for(started, 15)
    client.send_presence(ppriority=0)

    try:
        await client.plugin["xep_0060"].subscribe(pubsub, f"/finesse/api/Team/{other_team}/Users", subscribee=client.boundjid.full)
    except IqError as e:
        result["forbidden_other_team"] = e.iq["error"]["condition"] == "forbidden"
    await client.plugin["xep_0060"].subscribe(pubsub, f"/finesse/api/Team/{team}/Users", subscribee=client.boundjid.full)
    result["subscribed"] = True
    print("SUBSCRIBED", flush=True)

    ok = False
    try:
        await asyncio.wait_for(done, TIMEOUT)
        ok = result["forbidden_other_team"]
    except asyncio.TimeoutError:
        result["failure"] = "timed out waiting for the expected states"
    client.disconnect()
    result["ok"] = ok
    print(json.dumps(result), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
