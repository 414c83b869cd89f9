//! Finding name candidates, typing them, and merging them per article.

use super::lists::{self, key, HashMap, HashSet};
use super::tokens::{self, Word};
use super::{Entity, EntityKind};

/// How sure a mention's type is: gazetteer and name-shape evidence outweighs guesses.
const STRONG: u32 = 4;
const WEAK: u32 = 1;

/// One mention of a name.
#[derive(Debug)]
struct Mention {
    name: String,
    kind: EntityKind,
    weight: u32,
    /// Gazetteer group (places and organisations have separate id spaces).
    group: Option<(EntityKind, u32)>,
}

/// What the extractor knows about the article as a whole.
struct Doc<'a> {
    /// The words of the title and the body.
    words: [&'a [Word<'a>]; 2],
    /// In an all-capitals text only gazetteer names are taken.
    gazetteer_only: bool,
}

/// Extracts the distinct entities of an article from its title and body, most mentioned first.
pub fn extract(title: &str, body: &str) -> Vec<Entity> {
    let mut mentions = Vec::new();
    let body_upper = mostly_upper_case(body);
    let body_text;
    let body_ref = if body_upper {
        body_text = recase_from_gazetteers(body);
        body_text.as_str()
    } else {
        body
    };
    let body_words = tokens::words(body_ref);
    let body_words = strip_signoff(body_words);
    let title_text;
    let title_ref = if mostly_upper_case(title) {
        title_text = if body_upper {
            recase_from_gazetteers(title)
        } else {
            recase_from_body(title, &body_words)
        };
        title_text.as_str()
    } else {
        title
    };
    let title_words = tokens::words(title_ref);
    let doc = Doc {
        words: [&title_words, &body_words],
        gazetteer_only: body_upper,
    };
    for words in [&title_words, &body_words] {
        for_each_run(words, |run, ctx| process_run(run, ctx, &doc, &mut mentions));
    }
    merge(mentions)
}

impl Doc<'_> {
    /// Whether `word` is written capitalised somewhere other than at a sentence start.
    fn mid_caps(&self, word: &str) -> bool {
        self.words
            .iter()
            .flat_map(|ws| ws.iter())
            .any(|w| !w.sent_start && w.text == word)
    }
}

/// Wire copy and old collections are often set in capitals, where capitalisation says nothing.
fn mostly_upper_case(text: &str) -> bool {
    let (upper, lower) = text.bytes().fold((0usize, 0usize), |(u, l), c| {
        (
            u + c.is_ascii_uppercase() as usize,
            l + c.is_ascii_lowercase() as usize,
        )
    });
    upper > 2 * lower && upper >= 4
}

