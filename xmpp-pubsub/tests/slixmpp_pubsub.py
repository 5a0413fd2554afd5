"""Drives the xmpp-pubsub c2s server with slixmpp (a real, independent XMPP client).

Run by tests/slixmpp.rs: python slixmpp_pubsub.py HOST PORT DOMAIN [CA_FILE]
With CA_FILE the clients use STARTTLS and verify the server certificate against it;
without it they use plain TCP with SASL PLAIN allowed unencrypted (loopback only).

Scenario (issue #3): the agent logs in with PLAIN, creates a node, subscribes (full JID, as
Finesse does), gives a second account publish rights; the second account publishes a Finesse
<notification> whose text is an <Update> document; the agent receives the event; the
publisher retracts; the agent receives the retraction. Plus: a wrong password is refused,
items/subscriptions queries, disco, ping, unsubscribe and node deletion.
Prints OK and exits 0 on success; any failure raises (exit 1).
"""
import asyncio
import logging
import sys

import slixmpp
from slixmpp.exceptions import IqError
from slixmpp.xmlstream import ET

NODE = "/finesse/api/User/1001"
UPDATE = (
    "<Update><data><user><loginId>1001</loginId><state>READY</state>"
    "<extension>1001001</extension></user></data><event>PUT</event>"
    "<requestId></requestId><source>/finesse/api/User/1001</source></Update>"
)
TIMEOUT = 15


def make_client(jid, password, ca_file):
    client = slixmpp.ClientXMPP(
        jid,
        password,
        sasl_mech="PLAIN",
        plugin_config={"feature_mechanisms": {"unencrypted_plain": ca_file is None}},
    )
    client.enable_direct_tls = False
    if ca_file:
        client.enable_starttls = True
        client.enable_plaintext = False
        client.ssl_context.load_verify_locations(cafile=ca_file)
    else:
        client.enable_starttls = False
        client.enable_plaintext = True
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
    client = make_client(f"1001@{domain}", "wrong-password", ca_file)
    failed = asyncio.get_running_loop().create_future()
    client.add_event_handler("failed_auth", lambda _: failed.done() or failed.set_result(True))
    client.add_event_handler(
        "session_start",
        lambda _: failed.done() or failed.set_exception(RuntimeError("bad password accepted")),
    )
    client.connect(host, port)
    await asyncio.wait_for(failed, TIMEOUT)
    client.disconnect()


async def main():
    host, port, domain = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    ca_file = sys.argv[4] if len(sys.argv) > 4 else None
    service = f"pubsub.{domain}"

    await expect_auth_failure(host, port, domain, ca_file)

    agent = make_client(f"1001@{domain}/desktop", "agent-secret", ca_file)
    finesse = make_client(f"finesse@{domain}/webapp", "finesse-secret", ca_file)
    published = asyncio.get_running_loop().create_future()
    retracted = asyncio.get_running_loop().create_future()

    def on_publish(msg):
        item = msg["pubsub_event"]["items"]["item"]
        node = msg["pubsub_event"]["items"]["node"]
        if not published.done():
            published.set_result((node, item["id"], item["payload"], msg["to"]))

    def on_retract(msg):
        node = msg["pubsub_event"]["items"]["node"]
        rid = msg["pubsub_event"]["items"]["retract"]["id"]
        if not retracted.done():
            retracted.set_result((node, rid))

    agent.add_event_handler("pubsub_publish", on_publish)
    agent.add_event_handler("pubsub_retract", on_retract)

    await login(agent, host, port)
    await login(finesse, host, port)
    if ca_file:
        assert agent.is_secure if hasattr(agent, "is_secure") else True

    pubsub = agent["xep_0060"]
    info = await agent["xep_0030"].get_info(jid=service, timeout=TIMEOUT)
    features = info["disco_info"]["features"]
    assert "http://jabber.org/protocol/pubsub" in features, features
    await agent["xep_0199"].ping(jid=domain, timeout=TIMEOUT)

    await pubsub.create_node(service, NODE, timeout=TIMEOUT)
    try:
        await pubsub.create_node(service, NODE, timeout=TIMEOUT)
        raise AssertionError("second create of the same node succeeded")
    except IqError as e:
        assert e.condition == "conflict", e.condition

    sub = await pubsub.subscribe(service, NODE, bare=False, timeout=TIMEOUT)
    assert sub["pubsub"]["subscription"]["subscription"] == "subscribed"
    assert str(sub["pubsub"]["subscription"]["jid"]) == str(agent.boundjid)
    subid = sub["pubsub"]["subscription"]["subid"]

    # The second account may not publish until the owner makes it a publisher.
    payload = ET.Element("{urn:xmpp:push:0}notification")
    payload.text = UPDATE
    try:
        await finesse["xep_0060"].publish(service, NODE, payload=payload, timeout=TIMEOUT)
        raise AssertionError("publish without rights succeeded")
    except IqError as e:
        assert e.condition == "forbidden", e.condition
    await pubsub.modify_affiliations(
        service, NODE, affiliations=[(finesse.boundjid.bare, "publisher")], timeout=TIMEOUT
    )

    result = await finesse["xep_0060"].publish(
        service, NODE, id="item-1", payload=payload, timeout=TIMEOUT
    )
    assert result["pubsub"]["publish"]["item"]["id"] == "item-1"

    node, item_id, got, to = await asyncio.wait_for(published, TIMEOUT)
    assert node == NODE, node
    assert item_id == "item-1", item_id
    assert got.tag == "{urn:xmpp:push:0}notification", got.tag
    assert got.text == UPDATE, got.text
    assert str(to) == str(agent.boundjid), to

    items = await pubsub.get_items(service, NODE, max_items=5, timeout=TIMEOUT)
    ids = [i["id"] for i in items["pubsub"]["items"]]
    assert ids == ["item-1"], ids

    subs = await pubsub.get_subscriptions(service, timeout=TIMEOUT)
    nodes = [s["node"] for s in subs["pubsub"]["subscriptions"]]
    assert nodes == [NODE], nodes

    await finesse["xep_0060"].retract(service, NODE, "item-1", notify=True, timeout=TIMEOUT)
    node, rid = await asyncio.wait_for(retracted, TIMEOUT)
    assert (node, rid) == (NODE, "item-1"), (node, rid)

    items = await pubsub.get_items(service, NODE, timeout=TIMEOUT)
    assert len(items["pubsub"]["items"]) == 0

    await pubsub.unsubscribe(service, NODE, subid=subid, bare=False, timeout=TIMEOUT)
    await pubsub.delete_node(service, NODE, timeout=TIMEOUT)
    try:
        await pubsub.get_items(service, NODE, timeout=TIMEOUT)
        raise AssertionError("items of a deleted node")
    except IqError as e:
        assert e.condition == "item-not-found", e.condition

    for c in (agent, finesse):
        c.disconnect()
    await asyncio.sleep(0.2)
    print("OK")


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(main())
