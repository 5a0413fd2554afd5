//! A very small SQL subset for [`MemoryDirectory`](super::MemoryDirectory):
//! `SELECT cols|* FROM table [WHERE col = 'v' [AND …]]` and
//! `UPDATE table SET col = 'v'[, …] [WHERE col = 'v' [AND …]]`.

/// A parsed statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Statement {
    Select {
        columns: Vec<String>, // empty = *
        table: String,
        filter: Vec<(String, String)>,
    },
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
        } else if matches!(c, ',' | '=' | '*' | ';') {
            out.push(Tok::Sym(c));
            chars.next();
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

pub(crate) fn parse(sql: &str) -> Option<Statement> {
    let toks = tokenize(sql)?;
    match word(&toks, 0)? {
        "select" => {
            let mut i = 1;
            let mut columns = Vec::new();
            if toks.get(1) == Some(&Tok::Sym('*')) {
                i = 2;
            } else {
                loop {
                    columns.push(word(&toks, i)?.rsplit('.').next()?.to_owned());
                    i += 1;
                    if toks.get(i) == Some(&Tok::Sym(',')) {
                        i += 1;
                    } else {
                        break;
                    }
                }
            }
            if word(&toks, i)? != "from" {
                return None;
            }
            let table = word(&toks, i + 1)?.to_owned();
            i += 2;
            let filter = if word(&toks, i) == Some("where") {
                let (f, end) = assignments(&toks, i + 1, "and")?;
                i = end;
                f
            } else {
                Vec::new()
            };
            (i == toks.len()).then_some(Statement::Select {
                columns,
                table,
                filter,
            })
        }
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

    #[test]
    fn statements() {
        assert_eq!(
            parse("select userid, firstname from enduser where userid = 'jdoe'"),
            Some(Statement::Select {
                columns: vec!["userid".into(), "firstname".into()],
                table: "enduser".into(),
                filter: vec![("userid".into(), "jdoe".into())],
            })
        );
        assert!(matches!(
            parse("SELECT * FROM device;"),
            Some(Statement::Select { .. })
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
    }
}
