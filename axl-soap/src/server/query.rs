//! Runs a parsed `SELECT` over in-memory tables: nested-loop joins, conditions applied
//! as soon as their tables are bound, `ORDER BY`, `SKIP`/`FIRST`. Errors are the
//! Informix error codes CUCM returns as AXL faults.

use std::cmp::Ordering;

use super::sql::{ColRef, Cond, Op, Operand, Select};
use crate::{like_match, AxlFault, SqlRow};

/// A table: column names and rows of text values (`""` for NULL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Table {
    pub(crate) columns: &'static [&'static str],
    pub(crate) rows: Vec<Vec<String>>,
}

const OP: &str = "executeSQLQuery";

fn unknown_column(c: &ColRef) -> AxlFault {
    let name = match &c.qualifier {
        Some(q) => format!("{q}.{}", c.name),
        None => c.name.clone(),
    };
    AxlFault::new(
        -217,
        format!("Column ({name}) not found in any table in the query (or SLV is undefined)."),
        OP,
    )
}

/// Where a column lives: (table position in FROM, column position).
fn resolve(
    c: &ColRef,
    from: &[(String, String)],
    tables: &[Table],
) -> Result<(usize, usize), AxlFault> {
    let mut found = None;
    for (t, ((_, alias), table)) in from.iter().zip(tables).enumerate() {
        if c.qualifier.as_ref().is_some_and(|q| q != alias) {
            continue;
        }
        if let Some(i) = table.columns.iter().position(|n| *n == c.name) {
            if found.is_some() {
                return Err(AxlFault::new(
                    -324,
                    format!("Ambiguous column ({}).", c.name),
                    OP,
                ));
            }
            found = Some((t, i));
        }
    }
    found.ok_or_else(|| unknown_column(c))
}

enum Rhs {
    Column(usize, usize),
    Literal(String),
}

struct Bound {
    left: (usize, usize),
    op: Op,
    right: Rhs,
    /// The last FROM position the condition needs.
    ready_at: usize,
}

fn bind(c: &Cond, from: &[(String, String)], tables: &[Table]) -> Result<Bound, AxlFault> {
    let left = resolve(&c.left, from, tables)?;
    let (right, ready_at) = match &c.right {
        Operand::Column(r) => {
            let r = resolve(r, from, tables)?;
            (Rhs::Column(r.0, r.1), left.0.max(r.0))
        }
        Operand::Literal(v) => (Rhs::Literal(v.clone()), left.0),
    };
    Ok(Bound {
        left,
        op: c.op,
        right,
        ready_at,
    })
}

fn holds(b: &Bound, tables: &[Table], combo: &[usize]) -> bool {
    let value = |(t, i): (usize, usize)| {
        combo
            .get(t)
            .and_then(|r| tables.get(t)?.rows.get(*r)?.get(i))
            .map_or("", String::as_str)
    };
    let left = value(b.left);
    let right = match &b.right {
        Rhs::Column(t, i) => value((*t, *i)),
        Rhs::Literal(v) => v.as_str(),
    };
    match b.op {
        Op::Eq => left == right,
        Op::Ne => left != right,
        Op::Like => like_match(right, left),
    }
}

/// Text compare, numerically when both sides are integers.
fn compare(a: &str, b: &str) -> Ordering {
    match (a.parse::<i64>(), b.parse::<i64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.cmp(b),
    }
}

