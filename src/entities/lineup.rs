//! Sports line-ups: paragraphs of nothing but players' names.
//!
//! Match reports end with the teams: "Van Gisbergen; Lewsey, Erinle, Abbott, Voyce; King,
//! Dawson; ...", "Simmons (MacFarlane 64), Berra, Burchill (Wyness 82)", "Replacements: Gotting,
//! McKenzie, Lock". Each item is a person, most of them named by surname alone and many by a
//! common word ("King", "Back", "Strong", "Hand"), which the run rules rightly do not take for
//! names in running text. Here the shape of the paragraph says what the words are.

use super::lists::{self, cls};
use super::tokens::{Tok, LAZY};

/// Longest paragraph read as a line-up: a rugby team with its replacements fits easily.
const MAX_LEN: usize = 800;
/// Longest first item of a line-up ("Joseph-Desire Job (Nunez 73)" is less than half).
const MAX_ITEM: usize = 64;
/// Most words of one player's name ("Mark van Gisbergen", "A Lo Cicero").
const MAX_WORDS: usize = 4;

/// Calls `f` with the words of each player named in the line-up paragraphs of `body`, whose
/// blank lines are at `blank_lines` (as the tokeniser found them). A line-up follows a report:
/// a text without blank lines has none, and costs nothing here.
pub(super) fn for_each_player<'a>(
    body: &'a str,
    blank_lines: &[usize],
    mut f: impl FnMut(&[Tok<'a>]),
) {
    let mut players: Vec<Vec<Tok<'a>>> = Vec::new();
    let mut start = 0;
    for end in blank_lines.iter().copied().chain(
        // The paragraph after the last blank line.
        (!blank_lines.is_empty()).then_some(body.len()),
    ) {
        let par = body.get(start..end).unwrap_or_default();
        start = end;
        players.clear();
        if read_lineup(par, &mut players) {
            for p in &players {
                f(p);
            }
        }
    }
}

/// Reads `par` as a line-up into `players`; false (and `players` is not to be used) if it is
/// not one.
fn read_lineup<'a>(par: &'a str, players: &mut Vec<Vec<Tok<'a>>>) -> bool {
    let par = par.trim();
    if par.len() > MAX_LEN || !(par.starts_with(char::is_uppercase) || par.starts_with(':')) {
        return false;
    }
    // A label before a colon: "Replacements (from):", "Subs not used:" (or only its colon left
    // when the page's bold labels were lost).
    let par = match par.split_once(':') {
        Some((label, rest)) if label.len() <= 40 && !label.contains([',', ';']) => rest,
        _ => par,
    };
    let par = par.trim().trim_end_matches('.');
    // The first item ends soon: most paragraphs are prose and go no further.
    if !par
        .bytes()
        .take(MAX_ITEM)
        .any(|b| matches!(b, b',' | b';' | b'/'))
    {
        return false;
    }
    let (mut unlisted, mut listed) = (0, 0);
    for item in par.split([',', ';', '/']) {
        // "Simmons (MacFarlane 64)": a substitute, with the minute he came on; "(capt)",
        // "(from)" are notes; "R McBryde (Scarlets)", "G Poll (Hertfordshire)" a club or a
        // county, not a player.
        let (main, note) = match item.split_once('(') {
            Some((main, note)) => match note.strip_suffix(')') {
                Some(note) if !note.contains(['(', ')']) => (main, Some(note)),
                _ => return false,
            },
            None if item.contains(')') => return false,
            None => (item, None),
        };
        let Some(name) = player(main, false) else {
            return false;
        };
        let sub = match note {
            Some(note) if note.starts_with(char::is_uppercase) => player(note, true),
            Some(note) if note.bytes().all(|b| b.is_ascii_lowercase() || b == b' ') => None,
            Some(_) => return false,
            None => None,
        };
        for name in std::iter::once(name).chain(sub) {
            if super::extract::gazetteer_kind(&name).is_some()
                || name.iter().any(|w| w.cap_is(cls::PLACE1))
            {
                listed += 1;
            } else {
                unlisted += 1;
            }
            players.push(name);
        }
    }
    // Two names at least that no list knows ("Murrayfield, Edinburgh" is a venue's line), and
    // few that a list knows or that hold a place ("Barcelona, Bayern Munich, PSV Eindhoven,
    // Real Madrid" are clubs).
    unlisted >= 2 && listed * 4 <= unlisted + listed
}

/// The words of one player's name in `item`, with the minutes after it dropped ("Rooney 87");
/// `minutes` requires them (a substitute in brackets). None if `item` is not a name.
fn player(item: &str, minutes: bool) -> Option<Vec<Tok<'_>>> {
    // Most items that are no name are clauses of running text: give up on them before
    // collecting their words.
    if item.split_whitespace().nth(MAX_WORDS + 2).is_some() {
        return None;
    }
    let mut words: Vec<&str> = item.split_whitespace().collect();
    let mut had_minutes = false;
    while words.last().is_some_and(|w| is_minute(w)) {
        words.pop();
        had_minutes = true;
    }
    if words.is_empty() || words.len() > MAX_WORDS || (minutes && !had_minutes) {
        return None;
    }
    let mut has_word = false;
    let mut toks = Vec::with_capacity(words.len());
    for w in words {
        let first = w.chars().next()?;
        let c = if first.is_uppercase() {
            let initial = w.trim_end_matches('.').chars().count() == 1;
            let word = w
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.'));
            if !word {
                return None;
            }
            has_word |= !initial;
            lists::class(w)
        } else if lists::class(w) & cls::PARTICLE != 0 {
            LAZY
        } else {
            return None;
        };
        toks.push(Tok { s: w, c });
    }
    has_word.then_some(toks)
}

/// A minute of a match as a line-up writes it: "64", "90+2", "45'".
fn is_minute(w: &str) -> bool {
    let w = w.trim_end_matches(['\'', '’']);
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit() || b == b'+')
}
