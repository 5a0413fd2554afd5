//! Issue #8: the Finesse REST API through curl, over HTTPS with the lab's certificate: the
//! agent's own resources, a wrong password (401 + ApiErrors), another agent's resource (403 +
//! ApiErrors), a supervisor's view of its team, reason codes, an unknown resource, and the
//! 5-wrong-passwords lockout that holds even for the right password afterwards.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{curl, Lab};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rest_api_through_curl() {
    let lab = Lab::start(|_| {}).await;
    let me = Some(("agent03", "pw1003"));

    let reply = lab
        .rest("GET", "/finesse/api/SystemInfo", None, None, None)
        .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert!(
        reply.body.contains("<status>IN_SERVICE</status>"),
        "{}",
        reply.body
    );

    let reply = lab
        .rest("GET", "/finesse/api/User/agent03", me, None, None)
        .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert!(
        reply.body.contains("<loginId>agent03</loginId>"),
        "{}",
        reply.body
    );
    assert!(
        reply.body.contains("<extension>1003</extension>")
            || reply.body.contains("<extension/>")
            || reply.body.contains("<extension></extension>"),
        "{}",
        reply.body
    );
    assert!(
        reply
            .headers
            .to_ascii_lowercase()
            .contains("content-type: application/xml"),
        "{}",
        reply.headers
    );

    let reply = lab
        .rest(
            "GET",
            "/finesse/api/User/agent03",
            Some(("agent03", "wrong")),
            None,
            None,
        )
        .await;
    assert_eq!(reply.status, 401, "{reply:?}");
    assert!(
        reply.body.contains("<ApiErrors>") && reply.body.contains("<ApiError>"),
        "{}",
        reply.body
    );

    let reply = lab
        .rest("GET", "/finesse/api/User/agent04", me, None, None)
        .await;
    assert_eq!(reply.status, 403, "{reply:?}");
    assert!(reply.body.contains("<ApiErrors>"), "{}", reply.body);

    let reply = lab
        .rest("GET", "/finesse/api/User/agent04/Dialogs", me, None, None)
        .await;
    assert_eq!(reply.status, 403, "{reply:?}");

    let reply = lab
        .rest("GET", "/finesse/api/User/agent03/Dialogs", me, None, None)
        .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert!(reply.body.contains("<Dialogs"), "{}", reply.body);

    let sup = Some(("super01", "pw1901"));
    let reply = lab
        .rest("GET", "/finesse/api/Team/1", sup, None, None)
        .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    for agent in ["agent01", "agent05"] {
        assert!(
            reply.body.contains(agent),
            "team 1 lists {agent}: {}",
            reply.body
        );
    }
    assert!(!reply.body.contains("agent06"), "{}", reply.body);
    let reply = lab
        .rest("GET", "/finesse/api/User/agent06", sup, None, None)
        .await;
    assert_eq!(
        reply.status, 403,
        "super01 may not read team 2's agent: {reply:?}"
    );

    let reply = lab
        .rest(
            "GET",
            "/finesse/api/User/agent03/ReasonCodes?category=NOT_READY",
            me,
            None,
            None,
        )
        .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert!(
        reply.body.contains("Break") && !reply.body.contains("End of shift"),
        "{}",
        reply.body
    );

    let reply = lab
        .rest("GET", "/finesse/api/NoSuchThing", me, None, None)
        .await;
    assert!(matches!(reply.status, 400 | 404), "{reply:?}");
    assert!(reply.body.contains("<ApiErrors>"), "{}", reply.body);

    let reply = lab
        .rest(
            "PUT",
            "/finesse/api/User/agent03",
            me,
            Some("<User><state>READY</state"),
            None,
        )
        .await;
    assert_eq!(reply.status, 400, "malformed XML: {reply:?}");

    // Plain HTTP (8082 in a default lab) serves the same API.
    let http = format!(
        "http://127.0.0.1:{}/finesse/api/User/agent03",
        lab.stack.endpoints().rest_http.port()
    );
    let reply = curl(&http, "GET", me, None, None, None).await;
    assert!(matches!(reply.status, 200 | 301), "{reply:?}");

    // Five wrong passwords lock the account for five minutes, even for the right one.
    for _ in 0..5 {
        let reply = lab
            .rest(
                "GET",
                "/finesse/api/User/agent09",
                Some(("agent09", "nope")),
                None,
                None,
            )
            .await;
        assert_eq!(reply.status, 401);
    }
    let reply = lab
        .rest(
            "GET",
            "/finesse/api/User/agent09",
            Some(("agent09", "pw1009")),
            None,
            None,
        )
        .await;
    assert_eq!(reply.status, 401, "locked account: {reply:?}");
    assert!(reply.body.contains("<ApiErrors>"), "{}", reply.body);
    // Another agent is not affected.
    let reply = lab
        .rest(
            "GET",
            "/finesse/api/User/agent08",
            Some(("agent08", "pw1008")),
            None,
            None,
        )
        .await;
    assert_eq!(reply.status, 200, "{reply:?}");

    lab.stop().await;
}
