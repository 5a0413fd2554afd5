//! The PubSub service fed parsed random stanzas (raw XML or byte-built requests).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| xmpp_pubsub::fuzzing::pubsub_service(data));
