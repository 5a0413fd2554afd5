//! A small SQL subset for [`MemoryDirectory`](super::MemoryDirectory):
//!
//! ```text
//! SELECT [SKIP n] [FIRST m] * | col [AS name] {, col [AS name]}
//!   FROM table [alias] {, table [alias] | [INNER] JOIN table [alias] ON cond}
//!   [WHERE cond {AND cond}] [ORDER BY col [ASC|DESC] {, …}]
//! UPDATE table SET col = 'v' {, col = 'v'} [WHERE col = 'v' {AND col = 'v'}]
//! ```
//!
//! where `col` is `name` or `qualifier.name` and `cond` is `col op (col | 'text' | number)`
//! with `op` one of `=`, `!=`, `<>`, `LIKE`. Keywords are case-insensitive.

/// A column reference: `name` or `qualifier.name` (lower case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ColRef {
    pub(crate) qualifier: Option<String>,
    pub(crate) name: String,
}

/// The right-hand side of a condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Operand {
    Column(ColRef),
    Literal(String),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Like,
}

/// `col op operand`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cond {
    pub(crate) left: ColRef,
    pub(crate) op: Op,
    pub(crate) right: Operand,
}

/// A parsed `SELECT`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Select {
    /// `(column, output name)`; empty = `*`.
    pub(crate) columns: Vec<(ColRef, String)>,
    /// `(table, alias)`.
    pub(crate) from: Vec<(String, String)>,
    /// Every `ON` and `WHERE` condition, all joined by `AND`.
    pub(crate) conditions: Vec<Cond>,
    /// `(column, descending)`.
    pub(crate) order_by: Vec<(ColRef, bool)>,
    pub(crate) skip: Option<usize>,
    pub(crate) first: Option<usize>,
}

/// A parsed statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Statement {
    Select(Select),
    Update {
        table: String,
        set: Vec<(String, String)>,
        filter: Vec<(String, String)>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Str(String),
    Sym(char),
}

