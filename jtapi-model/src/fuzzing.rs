//! Entry point for the `jtapi_events` cargo-fuzz target (compiled only with `--cfg fuzzing`
//! and the `arbitrary` feature): a random switch driven by random operations, with the
//! invariants checked after every step and a full hang-up at the end.

use std::time::Instant;

use arbitrary::{Arbitrary, Unstructured};

use crate::{ScriptOp, SwitchShape};

/// Builds a switch and an operation list from `data`, applies them, and asserts: the
/// invariants hold after every operation, event and notice queues stay bounded by the
/// work done, and once every party hangs up no call, connection or timer is left.
pub fn run_script(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(shape) = SwitchShape::arbitrary(&mut u) else {
        return;
    };
    let mut sw = shape.build();
    let start = Instant::now();
    let mut now = start;
    let mut steps = 0;
    // `arbitrary` keeps producing (zero) values once the input is used up: stop there.
    while !u.is_empty() {
        let Ok(op) = ScriptOp::arbitrary(&mut u) else {
            break;
        };
        steps += 1;
        if steps > 256 {
            break;
        }
        let _ = op.apply(&mut sw, &mut now);
        if let Err(e) = sw.check_invariants() {
            panic!("after {op:?}: {e}");
        }
        let mut n = 0;
        while sw.poll_event().is_some() {
            n += 1;
            assert!(n < 100_000, "events bounded");
        }
        while sw.poll_notice().is_some() {}
    }
    for _ in 0..10_000 {
        let Some(call) = sw.provider().calls().next() else {
            break;
        };
        let first = sw
            .provider()
            .call(call)
            .and_then(|c| c.connections().first().copied());
        match first {
            Some(conn) => sw
                .hang_up(now, conn)
                .expect("every listed connection can hang up"),
            None => sw
                .with_provider(now, |p| p.discard_call(call))
                .expect("idle call"),
        }
        sw.check_invariants().expect("invariants during hang-up");
        while sw.poll_event().is_some() {}
    }
    assert_eq!(sw.provider().call_count(), 0, "every call ended");
    assert_eq!(sw.poll_timeout(), None, "no timer outlives its call");
}
