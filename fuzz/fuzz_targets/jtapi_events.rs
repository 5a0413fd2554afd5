//! Random operation sequences on a random simulated switch; invariants after every step.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| jtapi_model::fuzzing::run_script(data));
