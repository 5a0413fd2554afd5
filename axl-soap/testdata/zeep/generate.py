"""Regenerates the zeep request goldens in this directory.

Run with the project venv (installed by .ci/install-python.sh):
    .tools/venv/bin/python axl-soap/testdata/zeep/generate.py
It loads Cisco's AXL 12.5 WSDL from the installed `ciscoaxl` package (never copied into
this repository) and writes, for each call below, the exact envelope zeep 4.3.3 renders.
"""
import os

import ciscoaxl
from lxml import etree
from zeep import Client, Settings

HERE = os.path.dirname(os.path.abspath(__file__))
WSDL = os.path.join(os.path.dirname(ciscoaxl.__file__), "schema", "12.5", "AXLAPI.wsdl")
client = Client(WSDL, settings=Settings(strict=False, xml_huge_tree=True))
service = client.create_service(
    "{http://www.cisco.com/AXLAPIService/}AXLAPIBinding", "http://127.0.0.1:1/axl/"
)

CALLS = [
    ("getCCMVersion", {}),
    ("getUser", {"userid": "jdoe"}),
    ("getUser_tags", {"userid": "jdoe", "returnedTags": {"firstName": "", "lastName": "", "telephoneNumber": ""}}),
    ("listUser", {"searchCriteria": {"userid": "%"}, "returnedTags": {"userid": "", "firstName": "", "lastName": ""}, "first": 1000, "skip": 0}),
    ("addUser", {"user": {"userid": "jdoe", "firstName": "John", "lastName": "Doe", "presenceGroupName": "Standard Presence group"}}),
    ("updateUser", {"userid": "jdoe", "firstName": "John", "department": "Sales"}),
    ("removeUser", {"userid": "jdoe"}),
    ("getPhone", {"name": "SEP001122334455"}),
    ("listPhone", {"searchCriteria": {"name": "SEP%"}, "returnedTags": {"name": "", "description": "", "product": "", "protocol": ""}}),
    ("addPhone", {"phone": {"name": "SEP001122334455", "product": "Cisco 8841", "class": "Phone", "protocol": "SIP", "protocolSide": "User", "devicePoolName": "Default", "commonPhoneConfigName": "Standard Common Phone Profile", "locationName": "Hub_None", "useTrustedRelayPoint": "Default", "builtInBridgeStatus": "Default", "packetCaptureMode": "None", "certificateOperation": "No Pending Operation", "deviceMobilityMode": "Default", "lines": {"line": [{"index": 1, "dirn": {"pattern": "1001", "routePartitionName": ""}}]}}}),
    ("updatePhone", {"name": "SEP001122334455", "description": "desk"}),
    ("removePhone", {"name": "SEP001122334455"}),
    ("getLine", {"pattern": "1001", "routePartitionName": ""}),
    ("listLine", {"searchCriteria": {"pattern": "10%"}, "returnedTags": {"pattern": "", "description": ""}}),
    ("executeSQLQuery", {"sql": "select userid from enduser"}),
    ("executeSQLUpdate", {"sql": "update enduser set department='x' where userid='jdoe'"}),
    ("doAuthenticateUser", {"userid": "jdoe", "password": "secret"}),
    ("doAuthenticateUser_pin", {"userid": "jdoe", "pin": "12345"}),
]

for name, kwargs in CALLS:
    op = name.split("_")[0]
    node = client.create_message(service, op, **kwargs)
    with open(os.path.join(HERE, f"{name}.xml"), "w") as f:
        f.write(etree.tostring(node, encoding="unicode"))
