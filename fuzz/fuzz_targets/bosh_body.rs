//! The BOSH `<body/>` parser: any bytes; decoded bodies must round-trip.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| bosh::fuzzing::parse_body(data));
