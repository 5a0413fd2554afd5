//! finesse-rest-types throughput: parse and serialize a `Dialogs` list of 50 dialogs with
//! 20 call variables each, and a User `Update` (as the escaped `<notification>` text a
//! PubSub item carries). Reports bytes/s and documents/s (criterion), then prints the
//! parse/scan ratio against a bare quick-xml event scan of the same bytes, measured in the
//! same run (the floor any XML parser has to pay).
#![allow(missing_docs, clippy::unwrap_used, clippy::disallowed_methods)]

use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, Criterion, Throughput};
use finesse_rest_types::*;

fn dialogs_doc() -> Dialogs {
    let ts = Timestamp::from_unix_millis(1_700_000_000_000);
    let dialogs = (0..50)
        .map(|i| {
            let mut mp = MediaProperties::default();
            mp.dnis = Some("5000".into());
            mp.call_type = Some(CallType::AcdIn);
            mp.dialed_number = Some("5000".into());
            mp.media_id = Some("1".into());
            mp.queue_name = Some("Sales".into());
            mp.queue_number = Some("5022".into());
            mp.callvariables = Some(
                (1..=20)
                    .map(|n| {
                        let name = if n <= 10 {
                            format!("callVariable{n}")
                        } else {
                            format!("user.ecc.var{n}")
                        };
                        CallVariable::new(
                            name,
                            format!("{i:03}-{n:02}-customer-reference-0123456789"),
                        )
                    })
                    .collect(),
            );
            let mut d = Dialog::default();
            d.id = Some(format!("{}", 16_804_377 + i));
            d.uri = Some(format!("/finesse/api/Dialog/{}", 16_804_377 + i));
            d.from_address = Some("4085550100".into());
            d.to_address = Some("1001".into());
            d.media_type = Some("Voice".into());
            d.state = Some(DialogState::Active);
            d.media_properties = Some(mp);
            let mut agent = Participant::new("1001", ParticipantState::Active, &ts);
            agent.media_address_type = Some(MediaAddressType::AgentDevice);
            let caller = Participant::new("4085550100", ParticipantState::Active, &ts);
            d.participants = Some(vec![agent, caller]);
            d
        })
        .collect();
    Dialogs { dialogs }
}

fn user_update() -> Update {
    let xml = "<User><dialogs>/finesse/api/User/6021/Dialogs</dialogs><extension>2830</extension>\
        <firstName>LPU</firstName><lastName>Test 21</lastName><loginId>6021</loginId>\
        <loginName>lpu_test_21</loginName><mediaType>1</mediaType><pendingState></pendingState>\
        <reasonCodeId>-1</reasonCodeId><roles><role>Agent</role><role>Supervisor</role></roles>\
        <settings><wrapUpOnIncoming>OPTIONAL</wrapUpOnIncoming><wrapUpOnOutgoing>OPTIONAL</wrapUpOnOutgoing></settings>\
        <state>NOT_READY</state><stateChangeTime>2023-01-13T11:07:11.466Z</stateChangeTime>\
        <teamId>5005</teamId><teamName>LPU_test</teamName><teams><Team><id>5005</id>\
        <name>LPU_test</name><uri>/finesse/api/Team/5005</uri></Team></teams>\
        <uri>/finesse/api/User/6021</uri><wrapUpTimer>7200</wrapUpTimer></User>";
    Update::put(
        "/finesse/api/User/6021",
        UpdateData::User(User::from_xml(xml).unwrap()),
    )
}

/// The floor: one pass of quick-xml's event reader over the bytes.
fn scan(xml: &str) -> usize {
    let mut r = quick_xml::Reader::from_str(xml);
    let mut n = 0;
    loop {
        match r.read_event() {
            Ok(quick_xml::events::Event::Eof) | Err(_) => return n,
            Ok(e) => {
                black_box(&e);
                n += 1;
            }
        }
    }
}

fn bench(c: &mut Criterion) {
    let dialogs = dialogs_doc();
    let dialogs_xml = dialogs.to_xml().unwrap();
    let update = user_update();
    let update_text = update.to_notification_text().unwrap();

    for (unit, dialogs_tp, update_tp) in [
        (
            "bytes",
            Throughput::Bytes(dialogs_xml.len() as u64),
            Throughput::Bytes(update_text.len() as u64),
        ),
        ("docs", Throughput::Elements(1), Throughput::Elements(1)),
    ] {
        let mut g = c.benchmark_group(format!("finesse_dialogs50x20_{unit}"));
        g.throughput(dialogs_tp);
        g.bench_function("parse", |b| {
            b.iter(|| black_box(Dialogs::from_xml(black_box(&dialogs_xml)).unwrap()))
        });
        g.bench_function("serialize", |b| {
            b.iter(|| black_box(black_box(&dialogs).to_xml().unwrap()))
        });
        g.bench_function("quick_xml_scan", |b| {
            b.iter(|| black_box(scan(black_box(&dialogs_xml))))
        });
        g.finish();

        let mut g = c.benchmark_group(format!("finesse_user_update_{unit}"));
        g.throughput(update_tp);
        g.bench_function("parse_notification_text", |b| {
            b.iter(|| black_box(Update::from_notification_text(black_box(&update_text)).unwrap()))
        });
        g.bench_function("serialize_notification_text", |b| {
            b.iter(|| black_box(black_box(&update).to_notification_text().unwrap()))
        });
        g.finish();
    }
}

/// Parse vs bare scan in one run, printed as a ratio (criterion does not compute ratios).
fn ratio() {
    let dialogs_xml = dialogs_doc().to_xml().unwrap();
    let reps = 200;
    let t = Instant::now();
    for _ in 0..reps {
        black_box(Dialogs::from_xml(black_box(&dialogs_xml)).unwrap());
    }
    let parse_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    for _ in 0..reps {
        black_box(scan(black_box(&dialogs_xml)));
    }
    let scan_s = t.elapsed().as_secs_f64();
    let bytes = (dialogs_xml.len() * reps) as f64;
    println!(
        "finesse Dialogs 50x20 ({} bytes): parse {:.1} MB/s, {:.0} docs/s; quick-xml scan {:.1} MB/s; scan/parse = {:.3}",
        dialogs_xml.len(),
        bytes / parse_s / 1e6,
        reps as f64 / parse_s,
        bytes / scan_s / 1e6,
        scan_s / parse_s,
    );
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    ratio();
}
