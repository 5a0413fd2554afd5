//! The XMPP stream parser (and the standalone element parser) fed random bytes in random
//! chunk sizes; stanzas that parse must round-trip.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| xmpp_pubsub::fuzzing::stream_parse(data));
