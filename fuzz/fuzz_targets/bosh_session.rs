//! The BOSH connection manager fed random sequences of requests, stanzas and clock ticks.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| bosh::fuzzing::drive_server(data));
