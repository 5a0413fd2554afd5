"""Drives the axl-soap server with real clients: Python `ciscoaxl` (which loads Cisco's
AXL WSDL shipped inside the package and checks GET /axl/ first) and zeep directly, in
both ciscoaxl's lenient settings and zeep's strict defaults.

Usage: zeep_client.py HOST PORT USER PASSWORD
Exit status: 0 all checks passed; 1 a check failed; 3 Python packages missing.
Run by tests/zeep.rs; never skips.
"""
import os
import sys
import traceback

try:
    import ciscoaxl
    import requests
    from zeep import Client, Settings
    from zeep.exceptions import Fault
    from zeep.transports import Transport
except ImportError as e:  # pragma: no cover - reported by the Rust test
    print(f"MISSING-PACKAGES: {e}; run .ci/install.sh", file=sys.stderr)
    sys.exit(3)

HOST, PORT, USER, PASSWORD = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
URL = f"https://{HOST}:{PORT}/axl/"
BINDING = "{http://www.cisco.com/AXLAPIService/}AXLAPIBinding"
WSDL = os.path.join(os.path.dirname(ciscoaxl.__file__), "schema", "12.5", "AXLAPI.wsdl")
passed = []


def check(name, cond, detail=""):
    if not cond:
        raise AssertionError(f"{name}: {detail}")
    passed.append(name)
    print(f"ok {name}", flush=True)


def true(v):
    """axlapi:boolean is a string enumeration ("true"/"false"), not xsd:boolean."""
    return str(v).lower() == "true"


def run(service, label):
    v = service.getCCMVersion()
    check(f"{label} getCCMVersion", v["return"]["componentVersion"]["version"] == "12.5.1.11900(146)", v)

    u = service.getUser(userid="jdoe")["return"]["user"]
    check(f"{label} getUser fields", (u["firstName"], u["lastName"], u["telephoneNumber"]) == ("John", "Doe", "+1 555 01001"), u)
    check(f"{label} getUser nested", u["primaryExtension"]["pattern"] == "1001" and u["associatedDevices"]["device"] == ["SEP001122334450"], u)
    check(f"{label} getUser uuid", u["uuid"].startswith("{") and u["uuid"].endswith("}"), u["uuid"])

    t = service.getUser(userid="alee", returnedTags={"firstName": "", "mailid": ""})["return"]["user"]
    check(f"{label} getUser returnedTags", t["firstName"] == "Ann" and t["mailid"] == "alee@example.com" and t["lastName"] is None, t)

    users = service.listUser(searchCriteria={"userid": "%"}, returnedTags={"userid": "", "firstName": ""})["return"]["user"]
    check(f"{label} listUser", [x["userid"] for x in users] == ["jdoe", "alee", "bsmith"], users)
    page = service.listUser(searchCriteria={"lastName": "%"}, returnedTags={"userid": ""}, skip=1, first=1)["return"]["user"]
    check(f"{label} listUser skip/first", [x["userid"] for x in page] == ["alee"], page)

    phones = service.listPhone(searchCriteria={"name": "SEP%"}, returnedTags={"name": "", "description": "", "product": ""})["return"]["phone"]
    check(f"{label} listPhone", [p["name"] for p in phones] == ["SEP001122334450", "SEP001122334451", "SEP001122334452"], phones)
    check(f"{label} listPhone fields", phones[1]["description"] == "Ann Lee desk" and phones[1]["product"] == "Cisco 8841", phones[1])

    rows = service.executeSQLQuery(sql="select userid, firstname from enduser where userid = 'jdoe'")["return"]["row"]
    cells = [(c.tag, c.text) for c in rows[0]]
    check(f"{label} executeSQLQuery", len(rows) == 1 and cells == [("userid", "jdoe"), ("firstname", "John")], cells)

    good = service.doAuthenticateUser(userid="jdoe", password="jdoe-pw")["return"]
    check(f"{label} doAuthenticateUser right password", true(good["userAuthenticated"]) and int(good["code"]) == 0, good)
    bad = service.doAuthenticateUser(userid="jdoe", password="nope")["return"]
    check(f"{label} doAuthenticateUser wrong password", not true(bad["userAuthenticated"]) and str(bad["userAuthenticated"]).lower() == "false", bad)
    pin = service.doAuthenticateUser(userid="alee", pin="12345")["return"]
    check(f"{label} doAuthenticateUser pin", true(pin["userAuthenticated"]), pin)

    try:
        service.getUser(userid="nobody")
        check(f"{label} missing user raises Fault", False, "no exception")
    except Fault as f:
        code = f.detail.find(".//axlcode").text if f.detail is not None else None
        check(f"{label} missing user is Fault 5007", f.code.endswith("Server") and code == "5007" and "not found" in f.message, (f.code, f.message, code))


def main():
    # 1. ciscoaxl, as users run it: GET /axl/ with Basic auth, TLS retried without
    #    verification (our certificate is self-signed), the packaged 12.5 WSDL.
    ucm = ciscoaxl.axl(USER, PASSWORD, HOST, "12.5", cucm_port=PORT)
    run(ucm.client, "ciscoaxl")
    check("ciscoaxl sql_query helper", ucm.sql_query("select name from device where name = 'CTIPORT1'")["row"][0][0].text == "CTIPORT1")

    # 2. zeep with its strict defaults (element order and types checked against the XSD).
    session = requests.Session()
    session.auth = (USER, PASSWORD)
    session.verify = False
    strict = Client(WSDL, transport=Transport(session=session, timeout=10)).create_service(BINDING, URL)
    run(strict, "zeep-strict")
    check("session cookie issued", any(c.name == "JSESSIONID" for c in session.cookies), list(session.cookies))

    # 3. Wrong HTTP credentials are refused with 401 before any SOAP.
    try:
        ciscoaxl.axl(USER, PASSWORD + "-wrong", HOST, "12.5", cucm_port=PORT)
        check("bad credentials refused", False, "no exception")
    except Exception as e:  # ciscoaxl raises a plain Exception naming the status
        check("bad credentials refused with 401", "401" in str(e), str(e))
    status = requests.get(URL, auth=(USER, "wrong"), verify=False, timeout=10).status_code
    check("bad credentials HTTP status", status == 401, status)
    bad_session = requests.Session()
    bad_session.auth = (USER, "wrong")
    bad_session.verify = False
    bad = Client(WSDL, transport=Transport(session=bad_session, timeout=10)).create_service(BINDING, URL)
    try:
        bad.getCCMVersion()
        check("zeep with bad credentials fails", False, "no exception")
    except Exception as e:
        check("zeep with bad credentials fails with 401", getattr(e, "status_code", None) == 401, repr(e))

    print(f"PASSED {len(passed)} checks", flush=True)


if __name__ == "__main__":
    try:
        main()
    except Exception:
        traceback.print_exc()
        print(f"FAILED after {len(passed)} checks", file=sys.stderr, flush=True)
        sys.exit(1)
