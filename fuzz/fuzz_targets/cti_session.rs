//! The CTI client and server session machines fed random frames and time jumps.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| cti_proto::fuzzing::drive_sessions(data));
