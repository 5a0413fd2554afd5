//! The CTI frame decoder: any bytes, any version; decoded messages must round-trip.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| cti_proto::fuzzing::decode_frames(data));