/// Runs `q`. `lookup` gives a table by name; at most `max_rows` intermediate rows.
pub(crate) fn execute(
    q: &Select,
    lookup: impl Fn(&str) -> Option<Table>,
    max_rows: usize,
) -> Result<Vec<SqlRow>, AxlFault> {
    let mut tables = Vec::with_capacity(q.from.len());
    for (name, alias) in &q.from {
        if q.from.iter().filter(|(_, a)| a == alias).count() > 1 {
            return Err(AxlFault::new(
                -316,
                format!("Index or alias ({alias}) already exists in the query."),
                OP,
            ));
        }
        tables.push(lookup(name).ok_or_else(|| {
            AxlFault::new(
                -206,
                format!("The specified table ({name}) is not in the database."),
                OP,
            )
        })?);
    }
    let conds = q
        .conditions
        .iter()
        .map(|c| bind(c, &q.from, &tables))
        .collect::<Result<Vec<_>, _>>()?;
    let columns = if q.columns.is_empty() {
        tables
            .iter()
            .enumerate()
            .flat_map(|(t, table)| {
                table
                    .columns
                    .iter()
                    .enumerate()
                    .map(move |(i, n)| ((t, i), (*n).to_owned()))
            })
            .collect::<Vec<_>>()
    } else {
        q.columns
            .iter()
            .map(|(c, out)| Ok((resolve(c, &q.from, &tables)?, out.clone())))
            .collect::<Result<Vec<_>, AxlFault>>()?
    };
    let order = q
        .order_by
        .iter()
        .map(|(c, desc)| {
            // An output name (`AS dn`) may be ordered by, as in Informix.
            let by_output = c
                .qualifier
                .is_none()
                .then(|| {
                    q.columns
                        .iter()
                        .zip(&columns)
                        .find(|((_, out), _)| *out == c.name)
                        .map(|(_, (at, _))| *at)
                })
                .flatten();
            match by_output {
                Some(at) => Ok((at, *desc)),
                None => Ok((resolve(c, &q.from, &tables)?, *desc)),
            }
        })
        .collect::<Result<Vec<_>, AxlFault>>()?;

    // Nested-loop join: extend each partial combination by one table at a time.
    let mut combos: Vec<Vec<usize>> = vec![Vec::new()];
    for (t, table) in tables.iter().enumerate() {
        let mut next = Vec::new();
        for combo in &combos {
            for r in 0..table.rows.len() {
                let mut c = combo.clone();
                c.push(r);
                if conds
                    .iter()
                    .filter(|b| b.ready_at == t)
                    .all(|b| holds(b, &tables, &c))
                {
                    if next.len() >= max_rows {
                        return Err(AxlFault::new(
                            AxlFault::INVALID_REQUEST,
                            format!(
                                "Query request too large. Total rows matched: more than {max_rows} rows."
                            ),
                            OP,
                        ));
                    }
                    next.push(c);
                }
            }
        }
        combos = next;
    }
    let cell = |combo: &[usize], (t, i): (usize, usize)| -> String {
        combo
            .get(t)
            .and_then(|r| tables.get(t)?.rows.get(*r)?.get(i))
            .cloned()
            .unwrap_or_default()
    };
    if !order.is_empty() {
        combos.sort_by(|a, b| {
            order
                .iter()
                .map(|(at, desc)| {
                    let o = compare(&cell(a, *at), &cell(b, *at));
                    if *desc {
                        o.reverse()
                    } else {
                        o
                    }
                })
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal)
        });
    }
    Ok(combos
        .iter()
        .skip(q.skip.unwrap_or(0))
        .take(q.first.unwrap_or(usize::MAX))
        .map(|combo| {
            SqlRow(
                columns
                    .iter()
                    .map(|(at, name)| (name.clone(), cell(combo, *at)))
                    .collect(),
            )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::sql::{parse, Statement};

    fn tables(name: &str) -> Option<Table> {
        let rows = |r: &[&[&str]]| {
            r.iter()
                .map(|row| row.iter().map(|c| (*c).to_owned()).collect())
                .collect()
        };
        match name {
            "enduser" => Some(Table {
                columns: &["pkid", "userid"],
                rows: rows(&[&["u1", "bob"], &["u2", "amy"], &["u3", "cat"]]),
            }),
            "endusernumplanmap" => Some(Table {
                columns: &["fkenduser", "fknumplan"],
                rows: rows(&[&["u1", "n1"], &["u2", "n2"]]),
            }),
            "numplan" => Some(Table {
                columns: &["pkid", "dnorpattern"],
                rows: rows(&[&["n1", "1001"], &["n2", "999"]]),
            }),
            _ => None,
        }
    }

    fn run(sql: &str) -> Result<Vec<Vec<(String, String)>>, i64> {
        let Some(Statement::Select(q)) = parse(sql) else {
            return Err(-201);
        };
        execute(&q, tables, 100)
            .map(|rows| rows.into_iter().map(|r| r.0).collect())
            .map_err(|f| f.code().unwrap_or(0))
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn joins_filter_sort_and_page() {
        let sql =
            "select e.userid, n.dnorpattern as dn from enduser e, endusernumplanmap m, numplan n \
                   where e.pkid = m.fkenduser and m.fknumplan = n.pkid order by dn";
        assert_eq!(
            run(sql),
            Ok(vec![
                pairs(&[("userid", "amy"), ("dn", "999")]),
                pairs(&[("userid", "bob"), ("dn", "1001")]),
            ])
        );
        let sql =
            "select skip 1 first 1 userid from enduser where userid like '%' order by userid desc";
        assert_eq!(run(sql), Ok(vec![pairs(&[("userid", "bob")])]));
        assert_eq!(
            run("select userid from enduser where userid <> 'bob' and userid != 'amy'"),
            Ok(vec![pairs(&[("userid", "cat")])])
        );
        assert_eq!(run("select * from numplan where pkid = 'n9'"), Ok(vec![]));
    }

    #[test]
    fn errors_are_informix_codes() {
        assert_eq!(run("select x from enduser"), Err(-217));
        assert_eq!(run("select q.userid from enduser e"), Err(-217));
        assert_eq!(run("select pkid from enduser, numplan"), Err(-324));
        assert_eq!(run("select * from nothing"), Err(-206));
        assert_eq!(run("select * from enduser e, numplan e"), Err(-316));
        // 3 × 2 × 2 = 12 rows > 100? No; a bigger cross join is refused.
        let Some(Statement::Select(q)) =
            parse("select * from enduser a, enduser b, enduser c, enduser d, enduser e")
        else {
            panic!("not a select")
        };
        assert!(execute(&q, tables, 100).is_err());
    }

    proptest::proptest! {
        /// Any sequence of SQL-ish tokens parses or not, and runs or faults, without panicking.
        #[test]
        fn token_soup_never_panics(words in proptest::collection::vec(proptest::sample::select(vec![
            "select", "skip", "first", "1", "*", "userid", "e.userid", "n.pkid", "pkid", ",", "as", "x",
            "from", "enduser", "e", "numplan", "n", "join", "inner", "on", "=", "!=", "<>", "like",
            "'a%'", "where", "and", "order", "by", "desc", "asc", ";", "(", "'", "q.", ".x",
        ]), 0..24)) {
            let sql = words.join(" ");
            if let Some(Statement::Select(q)) = parse(&sql) {
                let _ = execute(&q, tables, 100);
            }
        }
    }
}
