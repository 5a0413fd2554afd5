"""Peer measurement for benches/benches/axl_soap.rs: zeep parsing the same listUser
response of 1,000 users (same record shape as the bench), with ciscoaxl's settings.
Run: .tools/venv/bin/python axl-soap/testdata/zeep/bench_parse.py
"""
import os, time, ciscoaxl
from zeep import Client, Settings
wsdl = os.path.join(os.path.dirname(ciscoaxl.__file__), "schema", "12.5", "AXLAPI.wsdl")
c = Client(wsdl, settings=Settings(strict=False, xml_huge_tree=True, xsd_ignore_sequence_order=True))
svc = c.create_service("{http://www.cisco.com/AXLAPIService/}AXLAPIBinding", "http://127.0.0.1:1/axl/")
users = "".join(
    f'<user uuid="{{6F4B5D3E-1A2B-4C5D-8E9F-{i:012X}}}"><firstName>First{i}</firstName><lastName>Last{i}</lastName>'
    f'<userid>agent{i:04}</userid><mailid>agent{i:04}@example.com</mailid><department>Contact Center</department>'
    f'<primaryExtension><pattern>{10000+i}</pattern><routePartitionName>Internal</routePartitionName></primaryExtension>'
    f'<enableCti>true</enableCti><status>1</status><telephoneNumber>+1 555 {i:04}</telephoneNumber></user>' for i in range(1000))
xml = ('<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>'
       '<ns:listUserResponse xmlns:ns="http://www.cisco.com/AXL/API/12.5"><return>' + users +
       '</return></ns:listUserResponse></soapenv:Body></soapenv:Envelope>').encode()
class R: pass
r = R(); r.status_code = 200; r.content = xml; r.headers = {"Content-Type": "text/xml; charset=utf-8"}; r.encoding = "utf-8"
binding = svc._binding
op = binding.get("listUser")
res = binding.process_reply(c, op, r)
assert len(res["return"]["user"]) == 1000
n = 5  # zeep takes seconds per call; a few runs suffice
t = time.perf_counter()
for _ in range(n):
    binding.process_reply(c, op, r)
dt = (time.perf_counter() - t) / n
print(f"zeep parse listUser 1000: {dt*1000:.1f} ms/op, {len(xml)/dt/1e6:.2f} MB/s, {len(xml)} bytes")
