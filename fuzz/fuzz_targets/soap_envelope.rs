//! The SOAP envelope parser and AXL request decoder: any bytes; faults and typed requests
//! that decode must round-trip.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| axl_soap::fuzzing::soap_envelope(data));