/// Drops the Reuters sign-off ("Reuter" as the last word of a story).
fn strip_signoff(mut words: Vec<Word<'_>>) -> Vec<Word<'_>> {
    if words
        .last()
        .is_some_and(|w| w.text.eq_ignore_ascii_case("reuter") || w.text == "REUTERS")
    {
        words.pop();
    }
    words
}

/// Rewrites each word of `text` with `recase`, keeping everything between words.
fn recase_words(text: &str, mut recase: impl FnMut(&str, Option<&str>) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut prev: Option<String> = None;
    let mut iter = text
        .char_indices()
        .filter(|&(i, c)| {
            c.is_alphanumeric()
                && !text[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|p| p.is_alphanumeric() || p == '.' || p == '\'')
        })
        .peekable();
    while let Some((start, _)) = iter.next() {
        let end = text[start..]
            .find(|c: char| !(c.is_alphanumeric() || c == '.' || c == '\''))
            .map_or(text.len(), |e| start + e);
        let end = end.max(start);
        out.push_str(&text[last..start]);
        let word = text[start..end].trim_end_matches('.');
        let end = start + word.len();
        let new = recase(word, prev.as_deref());
        out.push_str(&new);
        prev = Some(new);
        last = end;
        while iter.peek().is_some_and(|&(i, _)| i < end) {
            iter.next();
        }
    }
    out.push_str(&text[last..]);
    out
}

fn title_case(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// Recases an all-capitals headline with the forms its body uses ("SRI LANKA" → "Sri Lanka"),
/// falling back on the gazetteers; other words go to lower case.
fn recase_from_body(title: &str, body: &[Word<'_>]) -> String {
    recase_words(title, |word, _| {
        let lw = word.to_lowercase();
        // A few title words against the body's words: a linear scan beats building maps.
        let mut form = None;
        for w in body {
            if w.text.len() == word.len() && w.text.eq_ignore_ascii_case(word) {
                if !w.is_cap() {
                    return lw;
                }
                if !w.sent_start && form.is_none() {
                    form = Some(w.text);
                }
            }
        }
        match form {
            Some(f) => f.to_string(),
            None => gazetteer_case(word, &lw).unwrap_or(lw),
        }
    })
}

/// The case a gazetteer gives a word of all-capitals text, if any.
fn gazetteer_case(word: &str, lw: &str) -> Option<String> {
    if lists::COMMON.contains(lw) {
        return None;
    }
    let k = key(word);
    if (2..=5).contains(&k.len())
        && (lists::PLACES.by_key.contains_key(&k) || lists::ORGS.by_key.contains_key(&k))
        && !lists::PLACES.words.contains(&k[..])
    {
        // An acronym (NATO, U.S.): keep it in capitals.
        return Some(word.to_string());
    }
    if lists::PLACES.words.contains(lw) || lists::ORGS.words.contains(lw) {
        return Some(title_case(word));
    }
    None
}

/// Recases an all-capitals text using only the gazetteers: list words get their case back, a
/// common first name and the word after it too; everything else goes to lower case.
fn recase_from_gazetteers(text: &str) -> String {
    let mut after_first_name = false;
    recase_words(text, |word, _| {
        let lw = word.to_lowercase();
        let tc = title_case(word);
        if after_first_name && !lists::COMMON.contains(lw.as_str()) && word.len() > 2 {
            after_first_name = false;
            return tc;
        }
        after_first_name = false;
        if lists::FIRST_NAMES.contains(tc.as_str()) && !lists::COMMON.contains(lw.as_str()) {
            after_first_name = true;
            return tc;
        }
        gazetteer_case(word, &lw).unwrap_or(lw)
    })
}

/// Context of a run of capitalised words.
struct RunCtx<'a> {
    sent_start: bool,
    prev: Option<&'a str>,
    next: Option<&'a str>,
}

/// Calls `f` with every run of capitalised words (with particles and "of" inside names).
fn for_each_run<'a>(words: &[Word<'a>], mut f: impl FnMut(&[&'a str], &RunCtx<'a>)) {
    let mut run: Vec<&'a str> = Vec::with_capacity(8);
    let mut run_start = 0usize;
    let mut i = 0;
    let emit = |run: &mut Vec<&'a str>,
                start: usize,
                end: usize,
                f: &mut dyn FnMut(&[&'a str], &RunCtx<'a>)| {
        while run
            .last()
            .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase) || *w == "&")
        {
            run.pop();
        }
        if !run.is_empty() {
            let ctx = RunCtx {
                sent_start: words[start].sent_start,
                prev: start
                    .checked_sub(1)
                    .filter(|_| words[start].joined)
                    .map(|p| words[p].text),
                next: words.get(end).filter(|w| w.joined).map(|w| w.text),
            };
            f(run, &ctx);
        }
        run.clear();
    };
    while i < words.len() {
        let w = &words[i];
        let cap = w.is_cap() && !lists::NEVER_START.contains(w.text);
        if cap {
            if run.is_empty() || !w.joined {
                emit(&mut run, run_start, i, &mut f);
                run_start = i;
            } else if w.amp {
                run.push("&");
            }
            run.push(w.text);
        } else if !run.is_empty()
            && w.joined
            && words
                .get(i + 1)
                .is_some_and(|n| n.joined && n.is_cap() && !n.amp)
            && (lists::PARTICLES.contains(w.text)
                || w.text == "and"
                || (matches!(w.text, "of" | "for")
                    && run.last().is_some_and(|l| lists::OF_HEADS.contains(l))))
        {
            run.push(w.text);
        } else {
            emit(&mut run, run_start, i, &mut f);
            run_start = i + 1;
        }
        i += 1;
    }
    emit(&mut run, run_start, words.len(), &mut f);
}

