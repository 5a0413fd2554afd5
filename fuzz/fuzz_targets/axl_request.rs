//! The AXL server dispatcher: any POST body from an authorized user gets a well-formed
//! answer (a response that decodes, or an error status with a SOAP fault).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| axl_soap::fuzzing::axl_request(data));
