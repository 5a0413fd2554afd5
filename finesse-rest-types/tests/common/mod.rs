//! Test helpers: a small XML canonicaliser and test-data loading.
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use quick_xml::events::Event;
use quick_xml::Reader;

/// One canonical token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    /// Element start with its attributes sorted.
    Start(String, Vec<(String, String)>),
    /// Element end.
    End(String),
    /// Text (entities and CDATA resolved, adjacent pieces merged).
    Text(String),
}

/// Canonical form: `<a/>` == `<a></a>`, comments/declarations/PIs dropped,
/// whitespace-only text between elements dropped (insignificant), attributes sorted.
pub fn canonical(xml: &str) -> Vec<Tok> {
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut text = String::new();
    let flush = |text: &mut String, out: &mut Vec<Tok>| {
        if !text.trim().is_empty() {
            out.push(Tok::Text(std::mem::take(text)));
        }
        text.clear();
    };
    let attrs = |e: &quick_xml::events::BytesStart<'_>| {
        let mut v: Vec<(String, String)> = e
            .attributes()
            .map(|a| {
                let a = a.unwrap();
                (
                    String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                    a.unescape_value().unwrap().into_owned(),
                )
            })
            .collect();
        v.sort();
        v
    };
    loop {
        match r
            .read_event()
            .unwrap_or_else(|e| panic!("canonical: {e} in {xml}"))
        {
            Event::Start(e) => {
                flush(&mut text, &mut out);
                let n = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                out.push(Tok::Start(n, attrs(&e)));
            }
            Event::Empty(e) => {
                flush(&mut text, &mut out);
                let n = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                out.push(Tok::Start(n.clone(), attrs(&e)));
                out.push(Tok::End(n));
            }
            Event::End(e) => {
                flush(&mut text, &mut out);
                out.push(Tok::End(
                    String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                ));
            }
            Event::Text(t) => text.push_str(&t.decode().unwrap()),
            Event::CData(t) => text.push_str(&t.decode().unwrap()),
            Event::GeneralRef(r) => {
                if let Some(c) = r.resolve_char_ref().unwrap() {
                    text.push(c);
                } else {
                    let n = r.decode().unwrap();
                    text.push_str(quick_xml::escape::resolve_predefined_entity(&n).unwrap());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Asserts two documents are canonically equal, printing both on failure.
pub fn assert_xml_eq(got: &str, want: &str, what: &str) {
    let (g, w) = (canonical(got), canonical(want));
    if g != w {
        let first = g
            .iter()
            .zip(&w)
            .position(|(a, b)| a != b)
            .unwrap_or(g.len().min(w.len()));
        panic!(
            "{what}: XML differs at token {first}: got {:?}, want {:?}\n got: {got}\nwant: {want}",
            g.get(first),
            w.get(first)
        );
    }
}

/// Reads `testdata/<path>`.
pub fn testdata(path: &str) -> String {
    let p = format!("{}/testdata/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

/// Every file under `testdata/<dir>`, sorted.
pub fn testdata_files(dir: &str) -> Vec<(String, String)> {
    let d = format!("{}/testdata/{dir}", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".xml"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let text = testdata(&format!("{dir}/{n}"));
            (n, text)
        })
        .collect()
}

#[test]
fn canonicaliser_is_strict_where_it_matters() {
    assert_eq!(canonical("<a><b/></a>"), canonical("<a>\n  <b></b>\n</a>"));
    assert_ne!(canonical("<a><b>x</b></a>"), canonical("<a><b>y</b></a>"));
    assert_ne!(canonical("<a><b/><c/></a>"), canonical("<a><c/><b/></a>"));
    assert_eq!(
        canonical("<a>&lt;x</a>"),
        canonical("<a><![CDATA[<x]]></a>")
    );
    assert_ne!(canonical("<a> x</a>"), canonical("<a>x</a>"));
}