fn is_acronym(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    (2..=6).contains(&letters)
        && w.chars()
            .all(|c| c.is_uppercase() || c == '.' || c == '&' || c.is_ascii_digit())
}

fn is_common(w: &str) -> bool {
    lists::contains_lower(&lists::COMMON, w)
}

fn push(out: &mut Vec<Mention>, words: &[&str], kind: EntityKind, weight: u32) {
    let mut name = String::with_capacity(words.iter().map(|w| w.len() + 1).sum());
    for w in words {
        if !name.is_empty() {
            name.push(' ');
        }
        name.push_str(w);
    }
    let k = key(&name);
    let group = lists::PLACES
        .by_key
        .get(&k)
        .map(|&id| (EntityKind::Place, id))
        .or_else(|| lists::ORGS.by_key.get(&k).map(|&id| (EntityKind::Org, id)));
    out.push(Mention {
        name,
        kind,
        weight,
        group,
    });
}

/// The gazetteer key of a run of words (as `key` of the words joined by spaces).
fn key_of(words: &[&str]) -> String {
    let mut out = String::with_capacity(words.iter().map(|w| w.len() + 1).sum());
    for w in words {
        if !out.is_empty() {
            out.push(' ');
        }
        if w.is_ascii() {
            for &b in w.as_bytes() {
                match b {
                    b'.' => {}
                    b'-' => out.push(' '),
                    b => out.push(b.to_ascii_lowercase() as char),
                }
            }
        } else {
            out.push_str(&key(w));
        }
    }
    out
}

fn gazetteer_kind(words: &[&str]) -> Option<EntityKind> {
    if words.len() > lists::PLACES.max_words.max(lists::ORGS.max_words) {
        return None;
    }
    let k = key_of(words);
    if lists::PLACES.by_key.contains_key(&k) {
        Some(EntityKind::Place)
    } else if lists::ORGS.by_key.contains_key(&k) {
        Some(EntityKind::Org)
    } else {
        None
    }
}

/// Splits a run into the longest gazetteer names it holds (all-capitals texts).
fn gazetteer_spans(words: &[&str], out: &mut Vec<Mention>) {
    let mut i = 0;
    while i < words.len() {
        let mut found = false;
        for len in (1..=(words.len() - i).min(6)).rev() {
            if let Some(kind) = gazetteer_kind(&words[i..i + len]) {
                push(out, &words[i..i + len], kind, STRONG);
                i += len;
                found = true;
                break;
            }
        }
        if !found {
            i += 1;
        }
    }
}

