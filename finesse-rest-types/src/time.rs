//! Finesse timestamps. The crate never reads a clock: callers pass wall time in.

/// A Finesse timestamp as sent on the wire (`YYYY-MM-DDThh:mm:ss.SSSZ`, UTC; queue
/// statistics omit the milliseconds).
///
/// The text is kept exactly as received, so documents round-trip; [`Timestamp::unix_millis`]
/// interprets it. Build one from wall time you read yourself with
/// [`Timestamp::from_unix_millis`].
///
/// ```
/// use finesse_rest_types::Timestamp;
/// let t = Timestamp::from_unix_millis(1_673_608_031_466);
/// assert_eq!(t.as_str(), "2023-01-13T11:07:11.466Z");
/// assert_eq!(t.unix_millis(), Some(1_673_608_031_466));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Timestamp(String);

impl Timestamp {
    /// Wraps wire text as is (not validated; see [`Timestamp::unix_millis`]).
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// Formats milliseconds since the Unix epoch as `YYYY-MM-DDThh:mm:ss.SSSZ`.
    pub fn from_unix_millis(ms: i64) -> Self {
        let secs = ms.div_euclid(1000);
        let millis = ms.rem_euclid(1000);
        Self(format!("{}.{millis:03}Z", civil(secs)))
    }

    /// Formats seconds since the Unix epoch as `YYYY-MM-DDThh:mm:ssZ` (the queue
    /// statistics format, no milliseconds).
    pub fn from_unix_seconds(secs: i64) -> Self {
        Self(format!("{}Z", civil(secs)))
    }

    /// The wire text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Milliseconds since the Unix epoch, if the text is `YYYY-MM-DDThh:mm:ss[.f+]Z`.
    pub fn unix_millis(&self) -> Option<i64> {
        let s = self.0.as_bytes();
        let num = |a: usize, b: usize| -> Option<i64> {
            let part = s.get(a..b)?;
            if !part.iter().all(u8::is_ascii_digit) {
                return None;
            }
            std::str::from_utf8(part).ok()?.parse().ok()
        };
        let sep = |i: usize, c: u8| s.get(i) == Some(&c);
        if !(sep(4, b'-') && sep(7, b'-') && sep(10, b'T') && sep(13, b':') && sep(16, b':')) {
            return None;
        }
        let (y, mo, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
        let (h, mi, se) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
            return None;
        }
        let rest = s.get(19..)?;
        let (frac, z) = match rest.first() {
            Some(b'.') => {
                let digits = rest
                    .iter()
                    .skip(1)
                    .take_while(|c| c.is_ascii_digit())
                    .count();
                if digits == 0 {
                    return None;
                }
                (rest.get(1..1 + digits)?, rest.get(1 + digits..)?)
            }
            _ => (&[][..], rest),
        };
        if z != b"Z" {
            return None;
        }
        let mut millis = 0i64;
        for i in 0..3 {
            millis = millis * 10 + frac.get(i).map_or(0, |c| i64::from(c - b'0'));
        }
        let days = days_from_civil(y, mo, d);
        Some(((days * 24 + h) * 60 + mi) * 60_000 + se * 1000 + millis)
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for Timestamp {
    fn from(s: String) -> Self {
        Self(s)
    }
}

impl AsRef<str> for Timestamp {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// `YYYY-MM-DDThh:mm:ss` for seconds since the epoch (Howard Hinnant's civil algorithm).
fn civil(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let tod = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        tod / 3600,
        tod % 3600 / 60,
        tod % 60
    )
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses() {
        assert_eq!(
            Timestamp::from_unix_millis(0).as_str(),
            "1970-01-01T00:00:00.000Z"
        );
        assert_eq!(
            Timestamp::new("2014-02-11T16:10:23.121Z").unix_millis(),
            Some(1_392_135_023_121)
        );
        assert_eq!(
            Timestamp::from_unix_seconds(1_329_328_701).as_str(),
            "2012-02-15T17:58:21Z"
        );
        assert_eq!(
            Timestamp::new("2012-02-15T17:58:21Z").unix_millis(),
            Some(1_329_328_701_000)
        );
        assert_eq!(Timestamp::new("").unix_millis(), None);
        assert_eq!(Timestamp::new("2012-13-15T17:58:21Z").unix_millis(), None);
        assert_eq!(Timestamp::new("2012-02-15T17:58:21.Z").unix_millis(), None);
    }

    #[test]
    fn round_trips_over_a_wide_range() {
        for ms in [
            -86_400_001,
            951_782_400_000,
            4_102_444_799_999,
            1_673_608_031_466,
        ] {
            assert_eq!(Timestamp::from_unix_millis(ms).unix_millis(), Some(ms));
        }
    }
}