fn tokenize(sql: &str) -> Option<Vec<Tok>> {
    let mut out = Vec::new();
    let mut chars = sql.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '\'' {
            chars.next();
            let mut s = String::new();
            loop {
                match chars.next()? {
                    '\'' if chars.peek() == Some(&'\'') => {
                        chars.next();
                        s.push('\'');
                    }
                    '\'' => break,
                    ch => s.push(ch),
                }
            }
            out.push(Tok::Str(s));
        } else if c.is_alphanumeric() || c == '_' || c == '.' {
            let mut s = String::new();
            while let Some(&ch) = chars.peek() {
                if ch.is_alphanumeric() || ch == '_' || ch == '.' {
                    s.push(ch.to_ascii_lowercase());
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(Tok::Word(s));
        } else if matches!(c, ',' | '=' | '*' | ';' | '(' | ')') {
            out.push(Tok::Sym(c));
            chars.next();
        } else if c == '!' || c == '<' {
            chars.next();
            match (c, chars.next()?) {
                ('!', '=') | ('<', '>') => out.push(Tok::Sym('≠')),
                _ => return None,
            }
        } else {
            return None;
        }
    }
    while out.last() == Some(&Tok::Sym(';')) {
        out.pop();
    }
    Some(out)
}

fn word(toks: &[Tok], i: usize) -> Option<&str> {
    match toks.get(i) {
        Some(Tok::Word(w)) => Some(w),
        _ => None,
    }
}

/// `col = 'v' {, col = 'v'}` (sep `,`) or `col = 'v' {and col = 'v'}`.
fn assignments(toks: &[Tok], mut i: usize, sep: &str) -> Option<(Vec<(String, String)>, usize)> {
    let mut out = Vec::new();
    loop {
        let col = word(toks, i)?.to_owned();
        if toks.get(i + 1) != Some(&Tok::Sym('=')) {
            return None;
        }
        let val = match toks.get(i + 2)? {
            Tok::Str(s) | Tok::Word(s) => s.clone(),
            Tok::Sym(_) => return None,
        };
        out.push((col, val));
        i += 3;
        let more = match toks.get(i) {
            Some(Tok::Sym(',')) => sep == ",",
            Some(Tok::Word(w)) => w == sep,
            _ => false,
        };
        if !more {
            return Some((out, i));
        }
        i += 1;
    }
}

const RESERVED: [&str; 15] = [
    "from", "where", "and", "on", "join", "inner", "order", "by", "as", "like", "asc", "desc",
    "skip", "first", "where",
];

fn col_ref(toks: &[Tok], i: usize) -> Option<ColRef> {
    let w = word(toks, i)?;
    if RESERVED.contains(&w) || w.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (qualifier, name) = match w.split_once('.') {
        Some((q, n)) if !q.is_empty() && !n.is_empty() && !n.contains('.') => {
            (Some(q.to_owned()), n.to_owned())
        }
        Some(_) => return None,
        None => (None, w.to_owned()),
    };
    Some(ColRef { qualifier, name })
}

fn number(toks: &[Tok], i: usize) -> Option<usize> {
    word(toks, i)?.parse().ok()
}

/// `col op operand`, returning the condition and the next index.
fn condition(toks: &[Tok], i: usize) -> Option<(Cond, usize)> {
    let left = col_ref(toks, i)?;
    let op = match toks.get(i + 1)? {
        Tok::Sym('=') => Op::Eq,
        Tok::Sym('≠') => Op::Ne,
        Tok::Word(w) if w == "like" => Op::Like,
        _ => return None,
    };
    let right = match toks.get(i + 2)? {
        Tok::Str(s) => Operand::Literal(s.clone()),
        Tok::Word(w) if w.starts_with(|c: char| c.is_ascii_digit() || c == '-') => {
            Operand::Literal(w.clone())
        }
        Tok::Word(_) => Operand::Column(col_ref(toks, i + 2)?),
        Tok::Sym(_) => return None,
    };
    Some((Cond { left, op, right }, i + 3))
}

/// `cond {AND cond}`.
fn conditions(toks: &[Tok], mut i: usize, out: &mut Vec<Cond>) -> Option<usize> {
    loop {
        let (c, next) = condition(toks, i)?;
        out.push(c);
        i = next;
        if word(toks, i) != Some("and") {
            return Some(i);
        }
        i += 1;
    }
}

/// `table [alias]`.
fn table_ref(toks: &[Tok], i: usize) -> Option<((String, String), usize)> {
    let table = word(toks, i)?;
    if RESERVED.contains(&table) || table.contains('.') {
        return None;
    }
    match word(toks, i + 1) {
        Some(alias) if !RESERVED.contains(&alias) && !alias.contains('.') => {
            Some(((table.to_owned(), alias.to_owned()), i + 2))
        }
        _ => Some(((table.to_owned(), table.to_owned()), i + 1)),
    }
}

fn parse_select(toks: &[Tok]) -> Option<Select> {
    let mut q = Select::default();
    let mut i = 1;
    if word(toks, i) == Some("skip") {
        q.skip = Some(number(toks, i + 1)?);
        i += 2;
    }
    if word(toks, i) == Some("first") {
        q.first = Some(number(toks, i + 1)?);
        i += 2;
    }
    if toks.get(i) == Some(&Tok::Sym('*')) {
        i += 1;
    } else {
        loop {
            let c = col_ref(toks, i)?;
            i += 1;
            let mut output = c.name.clone();
            if word(toks, i) == Some("as") {
                output = word(toks, i + 1)?.to_owned();
                i += 2;
            }
            q.columns.push((c, output));
            if toks.get(i) == Some(&Tok::Sym(',')) {
                i += 1;
            } else {
                break;
            }
        }
    }
    if word(toks, i)? != "from" {
        return None;
    }
    let (first_table, next) = table_ref(toks, i + 1)?;
    q.from.push(first_table);
    i = next;
    loop {
        if toks.get(i) == Some(&Tok::Sym(',')) {
            let (t, next) = table_ref(toks, i + 1)?;
            q.from.push(t);
            i = next;
            continue;
        }
        let join_at = match (word(toks, i), word(toks, i + 1)) {
            (Some("join"), _) => i + 1,
            (Some("inner"), Some("join")) => i + 2,
            _ => break,
        };
        let (t, next) = table_ref(toks, join_at)?;
        q.from.push(t);
        if word(toks, next)? != "on" {
            return None;
        }
        i = conditions(toks, next + 1, &mut q.conditions)?;
    }
    if word(toks, i) == Some("where") {
        i = conditions(toks, i + 1, &mut q.conditions)?;
    }
    if word(toks, i) == Some("order") && word(toks, i + 1) == Some("by") {
        i += 2;
        loop {
            let c = col_ref(toks, i)?;
            i += 1;
            let desc = match word(toks, i) {
                Some("desc") => {
                    i += 1;
                    true
                }
                Some("asc") => {
                    i += 1;
                    false
                }
                _ => false,
            };
            q.order_by.push((c, desc));
            if toks.get(i) == Some(&Tok::Sym(',')) {
                i += 1;
            } else {
                break;
            }
        }
    }
    (i == toks.len()).then_some(q)
}

pub(crate) fn parse(sql: &str) -> Option<Statement> {
    let toks = tokenize(sql)?;
    match word(&toks, 0)? {
        "select" => parse_select(&toks).map(Statement::Select),
        "update" => {
            let table = word(&toks, 1)?.to_owned();
            if word(&toks, 2)? != "set" {
                return None;
            }
            let (set, mut i) = assignments(&toks, 3, ",")?;
            let filter = if word(&toks, i) == Some("where") {
                let (f, end) = assignments(&toks, i + 1, "and")?;
                i = end;
                f
            } else {
                Vec::new()
            };
            (i == toks.len()).then_some(Statement::Update { table, set, filter })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(q: Option<&str>, n: &str) -> ColRef {
        ColRef {
            qualifier: q.map(str::to_owned),
            name: n.to_owned(),
        }
    }

    #[test]
    fn statements() {
        let Some(Statement::Select(q)) =
            parse("select userid, firstname from enduser where userid = 'jdoe'")
        else {
            panic!("not a select")
        };
        assert_eq!(
            q.columns,
            vec![
                (col(None, "userid"), "userid".into()),
                (col(None, "firstname"), "firstname".into())
            ]
        );
        assert_eq!(q.from, vec![("enduser".into(), "enduser".into())]);
        assert_eq!(
            q.conditions,
            vec![Cond {
                left: col(None, "userid"),
                op: Op::Eq,
                right: Operand::Literal("jdoe".into())
            }]
        );
        assert!(matches!(
            parse("SELECT * FROM device;"),
            Some(Statement::Select(Select { ref columns, .. })) if columns.is_empty()
        ));
        assert_eq!(
            parse("update enduser set department='O''Neil' where userid='jdoe'"),
            Some(Statement::Update {
                table: "enduser".into(),
                set: vec![("department".into(), "O'Neil".into())],
                filter: vec![("userid".into(), "jdoe".into())],
            })
        );
        assert_eq!(parse("drop table enduser"), None);
        assert_eq!(parse("select from"), None);
        assert_eq!(parse("select a from b where"), None);
        assert_eq!(parse("select a from b where a ! 'x'"), None);
        assert_eq!(parse("select a. from b"), None);
    }

    #[test]
    fn joins_order_and_paging() {
        let Some(Statement::Select(q)) = parse(
            "SELECT SKIP 1 FIRST 2 e.userid AS id, n.dnorpattern FROM enduser e \
             INNER JOIN endusernumplanmap m ON m.fkenduser = e.pkid \
             JOIN numplan n ON n.pkid = m.fknumplan \
             WHERE e.userid LIKE 'agent%' AND n.dnorpattern <> '1001' ORDER BY e.userid DESC, n.dnorpattern",
        ) else {
            panic!("not a select")
        };
        assert_eq!((q.skip, q.first), (Some(1), Some(2)));
        assert_eq!(q.columns[0], (col(Some("e"), "userid"), "id".into()));
        assert_eq!(
            q.from,
            vec![
                ("enduser".into(), "e".into()),
                ("endusernumplanmap".into(), "m".into()),
                ("numplan".into(), "n".into())
            ]
        );
        assert_eq!(q.conditions.len(), 4);
        assert_eq!(
            q.conditions[1].right,
            Operand::Column(col(Some("m"), "fknumplan"))
        );
        assert_eq!(q.conditions[2].op, Op::Like);
        assert_eq!(q.conditions[3].op, Op::Ne);
        assert_eq!(
            q.order_by,
            vec![
                (col(Some("e"), "userid"), true),
                (col(Some("n"), "dnorpattern"), false)
            ]
        );
        let Some(Statement::Select(q)) =
            parse("select d.name from device d, numplan n where d.tkclass = 10")
        else {
            panic!("not a select")
        };
        assert_eq!(q.from.len(), 2);
        assert_eq!(q.conditions[0].right, Operand::Literal("10".into()));
    }
}