fn process_run(run: &[&str], ctx: &RunCtx<'_>, doc: &Doc<'_>, out: &mut Vec<Mention>) {
    if doc.gazetteer_only {
        gazetteer_spans(run, out);
        // A first name and the word after it (recased that way) is a person.
        if run.len() == 2 && lists::FIRST_NAMES.contains(run[0]) && gazetteer_kind(run).is_none() {
            push(out, run, EntityKind::Person, STRONG);
        }
        return;
    }
    // "and" joins the words of one name only in an organisation ("Securities and Exchange
    // Commission"); otherwise it separates two names.
    if let Some(a) = run.iter().position(|w| *w == "and") {
        let org = gazetteer_kind(run).is_some()
            || lists::ORG_SUFFIXES.contains(run[run.len() - 1])
            || run.iter().any(|w| matches!(*w, "of" | "for"));
        if !org {
            process_run(&run[..a], ctx, doc, out);
            let rest = RunCtx {
                sent_start: false,
                prev: Some("and"),
                next: ctx.next,
            };
            process_run(&run[a + 1..], &rest, doc, out);
            return;
        }
    }
    let mut words: &[&str] = run;
    let mut sent_start = ctx.sent_start;
    let whole_known = gazetteer_kind(words).is_some();
    // A common word opening a sentence is no name ("Shares", "Singer Sizzla").
    while sent_start && !whole_known && !words.is_empty() {
        let first = words[0];
        let keep_multi = words.len() > 1
            && (lists::ORG_SUFFIXES.contains(words[words.len() - 1])
                && !lists::TITLE_HEADS.contains(first))
            && !lists::TITLE_MODIFIERS.contains(first);
        if is_common(first)
            && !doc.mid_caps(first)
            && !keep_multi
            && gazetteer_kind(&words[..1]).is_none()
            && !lists::FIRST_NAMES.contains(first)
            && !lists::TITLE_HEADS.contains(first)
        {
            words = &words[1..];
        } else {
            break;
        }
        sent_start = false;
    }
    // Nationalities in front of a generic noun ("French government") are no name; in front of an
    // organisation they belong to it ("French Foreign Ministry").
    if words.len() >= 2
        && matches!(
            words[0],
            "North" | "South" | "East" | "West" | "Sri" | "Latin" | "Central"
        )
        && lists::DEMONYMS.contains(words[1])
    {
        // "West German", "Sri Lankan": a nationality in two words.
        words = &words[1..];
    }
    while !words.is_empty() && lists::DEMONYMS.contains(words[0]) && gazetteer_kind(words).is_none()
    {
        let org_after = words.len() > 1
            && lists::ORG_SUFFIXES.contains(words[words.len() - 1])
            && !words[1..].iter().any(|w| lists::TITLE_HEADS.contains(w));
        if org_after {
            break;
        }
        words = &words[1..];
    }
    if words.is_empty() {
        return;
    }
    classify(words, ctx, out);
}

