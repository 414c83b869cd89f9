//! Fuzzes every public entry point of `newsearch::date` and checks the invariants its
//! documentation promises.
#![no_main]

use chrono::{Datelike, SecondsFormat};
use libfuzzer_sys::fuzz_target;
use newsearch::date::{find_date_in_text, parse_bound, parse_date, BoundSide, FoundDate};

fn check_year(what: &str, input: &str, dt: &chrono::DateTime<chrono::Utc>) {
    assert!(
        (1000..=9999).contains(&dt.year()),
        "{what}({input:?}) returned {dt}, outside years 1000..=9999"
    );
}

fn check_found(input: &str, fallback: Option<i32>, found: &FoundDate) {
    check_year("find_date_in_text", input, &found.date);
    let r = &found.line;
    assert!(
        r.start <= r.end && r.end <= input.len(),
        "find_date_in_text({input:?}, {fallback:?}): line {r:?} outside the input ({} bytes)",
        input.len()
    );
    assert!(
        input.is_char_boundary(r.start) && input.is_char_boundary(r.end),
        "find_date_in_text({input:?}, {fallback:?}): line {r:?} not on char boundaries"
    );
    let line = &input[r.clone()];
    assert!(
        !line.contains('\n'),
        "find_date_in_text({input:?}, {fallback:?}): line {line:?} holds a line break"
    );
    // The range is a whole line: it starts at the input's start or just after a '\n'.
    assert!(
        r.start == 0 || input.as_bytes()[r.start - 1] == b'\n',
        "find_date_in_text({input:?}, {fallback:?}): line {r:?} does not start a line"
    );
}

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let s: &str = &s;

    if let Some(dt) = parse_date(s) {
        check_year("parse_date", s, &dt);
        // Whatever parse_date returns, its own RFC 3339 rendering (whole seconds) must read
        // back to the same second. Compared as timestamps: chrono keeps a leap second
        // (`23:59:60`) as second 59 plus a second of nanoseconds.
        let rfc = dt.to_rfc3339_opts(SecondsFormat::Secs, true);
        let back = parse_date(&rfc);
        assert_eq!(
            back.map(|b| b.timestamp()),
            Some(dt.timestamp()),
            "parse_date({s:?}) = {dt}, but parse_date({rfc:?}) = {back:?}"
        );
    }

    for fallback in [None, Some(2017)] {
        if let Some(found) = find_date_in_text(s, fallback) {
            check_found(s, fallback, &found);
        }
    }

    let since = parse_bound(s, BoundSide::Since);
    let until = parse_bound(s, BoundSide::Until);
    if let Ok(d) = &since {
        check_year("parse_bound(Since)", s, d);
    }
    if let Ok(d) = &until {
        check_year("parse_bound(Until)", s, d);
    }
    assert_eq!(
        since.is_ok(),
        until.is_ok(),
        "parse_bound({s:?}) accepted by one side only: since={since:?} until={until:?}"
    );
    if let (Ok(a), Ok(b)) = (&since, &until) {
        assert!(a <= b, "parse_bound({s:?}): Since {a} is after Until {b}");
    }
});
