//! Finesse REST resources and notifications: arbitrary bytes parsed as every resource, both
//! request bodies and an `Update` (plain, escaped text, `<notification>` element); whatever
//! parses must serialize and parse back to the same value.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| finesse_rest_types::fuzzing::parse_all(data));