fn classify(words: &[&str], ctx: &RunCtx<'_>, out: &mut Vec<Mention>) {
    let n = words.len();
    if let Some(kind) = gazetteer_kind(words) {
        push(out, words, kind, STRONG);
        return;
    }
    // Titles: "Foreign Minister Eduard Shevardnadze", "Treasury Secretary James Baker", "Mr Blair".
    let last_is_org = lists::ORG_SUFFIXES.contains(words[n - 1]);
    if let Some(h) = words.iter().position(|w| lists::TITLE_HEADS.contains(w)) {
        let mut s = h;
        while s > 0 && lists::TITLE_MODIFIERS.contains(words[s - 1]) {
            s -= 1;
        }
        let mut start = h + 1;
        while start < n
            && (lists::TITLE_HEADS.contains(words[start])
                || lists::TITLE_MODIFIERS.contains(words[start]))
        {
            start += 1;
        }
        let rest = &words[start.min(n)..];
        let rest_org = rest.iter().any(|w| lists::ORG_SUFFIXES.contains(w));
        if !rest_org || rest.is_empty() {
            if s > 0 {
                classify(&words[..s], ctx, out);
            }
            if !rest.is_empty() {
                if let Some(kind) = gazetteer_kind(rest) {
                    push(out, rest, kind, STRONG);
                } else {
                    // A title is the surest sign of a person: it outweighs guesses elsewhere.
                    push(out, rest, EntityKind::Person, 3 * STRONG);
                }
            }
            return;
        }
    }
    if n == 1 {
        let w = words[0];
        if lists::GENERIC_ALONE.contains(w) || lists::DEMONYMS.contains(w) {
            return;
        }
        if w.chars().all(|c| !c.is_alphabetic() || c.is_uppercase()) {
            if is_acronym(w) && !lists::NOT_ORG_ACRONYMS.contains(w) {
                push(out, words, EntityKind::Org, WEAK);
            }
            return;
        }
        if w.chars().count() < 2 || w.starts_with("I'") || lists::NOT_ALONE.contains(w) {
            return;
        }
        if w.ends_with('s') && w[..w.len() - 1].chars().all(|c| c.is_uppercase()) {
            // "MPs", "PCs": plurals of common acronyms.
            return;
        }
        // An unknown single word: context decides, weakly; merging usually settles it.
        let kind = if ctx
            .prev
            .is_some_and(|p| lists::PLACE_PREPOSITIONS.contains(p))
        {
            EntityKind::Place
        } else if ctx.next.is_some_and(|nx| lists::SPEECH_VERBS.contains(nx))
            || lists::FIRST_NAMES.contains(w)
        {
            EntityKind::Person
        } else {
            EntityKind::Org
        };
        push(out, words, kind, WEAK);
        return;
    }
    if last_is_org || words.iter().any(|w| matches!(*w, "of" | "for" | "&")) {
        let place_head = words
            .iter()
            .position(|w| matches!(*w, "of"))
            .is_some_and(|i| {
                i > 0
                    && matches!(
                        words[i - 1],
                        "Gulf"
                            | "Sea"
                            | "Bay"
                            | "Cape"
                            | "Isle"
                            | "Strait"
                            | "Straits"
                            | "River"
                            | "Lake"
                            | "Mount"
                            | "Islands"
                            | "Province"
                            | "City"
                            | "Port"
                    )
            });
        let kind = if place_head {
            EntityKind::Place
        } else {
            EntityKind::Org
        };
        push(out, words, kind, STRONG);
        return;
    }
    if lists::FIRST_NAMES.contains(words[0]) && n <= 4 {
        push(out, words, EntityKind::Person, STRONG);
        return;
    }
    let has_initial = words[..n - 1]
        .iter()
        .any(|w| w.len() == 2 && w.ends_with('.') && w.starts_with(char::is_uppercase));
    let has_particle = words.iter().any(|w| lists::PARTICLES.contains(w));
    if has_initial || has_particle {
        push(out, words, EntityKind::Person, STRONG);
        return;
    }
    if words.iter().all(|w| is_acronym(w)) {
        push(out, words, EntityKind::Org, WEAK);
        return;
    }
    let kind = if (ctx.next.is_some_and(|nx| lists::SPEECH_VERBS.contains(nx)) && n <= 3)
        || (n == 2 && !is_common(words[1]))
    {
        EntityKind::Person
    } else {
        EntityKind::Org
    };
    push(out, words, kind, WEAK);
}

/// One entity being assembled from its mentions.
struct Group {
    forms: Vec<(String, u32)>,
    votes: [u32; 3],
    mentions: u32,
    first: usize,
    gazetteer: Option<EntityKind>,
    merged_into: Option<usize>,
}

impl Group {
    fn name(&self) -> &str {
        // The fullest form: most words, then longest, then not in capitals, then most frequent.
        self.forms
            .iter()
            .max_by_key(|(f, c)| {
                (
                    f.split(' ').count(),
                    f.len(),
                    !f.chars().all(|c| !c.is_lowercase()),
                    *c,
                )
            })
            .map_or("", |(f, _)| f.as_str())
    }

    fn kind(&self) -> EntityKind {
        if let Some(kind) = self.gazetteer {
            return kind;
        }
        let kinds = [EntityKind::Person, EntityKind::Org, EntityKind::Place];
        let best = (0..3).max_by_key(|&i| (self.votes[i], i == 1)).unwrap_or(1);
        kinds[best]
    }
}

fn kind_index(kind: EntityKind) -> usize {
    match kind {
        EntityKind::Person => 0,
        EntityKind::Org => 1,
        EntityKind::Place => 2,
    }
}

