//! Field formats of the CSV files (see `docs/CSV.md`): decimal amounts without floats, VAT
//! percentages, enrolment times. Each parser's error is the reason shown for the row.

use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, Time};

/// Splits `123,45` / `123.45` / `123` into whole and hundredths. Spaces (thin, no-break) may
/// group the thousands, as Norwegians write `3 199,00`.
fn decimal_hundredths(input: &str, what: &str) -> Result<i64, String> {
    let s: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if s.is_empty() {
        return Err(format!("{what} is missing"));
    }
    if s.starts_with('-') {
        return Err(format!("{what} `{input}` is negative"));
    }
    let (whole, frac) = match s.find([',', '.']) {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s.as_str(), ""),
    };
    let digits_only = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || !digits_only(whole)
        || !digits_only(frac)
        || (s.len() > whole.len() && frac.is_empty())
    {
        return Err(format!(
            "{what} `{input}` is not a number like 24,90 or 24.90"
        ));
    }
    if frac.len() > 2 {
        return Err(format!("{what} `{input}` has more than two decimals"));
    }
    let whole: i64 = whole
        .parse()
        .ok()
        .filter(|w| *w <= 1_000_000_000)
        .ok_or_else(|| format!("{what} `{input}` is too large"))?;
    let frac: i64 = match frac.len() {
        0 => 0,
        1 => i64::from(frac.as_bytes()[0] - b'0') * 10,
        _ => frac.parse().unwrap_or(0),
    };
    Ok(whole * 100 + frac)
}

/// A price in kroner (`24,90`, `24.90`, `3 199`) as minor units.
pub(super) fn parse_price(input: &str) -> Result<i64, String> {
    decimal_hundredths(input, "price")
}

/// A VAT percentage (`25`, `15`, `11.11`, `12 %`) as basis points.
pub(super) fn parse_vat(input: &str) -> Result<u16, String> {
    let trimmed = input.trim().trim_end_matches('%');
    let bp = decimal_hundredths(trimmed, "vat")?;
    u16::try_from(bp)
        .ok()
        .filter(|bp| *bp <= 10_000)
        .ok_or_else(|| format!("vat `{input}` is above 100 %"))
}

/// Minor units as the file writes them: `24.90`.
pub(super) fn format_price(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// Basis points as the file writes them: `25` or `11.11`.
pub(super) fn format_vat(bp: u16) -> String {
    match bp % 100 {
        0 => (bp / 100).to_string(),
        frac => format!("{}.{frac:02}", bp / 100),
    }
}

/// An RFC 3339 time (`2024-05-01T12:00:00+02:00`) or a date (`2024-05-01`, midnight UTC) as
/// Unix seconds; empty means `now`.
pub(super) fn parse_enrolled_at(input: &str, now: i64) -> Result<i64, String> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(now);
    }
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Ok(t.unix_timestamp());
    }
    let date_format = time::macros::format_description!("[year]-[month]-[day]");
    if let Ok(d) = Date::parse(s, &date_format) {
        return Ok(d.with_time(Time::MIDNIGHT).assume_utc().unix_timestamp());
    }
    Err(format!(
        "enrolled_at `{s}` is not an RFC 3339 time (2024-05-01T12:00:00Z) or a date (2024-05-01)"
    ))
}

/// Unix seconds as RFC 3339 in UTC, as the export writes it.
pub(super) fn format_time(unix: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_parse_to_minor_units_without_floats() {
        for (text, want) in [
            ("24,90", 2490),
            ("24.90", 2490),
            ("24,9", 2490),
            ("24", 2400),
            ("3 199,00", 319900),
            ("3\u{a0}199,00", 319900),
            ("0,05", 5),
            ("0", 0),
            ("1000000000", 100_000_000_000),
        ] {
            assert_eq!(parse_price(text), Ok(want), "{text}");
        }
        for bad in [
            "",
            "-5",
            "24,",
            ",90",
            "24,901",
            "1.234,50",
            "abc",
            "24kr",
            "1e3",
            "10000000000",
        ] {
            let err = parse_price(bad).unwrap_err();
            assert!(err.starts_with("price"), "{bad}: {err}");
        }
    }

    #[test]
    fn vat_percent_to_basis_points() {
        for (text, want) in [
            ("25", 2500),
            ("15", 1500),
            ("12", 1200),
            ("0", 0),
            ("11.11", 1111),
            ("11,11", 1111),
            ("25 %", 2500),
            ("100", 10000),
        ] {
            assert_eq!(parse_vat(text), Ok(want), "{text}");
        }
        for bad in ["100.01", "250", "x", "-25", ""] {
            assert!(parse_vat(bad).is_err(), "{bad}");
        }
        for bp in [0, 1111, 1500, 2500, 10000, 5] {
            assert_eq!(parse_vat(&format_vat(bp)), Ok(bp));
        }
        for minor in [0, 5, 2490, 319900] {
            assert_eq!(parse_price(&format_price(minor)), Ok(minor));
        }
    }

    #[test]
    fn enrolment_times() {
        assert_eq!(parse_enrolled_at("", 42), Ok(42));
        assert_eq!(parse_enrolled_at("1970-01-02", 0), Ok(86_400));
        assert_eq!(parse_enrolled_at("1970-01-01T01:00:00+01:00", 0), Ok(0));
        assert_eq!(
            parse_enrolled_at("2024-05-01T12:00:00Z", 0),
            Ok(1_714_564_800)
        );
        assert!(parse_enrolled_at("01.05.2024", 0).is_err());
        assert_eq!(format_time(1_714_564_800), "2024-05-01T12:00:00Z");
    }
}
