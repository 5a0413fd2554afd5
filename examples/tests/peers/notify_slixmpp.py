"""slixmpp (Python) against the lab's notification service over XMPP c2s with STARTTLS.

Run by tests/notify_slixmpp.rs: python notify_slixmpp.py HOST PORT DOMAIN CA_FILE
Both clients use STARTTLS and verify the lab's development certificate (CA_FILE).

Scenario: a wrong password is refused; super01 (supervisor of team 1) finds its automatic
subscriptions, subscribes to /finesse/api/Team/1/Users and to agent01's User node (same team),
and is refused team 2's node and agent06's node (team 2) with `forbidden`; agent01 is
refused agent02's node and may not publish. Then it prints READY and waits for the event the
test publishes on the team node; prints EVENT <json> and OK.
Any failure raises (exit 1).
"""
import asyncio
import json
import logging
import sys

import slixmpp
from slixmpp.exceptions import IqError
from slixmpp.xmlstream import ET

TIMEOUT = 15


def make_client(jid, password, ca_file):
    client = slixmpp.ClientXMPP(jid, password, sasl_mech="PLAIN")
    client.enable_direct_tls = False
    client.enable_starttls = True
    client.enable_plaintext = False
    client.ssl_context.load_verify_locations(cafile=ca_file)
    for plugin in ("xep_0030", "xep_0060", "xep_0199"):
        client.register_plugin(plugin)
    return client


async def login(client, host, port):
    started = asyncio.get_running_loop().create_future()
    client.add_event_handler("session_start", lambda _: started.done() or started.set_result(True))
    client.add_event_handler(
        "failed_auth", lambda _: started.done() or started.set_exception(RuntimeError("auth failed"))
    )
    client.connect(host, port)
    await asyncio.wait_for(started, TIMEOUT)
    client.send_presence(ppriority=0)


async def expect_auth_failure(host, port, domain, ca_file):
    client = make_client(f"agent01@{domain}", "wrong-password", ca_file)
    failed = asyncio.get_running_loop().create_future()
    client.add_event_handler("failed_auth", lambda _: failed.done() or failed.set_result(True))
    client.add_event_handler(
        "session_start",
        lambda _: failed.done() or failed.set_exception(RuntimeError("bad password accepted")),
    )
    client.connect(host, port)
    await asyncio.wait_for(failed, TIMEOUT)
    client.disconnect()


async def expect_forbidden(coro, what):
    try:
        await coro
    except IqError as e:
        assert e.condition == "forbidden", (what, e.condition)
        return
    raise AssertionError(f"{what} was allowed")


async def main():
    host, port, domain, ca_file = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    service = f"pubsub.{domain}"

    await expect_auth_failure(host, port, domain, ca_file)

    sup = make_client(f"super01@{domain}/desk", "pw1901", ca_file)
    agent = make_client(f"agent01@{domain}/1001", "pw1001", ca_file)
    event = asyncio.get_running_loop().create_future()

    def on_publish(msg):
        items = msg["pubsub_event"]["items"]
        if items["node"] == "/finesse/api/Team/1/Users" and not event.done():
            payload = items["item"]["payload"]
            event.set_result(
                {
                    "node": items["node"],
                    "tag": payload.tag,
                    "text": payload.text,
                    "to": str(msg["to"]),
                    "from": str(msg["from"]),
                }
            )

    sup.add_event_handler("pubsub_publish", on_publish)
    await login(sup, host, port)
    await login(agent, host, port)

    ps = sup["xep_0060"]
    # The server subscribed the supervisor's bare JID to its own nodes at login.
    subs = await ps.get_subscriptions(service, timeout=TIMEOUT)
    nodes = sorted(s["node"] for s in subs["pubsub"]["subscriptions"])
    for auto in (
        "/finesse/api/SystemInfo",
        "/finesse/api/User/super01",
        "/finesse/api/User/super01/Dialogs",
    ):
        assert auto in nodes, (auto, nodes)

    sub = await ps.subscribe(service, "/finesse/api/Team/1/Users", bare=False, timeout=TIMEOUT)
    assert sub["pubsub"]["subscription"]["subscription"] == "subscribed"
    sub = await ps.subscribe(service, "/finesse/api/User/agent01", bare=False, timeout=TIMEOUT)
    assert sub["pubsub"]["subscription"]["subscription"] == "subscribed"
    await expect_forbidden(
        ps.subscribe(service, "/finesse/api/Team/2/Users", bare=False, timeout=TIMEOUT),
        "super01 on team 2",
    )
    await expect_forbidden(
        ps.subscribe(service, "/finesse/api/User/agent06", bare=False, timeout=TIMEOUT),
        "super01 on agent06 (team 2)",
    )

    aps = agent["xep_0060"]
    await expect_forbidden(
        aps.subscribe(service, "/finesse/api/User/agent02", bare=False, timeout=TIMEOUT),
        "agent01 on agent02",
    )
    await expect_forbidden(
        aps.subscribe(service, "/finesse/api/Team/1/Users", bare=False, timeout=TIMEOUT),
        "agent01 on the team node",
    )
    payload = ET.Element("{urn:xmpp:push:0}notification")
    payload.text = "<Update/>"
    await expect_forbidden(
        aps.publish(service, "/finesse/api/User/agent01", payload=payload, timeout=TIMEOUT),
        "agent01 publishing",
    )

    print("READY", flush=True)
    got = await asyncio.wait_for(event, TIMEOUT)
    print("EVENT " + json.dumps(got), flush=True)

    for c in (sup, agent):
        c.disconnect()
    await asyncio.sleep(0.2)
    print("OK", flush=True)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(main())