/// Merges the mentions of an article into entities under their fullest names.
fn merge(mentions: Vec<Mention>) -> Vec<Entity> {
    let mut groups: Vec<Group> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::default();
    for (pos, m) in mentions.into_iter().enumerate() {
        let k = match m.group {
            Some((EntityKind::Place, id)) => format!("\u{1}p{id}"),
            Some((_, id)) => format!("\u{1}o{id}"),
            None => key(&m.name),
        };
        let gi = *by_key.entry(k).or_insert_with(|| {
            groups.push(Group {
                forms: Vec::new(),
                votes: [0; 3],
                mentions: 0,
                first: pos,
                gazetteer: m.group.map(|(kind, _)| kind),
                merged_into: None,
            });
            groups.len() - 1
        });
        let g = &mut groups[gi];
        g.mentions += 1;
        g.votes[kind_index(m.kind)] += m.weight;
        match g.forms.iter_mut().find(|(f, _)| *f == m.name) {
            Some((_, c)) => *c += 1,
            None => g.forms.push((m.name, 1)),
        }
    }

    // Names of the groups, to find shorter forms of longer names.
    let names: Vec<Vec<String>> = groups
        .iter()
        .map(|g| g.name().split(' ').map(str::to_string).collect())
        .collect();
    let kinds: Vec<EntityKind> = groups.iter().map(Group::kind).collect();
    let n = groups.len();
    for i in 0..n {
        if groups[i].gazetteer == Some(EntityKind::Place) {
            continue;
        }
        let short = &names[i];
        let mut targets: Vec<usize> = Vec::new();
        // An acronym of a longer organisation name ("IMF" for "International Monetary Fund").
        if short.len() == 1 && is_acronym(&short[0]) {
            let letters: String = short[0].chars().filter(|c| c.is_alphanumeric()).collect();
            for j in 0..n {
                if j != i && names[j].len() >= 2 && kinds[j] != EntityKind::Person {
                    let initials: String = names[j]
                        .iter()
                        .filter(|w| w.starts_with(char::is_uppercase))
                        .filter_map(|w| w.chars().next())
                        .collect();
                    if initials == letters {
                        targets.push(j);
                    }
                }
            }
        }
        if targets.is_empty() {
            for j in 0..n {
                let long = &names[j];
                if j == i
                    || long.len() <= short.len()
                    || groups[j].gazetteer == Some(EntityKind::Place)
                {
                    continue;
                }
                let prefix = long[..short.len()] == short[..];
                let suffix = long[long.len() - short.len()..] == short[..];
                let ok = match kinds[j] {
                    // A surname, or a shorter form of a person's name.
                    EntityKind::Person => suffix || (prefix && short.len() >= 2),
                    // "Chrysler" for "Chrysler Corp", "Commerce Department" for "U.S. Commerce Department".
                    EntityKind::Org => {
                        (prefix
                            && long[short.len()..]
                                .iter()
                                .all(|w| lists::ORG_SUFFIXES.contains(w.as_str())))
                            || (suffix && short.len() >= 2)
                            || (prefix && short.len() >= 2)
                    }
                    EntityKind::Place => false,
                };
                if ok && !(kinds[i] == EntityKind::Place && groups[i].gazetteer.is_some()) {
                    targets.push(j);
                }
            }
        }
        if let Some(&target) = targets
            .iter()
            .max_by_key(|&&j| (groups[j].mentions, std::cmp::Reverse(groups[j].first)))
        {
            groups[i].merged_into = Some(target);
        }
    }
    // Fold merged groups into their targets (following chains).
    for i in 0..n {
        let mut t = i;
        let mut steps = 0;
        while let Some(next) = groups[t].merged_into {
            t = next;
            steps += 1;
            if steps > n {
                break;
            }
        }
        if t != i {
            let mentions = groups[i].mentions;
            groups[t].mentions += mentions;
        }
    }
    let mut out: Vec<(u32, usize, Entity)> = groups
        .iter()
        .enumerate()
        .filter(|(_, g)| g.merged_into.is_none())
        .map(|(i, g)| {
            (
                g.mentions,
                g.first,
                Entity {
                    name: names[i].join(" "),
                    kind: kinds[i],
                },
            )
        })
        .collect();
    out.sort_by_key(|(count, first, _)| (std::cmp::Reverse(*count), *first));
    // Two entries share a name only when their types differ.
    let mut seen = HashSet::default();
    out.into_iter()
        .map(|(_, _, e)| e)
        .filter(|e| seen.insert((key(&e.name), e.kind)))
        .collect()
}
