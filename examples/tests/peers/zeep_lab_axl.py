"""Drives the lab's CUCM simulator (AXL over HTTPS) with zeep and Cisco's AXL 12.5 WSDL,
loaded from the installed `ciscoaxl` package, and with ciscoaxl itself.

Usage: zeep_lab_axl.py HOST PORT APP_USER APP_PASSWORD CERT_PEM
The seeded users come in LAB_USERS: "id,first,last,extension,password;..." (agents and
supervisors, in seed order), the route point DNs in LAB_ROUTE_POINTS: "8001,8002,...".
Exit status: 0 all checks passed; 1 a check failed; 3 Python packages missing.
Run by examples/tests/cucm_axl.rs; never skips.
"""
import os
import sys
import traceback

try:
    import ciscoaxl
    import requests
    from zeep import Client
    from zeep.exceptions import Fault
    from zeep.transports import Transport
except ImportError as e:  # pragma: no cover - reported by the Rust test
    print(f"MISSING-PACKAGES: {e}; run .ci/install.sh", file=sys.stderr)
    sys.exit(3)

HOST, PORT, USER, PASSWORD, CERT = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
URL = f"https://{HOST}:{PORT}/axl/"
BINDING = "{http://www.cisco.com/AXLAPIService/}AXLAPIBinding"
WSDL = os.path.join(os.path.dirname(ciscoaxl.__file__), "schema", "12.5", "AXLAPI.wsdl")
USERS = [dict(zip(("id", "first", "last", "ext", "password"), u.split(","))) for u in os.environ["LAB_USERS"].split(";")]
ROUTE_POINTS = os.environ["LAB_ROUTE_POINTS"].split(",")
passed = []


def check(name, cond, detail=""):
    if not cond:
        raise AssertionError(f"{name}: {detail}")
    passed.append(name)
    print(f"ok {name}", flush=True)


def true(v):
    """axlapi:boolean is a string enumeration ("true"/"false"), not xsd:boolean."""
    return str(v).lower() == "true"


def text(v):
    """An XFkType (foreign key) comes back as {'_value_1': text, 'uuid': ...}."""
    try:
        return v["_value_1"]
    except (TypeError, KeyError, IndexError, AttributeError):
        return v


def axl_code(fault):
    node = fault.detail.find(".//axlcode") if fault.detail is not None else None
    return node.text if node is not None else None


def main():
    # zeep with its strict defaults; TLS verified against the lab's certificate.
    session = requests.Session()
    session.auth = (USER, PASSWORD)
    session.verify = CERT
    axl = Client(WSDL, transport=Transport(session=session, timeout=10)).create_service(BINDING, URL)

    version = axl.getCCMVersion()["return"]["componentVersion"]["version"]
    check("getCCMVersion", version.startswith("12.5"), version)

    first = USERS[0]
    u = axl.getUser(userid=first["id"])["return"]["user"]
    phone = "SEP0A" + first["ext"].rjust(10, "0")
    check("getUser agent01 names", (u["userid"], u["firstName"], u["lastName"]) == (first["id"], first["first"], first["last"]), u)
    check("getUser agent01 extension", u["telephoneNumber"] == first["ext"] and u["primaryExtension"]["pattern"] == first["ext"] and text(u["ipccExtension"]) == first["ext"], u)
    check("getUser agent01 device", u["associatedDevices"]["device"] == [phone], u["associatedDevices"])
    check("getUser agent01 no secrets", u["password"] is None and u["pin"] is None, (u["password"], u["pin"]))

    phones = axl.listPhone(searchCriteria={"name": "%"}, returnedTags={"name": "", "description": "", "product": "", "devicePoolName": "", "ownerUserName": ""})["return"]["phone"]
    expected = ["SEP0A" + x["ext"].rjust(10, "0") for x in USERS]
    check("listPhone shows every seeded phone", sorted(p["name"] for p in phones) == sorted(expected), [p["name"] for p in phones])
    owners = {p["name"]: text(p["ownerUserName"]) for p in phones}
    check("listPhone owners", all(owners["SEP0A" + x["ext"].rjust(10, "0")] == x["id"] for x in USERS), owners)
    check("listPhone device pool", all(text(p["devicePoolName"]) == "Default" for p in phones), phones[0])
    lines = {}
    for name in expected:
        p = axl.getPhone(name=name)["return"]["phone"]
        lines[name] = [(line["index"], line["dirn"]["pattern"]) for line in p["lines"]["line"]]
    check("each phone's line is its extension", all(lines["SEP0A" + x["ext"].rjust(10, "0")] == [(1, x["ext"])] for x in USERS), lines)

    rows = axl.executeSQLQuery(sql="select userid, firstname, lastname, telephonenumber from enduser")["return"]["row"]
    got = sorted(tuple(c.text for c in row) for row in rows)
    want = sorted((x["id"], x["first"], x["last"], x["ext"]) for x in USERS)
    check("executeSQLQuery enduser", got == want, got)
    rows = axl.executeSQLQuery(sql=f"SELECT name FROM device WHERE name = '{phone}'")["return"]["row"]
    check("executeSQLQuery device", [[c.text for c in r] for r in rows] == [[phone]], rows)
    rows = axl.executeSQLQuery(sql="select dnorpattern from numplan")["return"]["row"]
    dns = sorted(r[0].text for r in rows)
    check("executeSQLQuery numplan has extensions and route points", dns == sorted([x["ext"] for x in USERS] + ROUTE_POINTS), dns)

    rows = axl.executeSQLQuery(sql="select e.userid, n.dnorpattern from enduser e "
                               "join endusernumplanmap m on m.fkenduser = e.pkid "
                               "join numplan n on n.pkid = m.fknumplan order by e.userid")["return"]["row"]
    got = [tuple(c.text for c in row) for row in rows]
    check("executeSQLQuery join primary extensions", got == sorted((x["id"], x["ext"]) for x in USERS), got)
    rows = axl.executeSQLQuery(sql="select d.name, n.dnorpattern from device d, devicenumplanmap dm, numplan n "
                               "where dm.fkdevice = d.pkid and dm.fknumplan = n.pkid and d.tkclass = 10")["return"]["row"]
    got = sorted(tuple(c.text for c in row) for row in rows)
    check("executeSQLQuery join route points", got == sorted((f"RP_{dn}", dn) for dn in ROUTE_POINTS), got)

    good = axl.doAuthenticateUser(userid=first["id"], password=first["password"])["return"]
    check("doAuthenticateUser right password", true(good["userAuthenticated"]) and int(good["code"]) == 0, good)
    bad = axl.doAuthenticateUser(userid=first["id"], password=first["password"] + "x")["return"]
    check("doAuthenticateUser wrong password", not true(bad["userAuthenticated"]), bad)

    for op, call in (("getUser", lambda: axl.getUser(userid="nobody")),
                     ("doAuthenticateUser", lambda: axl.doAuthenticateUser(userid="nobody", password="x"))):
        try:
            call()
            check(f"{op} unknown user raises axlError", False, "no exception")
        except Fault as f:
            check(f"{op} unknown user is axlError 5007", f.code.endswith("Server") and axl_code(f) == "5007", (f.code, f.message, axl_code(f)))

    # ciscoaxl, as DevNet sandbox scripts use it (GET /axl/ first, then its helpers).
    ucm = ciscoaxl.axl(USER, PASSWORD, HOST, "12.5", cucm_port=PORT)
    rp = ucm.sql_query(f"select name from device where name = 'RP_{ROUTE_POINTS[0]}'")["row"]
    check("ciscoaxl sql_query route point", rp[0][0].text == f"RP_{ROUTE_POINTS[0]}", rp)

    status = requests.get(URL, auth=(USER, PASSWORD + "-wrong"), verify=CERT, timeout=10).status_code
    check("wrong application password is 401", status == 401, status)

    print(f"PASSED {len(passed)} checks", flush=True)


if __name__ == "__main__":
    try:
        main()
    except Exception:
        traceback.print_exc()
        print(f"FAILED after {len(passed)} checks", file=sys.stderr, flush=True)
        sys.exit(1)
