//! Word lists behind the entity extractor, loaded once.
//!
//! Sources of the facts:
//! - `data/places.txt`: countries (ISO 3166 names and common short forms), capitals, US states,
//!   major cities, regions, seas and rivers — general knowledge, written for newsearch.
//! - `data/orgs.txt`: international bodies, government institutions, parties, media, well-known
//!   companies and clubs with their acronyms — general knowledge, written for newsearch.
//! - `data/first_names.txt`: common given names — general knowledge, written for newsearch.
//! - `data/demonyms.txt`: nationality, religion and group words — general knowledge (English
//!   demonyms), written for newsearch.
//! - `data/common_words.txt`: words that are written in lower case more often than capitalised
//!   inside sentences, counted over `../shared/data` (Reuters-21578 bodies and the BBC texts) by
//!   `cargo run --release --example entities_eval -- --train-common src/entities/data/common_words.txt`.
//!   A statistic of the corpora (no labels are used), reproducible from the repository.
//! - The small lists in this file (titles, organisation words, months, function words):
//!   general knowledge of English and of news style.

use std::cell::Cell;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// A small, fast hash for short strings (the FxHash mixing step); these sets hold no
/// attacker-controlled keys worth defending against.
#[derive(Default, Clone, Copy)]
pub(super) struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut buf = [0u8; 8];
            buf[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(buf))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, i: usize) {
        self.0 = (self.0.rotate_left(5) ^ i as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        // The multiply leaves the low bits weak (they depend on the first bytes only), and the
        // table picks buckets by the low bits: rotate the strong high bits down.
        self.0.rotate_left(26)
    }
}

pub(super) type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FastHasher>>;
pub(super) type HashSet<K> = std::collections::HashSet<K, BuildHasherDefault<FastHasher>>;

/// A gazetteer: the listed names by their normalised form ([`key`]), each with its group id (one
/// per line of the list, shared by the forms on it).
pub(super) struct Gazetteer {
    /// The listed forms; [`Gazetteer::get`] also finds them with a legal form after them.
    by_key: KeyTable<u32>,
    /// Keys of the legal forms a listed name may carry after it ("inc", "corp"), if any.
    legal_forms: Vec<String>,
    /// Bit `n` set when some legal form is `n` bytes long (below 64): most last words are no
    /// legal form by their length alone.
    legal_lengths: u64,
    /// Lower-case words of every entry, for recasing all-capitals text.
    pub(super) words: HashSet<String>,
    /// The longest entry (in words).
    pub(super) max_words: usize,
}

impl Gazetteer {
    /// The group id of the name with key `k`: a listed form, or one with a legal form after it
    /// ("Drexel Burnham Lambert Inc" is the listed "Drexel Burnham Lambert").
    #[inline]
    pub(super) fn get(&self, k: &Key) -> Option<u32> {
        if let Some(&id) = self.by_key.get(k) {
            return Some(id);
        }
        if self.legal_forms.is_empty() {
            return None;
        }
        let (bytes, n) = k.bytes();
        self.without_legal_form(&bytes[..n])
    }

    /// [`Gazetteer::get`] for a key given as bytes.
    pub(super) fn get_bytes(&self, k: &[u8]) -> Option<u32> {
        self.by_key
            .get_bytes(k)
            .copied()
            .or_else(|| self.without_legal_form(k))
    }

    /// The group id of the listed name that `k` is with a legal form after it.
    fn without_legal_form(&self, k: &[u8]) -> Option<u32> {
        let space = k.iter().rposition(|&b| b == b' ')?;
        let (name, legal) = (&k[..space], &k[space + 1..]);
        if legal.len() < 64 && self.legal_lengths >> legal.len() & 1 == 0 {
            return None;
        }
        if self.legal_forms.iter().any(|f| f.as_bytes() == legal) {
            self.by_key.get_bytes(name).copied()
        } else {
            None
        }
    }

    /// The listed keys, in no particular order.
    pub(super) fn keys(&self) -> impl Iterator<Item = String> + '_ {
        self.by_key.keys()
    }
}

/// Lower-cases and drops dots, so "U.S." and "US" and "us" share a key.
pub(super) fn key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    if name.is_ascii() {
        out.extend(name.bytes().filter_map(key_byte).map(char::from));
        return out;
    }
    for c in name.chars() {
        match c {
            '.' => {}
            '’' => out.push('\''),
            '-' => out.push(' '),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Builds a gazetteer; with `legal_forms`, each listed name is also found with a legal form
/// after it ([`Gazetteer::get`]).
fn gazetteer(text: &'static str, legal_forms: Vec<String>) -> Gazetteer {
    let mut by_key: HashMap<String, u32> = HashMap::default();
    let mut words = HashSet::default();
    let mut max_words = 1;
    for (id, line) in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .enumerate()
    {
        for form in line.split('|') {
            let k = key(form);
            max_words = max_words.max(k.split(' ').count());
            for w in k.split(' ') {
                words.insert(w.to_string());
            }
            // The tokenizer strips a name's closing possessive ("rated by Moody's", "Standard
            // and Poor's"): the form without it must find the entry too.
            if let Some(bare) = k.strip_suffix("'s") {
                words.insert(bare.rsplit(' ').next().unwrap_or(bare).to_string());
                by_key.entry(bare.to_string()).or_insert(id as u32);
            }
            by_key.entry(k).or_insert(id as u32);
        }
    }
    if !legal_forms.is_empty() {
        max_words += 1;
    }
    let legal_lengths = legal_forms
        .iter()
        .filter(|f| f.len() < 64)
        .fold(0u64, |bits, f| bits | 1 << f.len());
    Gazetteer {
        by_key: KeyTable::new(by_key),
        legal_lengths,
        legal_forms,
        words,
        max_words,
    }
}

fn word_set(text: &'static str) -> HashSet<&'static str> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .collect()
}

pub(super) static PLACES: LazyLock<Gazetteer> =
    LazyLock::new(|| gazetteer(include_str!("data/places.txt"), Vec::new()));
pub(super) static ORGS: LazyLock<Gazetteer> = LazyLock::new(|| {
    let mut legal: Vec<String> = LEGAL_FORMS.iter().map(|f| key(f)).collect();
    legal.sort();
    legal.dedup();
    gazetteer(include_str!("data/orgs.txt"), legal)
});
/// Sports clubs that reports name by a place ([`SPORT_WORDS`] tell a sports report).
pub(super) static CLUBS: LazyLock<Gazetteer> =
    LazyLock::new(|| gazetteer(include_str!("data/clubs.txt"), Vec::new()));

/// Capitalised words of competitions and governing bodies: two of them make a text a sports
/// report, where a club's town names the club.
pub(super) static SPORT_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "Premiership",
        "League",
        "Cup",
        "Uefa",
        "UEFA",
        "Fifa",
        "FIFA",
        "FA",
        "Nations",
        "Heineken",
        "Olympic",
        "Olympics",
        "Championship",
        "Championships",
        "Slam",
        "Wimbledon",
        "Rugby",
        "Football",
        "Athletics",
        "Cricket",
    ])
});

pub(super) static FIRST_NAMES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set(include_str!("data/first_names.txt")));
pub(super) static DEMONYMS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set(include_str!("data/demonyms.txt")));
pub(super) static COMMON: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set(include_str!("data/common_words.txt")));

fn set(words: &'static [&'static str]) -> HashSet<&'static str> {
    words.iter().copied().collect()
}

/// Titles that head a person's name ("Mr Blair", "Foreign Minister Eduard Shevardnadze").
pub(super) static TITLE_HEADS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "Mr",
        "Mrs",
        "Ms",
        "Miss",
        "Dr",
        "Prof",
        "Professor",
        "Sir",
        "Dame",
        "Lord",
        "Lady",
        "Baroness",
        "Baron",
        "President",
        "Minister",
        "Chancellor",
        "Secretary",
        "Senator",
        "Sen",
        "Rep",
        "Representative",
        "Congressman",
        "Congresswoman",
        "Governor",
        "Gov",
        "Judge",
        "King",
        "Queen",
        "Prince",
        "Princess",
        "Pope",
        "General",
        "Gen",
        "Colonel",
        "Col",
        "Captain",
        "Capt",
        "Lieutenant",
        "Lt",
        "Major",
        "Maj",
        "Sergeant",
        "Sgt",
        "Admiral",
        "Adm",
        "Commander",
        "Marshal",
        "Ambassador",
        "Mayor",
        "Premier",
        "Chairman",
        "Chairwoman",
        "Chairperson",
        "Rev",
        "Reverend",
        "Father",
        "Sheikh",
        "Speaker",
        "Commissioner",
        "Ayatollah",
        "Detective",
        "Inspector",
        "Superintendent",
        "Constable",
        "Officer",
        "Director",
        "Manager",
        "Coach",
        "Spokesman",
        "Spokeswoman",
        "Leader",
        "Emir",
        "Sultan",
        "Archbishop",
        "Bishop",
        "Cardinal",
        "Economist",
        "Analyst",
        "Boss",
        "Striker",
        "Midfielder",
        "Defender",
        "Goalkeeper",
        "Skipper",
        "Vice-President",
        "Vice-Chairman",
        "Co-Chairman",
        "Co-Chairwoman",
        "Presidents",
        "Ministers",
        "MP",
        "MPs",
        "MEP",
        "MEPs",
        "MSP",
        "MSPs",
        "Ms.",
        "Mr.",
        "Mrs.",
        "Dr.",
    ])
});

/// Words that may precede a title head inside the title ("Prime Minister", "Trade Secretary").
pub(super) static TITLE_MODIFIERS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "Prime",
        "Foreign",
        "Finance",
        "Trade",
        "Defence",
        "Defense",
        "Deputy",
        "Vice",
        "Chief",
        "Executive",
        "Senior",
        "Former",
        "Acting",
        "Interior",
        "Economy",
        "Economics",
        "Agriculture",
        "Energy",
        "Oil",
        "Health",
        "Home",
        "Commerce",
        "Justice",
        "Culture",
        "Sports",
        "Sport",
        "Education",
        "Environment",
        "Transport",
        "Industry",
        "Petroleum",
        "State",
        "Attorney",
        "Managing",
        "Assistant",
        "Under",
        "Treasury",
        "Labor",
        "Works",
        "Development",
        "Information",
        "Planning",
        "Budget",
        "Communications",
        "Shadow",
        "Culture",
        "Mines",
        "Mining",
        "Fisheries",
        "Tourism",
        "Housing",
        "Employment",
        "Technology",
        "Science",
        "Media",
        "Security",
        "Operating",
        "Financial",
        "General",
        "Supreme",
        "Crown",
        "First",
        "Opposition",
        "Party",
        "Majority",
        "Minority",
        "House",
        "Senate",
        "Team",
        "Club",
        "Of",
        "of",
        "the",
        "Lord",
    ])
});

/// Last words that make a name an organisation ("Texaco Inc", "Bank of England").
pub(super) static ORG_SUFFIXES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "Inc",
        "Corp",
        "Corporation",
        "Ltd",
        "Limited",
        "Plc",
        "PLC",
        "plc",
        "LLC",
        "Pty",
        "Co",
        "Cos",
        "Company",
        "Companies",
        "AG",
        "SA",
        "NV",
        "BV",
        "SpA",
        "GmbH",
        "KK",
        "AB",
        "Group",
        "Holdings",
        "Holding",
        "Industries",
        "Enterprises",
        "Partners",
        "Associates",
        "Bancorp",
        "Bancshares",
        "Financial",
        "Securities",
        "Investments",
        "Trust",
        "Capital",
        "Airlines",
        "Airways",
        "Motors",
        "Systems",
        "Technologies",
        "Technology",
        "Electronics",
        "Communications",
        "Telecom",
        "Petroleum",
        "Oil",
        "Gas",
        "Energy",
        "Resources",
        "Mining",
        "Mines",
        "Chemicals",
        "Chemical",
        "Pharmaceuticals",
        "Foods",
        "Stores",
        "Brothers",
        "Bros",
        "International",
        "Laboratories",
        "Labs",
        "Steel",
        "Insurance",
        "Assurance",
        "Services",
        "Software",
        "Records",
        "Pictures",
        "Studios",
        "Entertainment",
        "Media",
        "Network",
        "Networks",
        "News",
        "Post",
        "Journal",
        "Herald",
        "Tribune",
        "Gazette",
        "Telegraph",
        "Magazine",
        "Press",
        "Radio",
        "Television",
        "TV",
        "FC",
        "United",
        "Rovers",
        "Athletic",
        "Wanderers",
        "Rangers",
        "Albion",
        "County",
        "Party",
        "Bank",
        "Banks",
        "Exchange",
        "Board",
        "Council",
        "Commission",
        "Committee",
        "Ministry",
        "Department",
        "Agency",
        "Authority",
        "Office",
        "Service",
        "Institute",
        "Institution",
        "University",
        "College",
        "School",
        "Academy",
        "Hospital",
        "Foundation",
        "Association",
        "Society",
        "Federation",
        "Confederation",
        "Union",
        "League",
        "Alliance",
        "Organisation",
        "Organization",
        "Fund",
        "Reserve",
        "Court",
        "Parliament",
        "Assembly",
        "Congress",
        "Senate",
        "Police",
        "Army",
        "Navy",
        "Guard",
        "Forces",
        "Force",
        "Club",
        "Band",
        "Orchestra",
        "Coalition",
        "Movement",
        "Front",
        "Centre",
        "Center",
        "Bureau",
        "Administration",
        "Cabinet",
        "Secretariat",
        "Tribunal",
        "Directorate",
        "Inspectorate",
        "Corps",
        "Trades",
        "Unions",
        "Nations",
        "Labs",
        "Motor",
        "Railway",
        "Railways",
        "Telecommunications",
        "Industrial",
        "Products",
        "Mills",
        "Works",
        "Brewery",
        "Group's",
    ])
});

/// Words that may be followed by "of"/"for" inside a name ("Bank of England", "Gulf of Mexico").
pub(super) static OF_HEADS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "Bank",
        "Ministry",
        "Department",
        "University",
        "Institute",
        "Council",
        "Federation",
        "Association",
        "Union",
        "Board",
        "Bureau",
        "Chamber",
        "Church",
        "College",
        "School",
        "Museum",
        "Court",
        "House",
        "League",
        "Society",
        "Republic",
        "Kingdom",
        "States",
        "Gulf",
        "Sea",
        "Bay",
        "Cape",
        "Isle",
        "Strait",
        "Commission",
        "Committee",
        "Organisation",
        "Organization",
        "Office",
        "Party",
        "Province",
        "City",
        "Duke",
        "Duchess",
        "Academy",
        "Agency",
        "Administration",
        "Confederation",
        "Centre",
        "Center",
        "Federal",
        "Secretary",
        "Trust",
        "Fund",
        "Coalition",
        "Movement",
        "Front",
        "Group",
        "Corporation",
        "Authority",
        "Institution",
        "Hospital",
        "Army",
        "Isle",
        "Islands",
        "River",
        "Lake",
        "Mount",
        "Port",
        "Straits",
        "Sisters",
        "Friends",
        "Chief",
        "Chiefs",
        "Exchange",
        "Conference",
        "Assembly",
        "Council",
    ])
});

/// Lower-case particles inside personal and place names ("Charles de Gaulle", "Rio de Janeiro").
pub(super) static PARTICLES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "de", "du", "da", "dos", "das", "van", "von", "der", "den", "di", "del", "della", "la",
        "le", "bin", "ibn", "al", "el", "y", "ter",
    ])
});

/// Capitalised words that a name cannot start with, even inside a sentence.
pub(super) static NEVER_START: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "The",
        "A",
        "An",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "Its",
        "He",
        "She",
        "They",
        "We",
        "I",
        "You",
        "His",
        "Her",
        "Their",
        "Our",
        "My",
        "Your",
        "In",
        "On",
        "At",
        "For",
        "But",
        "And",
        "Or",
        "If",
        "As",
        "By",
        "To",
        "Of",
        "With",
        "From",
        "After",
        "Before",
        "When",
        "While",
        "Where",
        "What",
        "Who",
        "Why",
        "How",
        "There",
        "Here",
        "Some",
        "Many",
        "Most",
        "All",
        "No",
        "Not",
        "Last",
        "Next",
        "Earlier",
        "Later",
        "Meanwhile",
        "However",
        "Also",
        "Under",
        "Over",
        "Since",
        "Despite",
        "During",
        "About",
        "Both",
        "Each",
        "Such",
        "Other",
        "Then",
        "So",
        "Yet",
        "Still",
        "Although",
        "Though",
        "Because",
        "Unless",
        "Until",
        "Whether",
        "Which",
        "Among",
        "Against",
        "Into",
        "Through",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
        "GMT",
        "EST",
        "EDT",
        "BST",
        "CET",
        "UTC",
        "Christmas",
        "Easter",
        "Dlrs",
        "DLRS",
        "Ecu",
        "Ecus",
        "Mln",
        "MLN",
        "Pct",
        "PCT",
        "Cts",
        "CTS",
        "Stg",
        "Vs",
        "Shr",
        "Net",
        "Revs",
        "Qtr",
        "Avg",
        "Shrs",
        "Oper",
        "OK",
        "CEO",
        "GDP",
        "GNP",
        "PM",
        "AM",
        "Q1",
        "Q2",
        "Q3",
        "Q4",
        "Yes",
        "Oh",
        "Please",
        "Every",
        "Any",
        "Another",
        "Even",
        "Just",
        "Only",
        "Now",
        "Today",
        "Tomorrow",
        "Yesterday",
        "Once",
        "Again",
        "More",
        "Less",
        "Much",
        "Very",
        "Well",
        "One",
        "Two",
        "Three",
        "Four",
        "Five",
        "Six",
        "Seven",
        "Eight",
        "Nine",
        "Ten",
        "Mid",
        "Year",
        "Spring",
        "Summer",
        "Autumn",
        "Winter",
        "Internet",
        "Web",
        "God",
        "Government",
        "Cabinet",
        "Budget",
        "NOTE",
        "Note",
    ])
});

/// Generic words that are no name when they stand alone (guidelines §1).
pub(super) static GENERIC_ALONE: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "Government",
        "Cabinet",
        "Budget",
        "Ministry",
        "Minister",
        "President",
        "Bank",
        "Company",
        "Group",
        "Party",
        "Court",
        "Board",
        "Council",
        "Committee",
        "Commission",
        "Department",
        "Agency",
        "Office",
        "Union",
        "Association",
        "State",
        "States",
        "City",
        "Exchange",
        "Fund",
        "Federal",
        "National",
        "Central",
        "Corp",
        "Inc",
        "Co",
        "Ltd",
        "Plc",
        "Club",
        "Police",
        "Army",
        "Navy",
        "Chairman",
        "Chancellor",
        "Secretary",
        "Justice",
        "Gulf",
        "North",
        "South",
        "East",
        "West",
        "Republic",
        "Kingdom",
        "Prime",
        "Treasury's",
        "Europe's",
        "Church",
        "Crown",
        "Administration",
        "Opposition",
        "Street",
        "University",
        "Governor",
        "Senator",
        "Premier",
        "Mayor",
        "King",
        "Queen",
        "Prince",
        "Princess",
        "Pope",
        "Lord",
        "Lady",
        "Sir",
        "Dame",
        "Judge",
        "General",
        "Ambassador",
        "Director",
        "Leader",
        "Speaker",
    ])
});

/// Words after a candidate that mark it as a person ("Premadasa said").
pub(super) static SPEECH_VERBS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "said",
        "says",
        "told",
        "added",
        "explained",
        "argued",
        "insisted",
        "admitted",
        "believes",
        "thinks",
        "wrote",
        "claimed",
        "stressed",
        "warned",
    ])
});

/// Lower-case words before a candidate that mark it as a place ("in Jaffna").
pub(super) static PLACE_PREPOSITIONS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| set(&["in", "near", "outside", "across", "throughout"]));

/// Abbreviations whose full stop does not end a sentence.
pub(super) static ABBREVIATIONS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Prof", "Gen", "Gov", "Sen", "Rep", "Inc",
        "Corp", "Ltd", "Co", "Cos", "Col", "Capt", "Lt", "Sgt", "Adm", "Rev", "No", "Bros", "Jan",
        "Feb", "Aug", "Sept", "Oct", "Nov", "Dec", "Mt", "Ft", "vs", "Maj",
    ])
});

/// Acronyms that are no organisation (titles, units, things).
pub(super) static NOT_ORG_ACRONYMS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "TV", "PC", "MP", "MEP", "CEO", "CFO", "GDP", "GNP", "DVD", "CD", "PM", "AM", "OK", "UK",
        "US", "IT", "AIDS", "HIV", "SARS", "VAT", "IPO", "FM", "GMT", "EST", "USD", "DLRS", "MLN",
        "BLN", "PCT", "CTS", "QTR", "NET", "REVS", "SHR", "AVG", "NOTE", "LTD", "INC", "CORP",
        "CO", "PLC", "ID", "PIN", "SMS", "MP3", "PDA", "RSS", "DJ", "MC", "MBA", "PhD", "II",
        "III", "IV", "VI", "VII", "QC", "OBE", "MBE", "CBE", "GCSE", "A", "I", "LP", "EP", "HD",
        "PR", "HQ", "ISP", "WWII", "NB", "RPI", "CPI", "PPI", "CAP", "ERM", "GST", "SDR", "SDRS",
        "ECU", "ECUS", "OTC", "CIF", "FOB", "LIBOR", "API", "TONNES", "IRA", "R&B", "WTI",
        // Units of power and energy ("1,870 MW of capacity").
        "KW", "MW", "GW", "KWH", "MWH", "GWH",
        // Credit ratings ("rated AA-minus by Standard and Poor's"): codes, not names.
        "AAA", "AA", "BBB", "BB", "CC",
        // Technologies, formats and products ("GPRS phones", "a USB key", "Sony's PSP"), and a
        // trade show (an event): no organisations.
        "GPRS", "GSM", "CDMA", "WCDMA", "UMTS", "HSDPA", "3G", "WAP", "MMS", "USB", "VHS", "VCR",
        "PVR", "DVR", "HDTV", "LCD", "IP", "VOIP", "P2P", "ADSL", "DSL", "LLU", "UWB", "RFID",
        "GPS", "AI", "OS", "DOS", "NT", "XP", "IE", "DRM", "HTML", "XML", "URL", "WWW", "ASCII",
        "IPTV", "DIY", "VJ", "CCTV", "SD", "UMD", "PSP", "PS2", "PS3", "DS", "ISBN", "UV", "CES",
    ])
});

/// Words that number things ("Chapter 11", "Class B shares", "Series C", "Top 40"): alone they
/// are no entity, nor with the code after them.
pub(super) const NUMBERING: &[&str] = &[
    "Chapter", "Section", "Article", "Class", "Series", "Phase", "Model", "Top", "Hot",
];

/// Capitalised words that are no entity when they stand alone (adjectives of events, products,
/// generic words often capitalised in news style).
pub(super) static NOT_ALONE: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    let mut words = set(&[
        "Olympic",
        "Olympics",
        "Games",
        "Film",
        "Life",
        "Live",
        "World",
        "Industry",
        "Finance",
        "Trade",
        "International",
        "Community",
        "Nations",
        "Securities",
        "Internet",
        "Web",
        "Windows",
        // Landmarks that name agreements ("the Louvre accord", "the Plaza agreement"): a
        // facility or a treaty, neither an entity.
        "Louvre",
        "Plaza",
        // Football line-ups: "Subs Not Used: Smith, Jones".
        "Subs",
        "Used",
        "Yeah",
        "Wall",
        "Oscar",
        "Oscars",
        "Grammy",
        "Grammys",
        "Bafta",
        "Baftas",
        "Emmy",
        "Christmas",
        "Easter",
        "Cup",
        "Premier",
        "League",
        "Champions",
        "Grand",
        "Slam",
        "Open",
        "Test",
        "Tests",
        "Street",
        "Road",
        "Square",
        "Stadium",
        "Airport",
        "Station",
        "Marxist",
        "Leninist",
        "Conservative",
        "Socialist",
        "Communist",
        "Liberal",
        "Republic",
        "Royal",
        "Imperial",
        "Federal",
        "Central",
        "National",
        "Foreign",
        "Home",
        "Interior",
        "Defence",
        "Defense",
        "Energy",
        "Economy",
        "Health",
        "Education",
        "Transport",
        "Agriculture",
        "Commerce",
        "Justice",
        "Labor",
        "Treasury's",
        "Mayday",
        "Act",
        "Bill",
        "Budget",
        "Summit",
        "Award",
        "Awards",
        "Prize",
        "Festival",
        "Championship",
        "Championships",
        "Series",
        "Show",
        "Album",
        "Chart",
        "Charts",
        "Music",
        "Radio",
        "Television",
        "News",
        "Party",
        "Division",
        "Unit",
        "Premiership's",
    ]);
    words.extend(NUMBERING);
    words
});

/// Legal forms that end a company's name ("Texaco Inc"): a capitalised word after one starts
/// another name ("Norfolk Southern Corp USAir" across a line break).
pub(super) static LEGAL_FORMS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "Inc",
        "Corp",
        "Corporation",
        "Co",
        "Cos",
        "Ltd",
        "Limited",
        "Plc",
        "PLC",
        "LLC",
        "LP",
        "AG",
        "SA",
        "NV",
        "BV",
        "SpA",
        "GmbH",
        "KK",
        "AB",
        "Pty",
    ])
});

/// Last words of names that are no entity under the guidelines (§1): laws, treaties and
/// programmes, events and awards, facilities. "Sox Act", "Davis Cup", "Wall Street".
pub(super) static NOT_ENTITY_LAST: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        // Currencies, rates and grades of goods (§1): "European Currency Units", "London
        // Interbank Offered Rate", "West Texas Intermediate".
        "Units",
        // Weather: "El Nino" (the Reuters commodity pages), no name of a place or a person.
        "Nino",
        "Rate",
        "Rates",
        "Intermediate",
        "Act",
        "Acts",
        "Bill",
        "Treaty",
        "Accord",
        "Accords",
        "Agreement",
        "Convention",
        "Directive",
        "Programme",
        "Program",
        "Plan",
        "Initiative",
        "Scheme",
        "Index",
        "Product",
        "Cup",
        "Games",
        "Olympics",
        "Championship",
        "Championships",
        "Trophy",
        "Tournament",
        "Open",
        "Masters",
        "Marathon",
        "Prix",
        "Award",
        "Awards",
        // Awards by name ("Golden Globe", "a TV Bafta"; alone "Bafta" is the academy).
        "Globe",
        "Globes",
        "Oscar",
        "Oscars",
        "Bafta",
        "Baftas",
        "Grammy",
        "Grammys",
        "Emmy",
        "Emmys",
        "Prize",
        "Prizes",
        "Festival",
        "Summit",
        "War",
        "Day",
        "Election",
        "Elections",
        "Stadium",
        "Airport",
        "Station",
        "Bridge",
        "Road",
        "Street",
        "Square",
        "Avenue",
        "Hotel",
        "Prison",
        "Cathedral",
        "Mosque",
        // Events, awards and programmes ("Grand Slam", "Golden Globes", "Motor Show") and
        // grounds ("Villa Park"; a first name before it makes a person, as for "Day").
        "Slam",
        "Globes",
        "Show",
        "Park",
    ])
});

/// First words of place names ("New Providence", "Santa Monica", "Lake Tahoe").
pub(super) static PLACE_STARTS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "North", "South", "East", "West", "Central", "San", "Santa", "Sao", "Los", "Las", "Port",
        "Fort", "Saint", "St", "Mount", "Lake", "Cape", "Upper", "Lower", "Greater", "Northern",
        "Southern", "Eastern", "Western",
    ])
});

/// Last words of place names ("Aegean Sea", "Huaral Valley", "Pacific Northwest").
pub(super) static PLACE_ENDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "Sea",
        "Ocean",
        "Valley",
        "Island",
        "Islands",
        "Isles",
        "Mountains",
        "Hills",
        "River",
        "Lake",
        "Bay",
        "Coast",
        "Desert",
        "Peninsula",
        "Strait",
        "Straits",
        "Province",
        "Region",
        "Heights",
        "Springs",
        "Falls",
        "Beach",
    ])
});

/// First words of organisation names in several languages ("Deutsche Boerse", "Credit Suisse",
/// "Air China", "Banco Santander").
pub(super) static ORG_STARTS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "Deutsche",
        "Maritime",
        "Banco",
        "Banca",
        "Banque",
        "Societe",
        "Société",
        "Compagnie",
        "Cie",
        "Groupe",
        "Grupo",
        "Credit",
        "Crédit",
        "Caisse",
        "Nippon",
        "Air",
        "Radio",
        "Royal",
        "Standard",
        "National",
        "Global",
        "Digital",
        "Electronic",
        "Allied",
        "Consolidated",
        "Universal",
        "Continental",
        "Trans",
        "Union",
    ])
});

/// Whether a name with a possessive is a broadcaster's, whose capitalised words after it name a
/// programme ("the BBC's Strictly Come Dancing", "ITV's Pop Idol") or a presenter.
pub(super) fn is_broadcaster(word: &str) -> bool {
    matches!(
        word,
        "BBC"
            | "BBC1"
            | "BBC2"
            | "BBC3"
            | "BBC4"
            | "ITV"
            | "ITV1"
            | "ITV2"
            | "CNN"
            | "MTV"
            | "ABC"
            | "NBC"
            | "CBS"
            | "HBO"
            | "PBS"
    )
}

/// Whether a lower-case word stands before a title of a work ("the film Million Dollar Baby"):
/// what follows it names no entity (guidelines §1). A `match`, cheaper than a table lookup for a
/// question asked of the word before almost every name.
pub(super) fn is_work_cue(word: &str) -> bool {
    matches!(
        word,
        "film"
            | "films"
            | "movie"
            | "movies"
            | "album"
            | "albums"
            | "single"
            | "song"
            | "songs"
            | "book"
            | "books"
            | "novel"
            | "novels"
            | "show"
            | "shows"
            | "sitcom"
            | "soap"
            | "drama"
            | "comedy"
            | "musical"
            | "thriller"
            | "documentary"
            | "programme"
            | "opera"
            | "blockbuster"
            | "sequel"
            | "epic"
    )
}

/// Word classes: one bit per list, so a word is looked up once ([`class`]) and its memberships
/// read from the bits.
pub(super) mod cls {
    pub(crate) const COMMON: u32 = 1;
    pub(crate) const FIRST_NAME: u32 = 1 << 1;
    pub(crate) const DEMONYM: u32 = 1 << 2;
    pub(crate) const TITLE_HEAD: u32 = 1 << 3;
    pub(crate) const TITLE_MOD: u32 = 1 << 4;
    pub(crate) const ORG_SUFFIX: u32 = 1 << 5;
    pub(crate) const OF_HEAD: u32 = 1 << 6;
    pub(crate) const PARTICLE: u32 = 1 << 7;
    pub(crate) const NEVER_START: u32 = 1 << 8;
    pub(crate) const GENERIC_ALONE: u32 = 1 << 9;
    pub(crate) const SPEECH_VERB: u32 = 1 << 10;
    pub(crate) const PLACE_PREP: u32 = 1 << 11;
    pub(crate) const ABBREVIATION: u32 = 1 << 12;
    pub(crate) const NOT_ORG_ACRONYM: u32 = 1 << 13;
    pub(crate) const NOT_ALONE: u32 = 1 << 14;
    /// The first word of a gazetteer entry (place or organisation).
    pub(crate) const GAZ_START: u32 = 1 << 15;
    /// A one-word place ("Japan", "US").
    pub(crate) const PLACE1: u32 = 1 << 16;
    /// A one-word organisation.
    pub(crate) const ORG1: u32 = 1 << 17;
    pub(crate) const LEGAL: u32 = 1 << 18;
    pub(crate) const NOT_ENTITY_LAST: u32 = 1 << 19;
    pub(crate) const PLACE_START: u32 = 1 << 20;
    pub(crate) const PLACE_END: u32 = 1 << 21;
    pub(crate) const ORG_START: u32 = 1 << 22;
    /// A word of a place's name in the gazetteer ([`super::Gazetteer::words`]).
    pub(crate) const PLACE_WORD: u32 = 1 << 23;
    /// A word of an organisation's name in the gazetteer.
    pub(crate) const ORG_WORD: u32 = 1 << 24;
    /// A word that, capitalised, speaks of sport ("Premiership", "Cup").
    pub(crate) const SPORT: u32 = 1 << 25;
}

/// Word → classes, keyed by [`key`]; `[lower-case use, capitalised use]`, since most lists hold
/// capitalised words ("May", "Bill") whose lower-case forms are other words.
static CLASSES: LazyLock<KeyTable<[u32; 2]>> = LazyLock::new(|| {
    // Sized for the lists' words at once: growing it step by step cost a tenth of building it.
    let mut map: HashMap<String, [u32; 2]> =
        HashMap::with_capacity_and_hasher(COMMON.len() + 8192, Default::default());
    let mut add = |word: &str, bit: u32, both: bool| {
        let e = map.entry(key(word)).or_default();
        let cap = word.chars().next().is_some_and(char::is_uppercase);
        if both || !cap {
            e[0] |= bit;
        }
        if both || cap {
            e[1] |= bit;
        }
    };
    for w in COMMON.iter() {
        add(w, cls::COMMON, true);
    }
    let sets: [(&HashSet<&'static str>, u32); 20] = [
        (&FIRST_NAMES, cls::FIRST_NAME),
        (&DEMONYMS, cls::DEMONYM),
        (&TITLE_HEADS, cls::TITLE_HEAD),
        (&TITLE_MODIFIERS, cls::TITLE_MOD),
        (&ORG_SUFFIXES, cls::ORG_SUFFIX),
        (&OF_HEADS, cls::OF_HEAD),
        (&PARTICLES, cls::PARTICLE),
        (&NEVER_START, cls::NEVER_START),
        (&GENERIC_ALONE, cls::GENERIC_ALONE),
        (&SPEECH_VERBS, cls::SPEECH_VERB),
        (&PLACE_PREPOSITIONS, cls::PLACE_PREP),
        (&ABBREVIATIONS, cls::ABBREVIATION),
        (&NOT_ORG_ACRONYMS, cls::NOT_ORG_ACRONYM),
        (&NOT_ALONE, cls::NOT_ALONE),
        (&LEGAL_FORMS, cls::LEGAL),
        (&NOT_ENTITY_LAST, cls::NOT_ENTITY_LAST),
        (&PLACE_STARTS, cls::PLACE_START),
        (&PLACE_ENDS, cls::PLACE_END),
        (&ORG_STARTS, cls::ORG_START),
        (&SPORT_WORDS, cls::SPORT),
    ];
    for (set, bit) in sets {
        for w in set.iter() {
            add(w, bit, false);
        }
    }
    for (gaz, one) in [(&*PLACES, cls::PLACE1), (&*ORGS, cls::ORG1)] {
        for k in gaz.keys() {
            let first = k.split(' ').next().unwrap_or_default();
            add(first, cls::GAZ_START, true);
            if !k.contains(' ') {
                add(&k, one, true);
            }
        }
    }
    for (gaz, bit) in [(&*PLACES, cls::PLACE_WORD), (&*ORGS, cls::ORG_WORD)] {
        for w in gaz.words.iter().filter(|w| !w.is_empty()) {
            add(w, bit, true);
        }
    }
    KeyTable::new(map)
});

/// The classes of `word` (see [`cls`]), looked up once; no allocation for short ASCII words.
pub(super) fn class(word: &str) -> u32 {
    let bytes = word.as_bytes();
    if bytes.len() > 16 {
        return look_up_class(word);
    }
    let head = recent_head(bytes);
    let slot = recent_slot(head, bytes.len());
    RECENT.with(|recent| {
        let seen = recent[slot].get();
        if seen.len == bytes.len() as u32 && seen.head == head {
            return seen.classes;
        }
        let classes = look_up_class(word);
        recent[slot].set(Recent {
            head,
            len: bytes.len() as u32,
            classes,
        });
        classes
    })
}

/// A word of up to 16 bytes as two words, zero-padded (as [`head_of`], without its copy).
#[inline]
fn recent_head(bytes: &[u8]) -> [u64; 2] {
    let (a, b) = bytes.split_at(bytes.len().min(8));
    [load_le(a), load_le(b)]
}

/// Where [`RECENT`] keeps the answer for a word of `len` bytes that starts with `head`.
fn recent_slot(head: [u64; 2], len: usize) -> usize {
    ((head[0] ^ head[1].rotate_left(29) ^ len as u64).wrapping_mul(MUL) >> (64 - RECENT_BITS))
        as usize
}

/// A word of up to 16 bytes (zero-padded, with its length) and its classes.
#[derive(Clone, Copy)]
struct Recent {
    head: [u64; 2],
    len: u32,
    classes: u32,
}

const RECENT_BITS: u32 = 9;

thread_local! {
    /// The answers of [`class`] for recent words, by a hash of the word's bytes: news repeats
    /// its words ("The", "U.S.", a company's name, "said"), and an answer remembered costs a
    /// fraction of a table lookup.
    static RECENT: [Cell<Recent>; 1 << RECENT_BITS] = const {
        [const {
            Cell::new(Recent {
                head: [0; 2],
                len: u32::MAX,
                classes: 0,
            })
        }; 1 << RECENT_BITS]
    };
}

/// [`class`] without remembering.
fn look_up_class(word: &str) -> u32 {
    let cap = usize::from(match word.as_bytes().first() {
        Some(&b) if b < 128 => b.is_ascii_uppercase(),
        _ => word.chars().next().is_some_and(char::is_uppercase),
    });
    let mut k = Key::new();
    let found = if k.push_word(word) {
        CLASSES.get(&k)
    } else {
        CLASSES.get_bytes(key(word).as_bytes())
    };
    found.map_or(0, |c| c[cap])
}

/// The classes of `word` written in lower case, if it is its own key (ASCII, no dots or
/// hyphens); `None` for other words.
pub(super) fn lower_class(word: &str) -> Option<u32> {
    if word.bytes().any(|b| matches!(b, b'.' | b'-')) {
        return None;
    }
    let mut k = Key::new();
    k.push_word(word)
        .then(|| CLASSES.get(&k).map_or(0, |c| c[0]))
}

/// A word's byte as it stands in a lookup key: dots dropped (`U.S.` is `us`), hyphens read as
/// spaces, letters lower-cased.
#[inline]
fn key_byte(b: u8) -> Option<u8> {
    match b {
        b'.' => None,
        b'-' => Some(b' '),
        _ => Some(b.to_ascii_lowercase()),
    }
}

/// Calls `f` with the [`key`] of `word`, built on the stack ([`Key`]) for most words.
#[inline]
pub(super) fn with_key<R>(word: &str, f: impl FnOnce(&[u8]) -> R) -> R {
    let mut k = Key::new();
    if k.push_word(word) {
        let (bytes, len) = k.bytes();
        return f(&bytes[..len]);
    }
    f(key(word).as_bytes())
}

/// `0x0101…01`: a byte-wise constant is `ONES * byte`.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte.
pub(super) const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of every byte of `x` (all below 0x80) that lies in `lo..=hi` (`lo` ≥ 1).
#[inline]
pub(super) fn bytes_in_range(x: u64, lo: u8, hi: u8) -> u64 {
    // No byte sum carries into the next: each is at most 0x7f + 0x7f.
    (x.wrapping_add(ONES * u64::from(0x80 - lo)) & !x.wrapping_add(ONES * u64::from(0x7f - hi)))
        & HIGH
}

/// The high bit of every byte of `x` (all below 0x80) equal to `b`.
#[inline]
fn bytes_equal(x: u64, b: u8) -> u64 {
    let y = x ^ (ONES * u64::from(b));
    !((y & !HIGH).wrapping_add(!HIGH) | y) & HIGH
}

/// Up to eight bytes as a little-endian word, zero-padded; without a call to `memcpy` for the
/// short last piece of a word.
#[inline]
fn load_le(b: &[u8]) -> u64 {
    let n = b.len();
    let u32_at = |i: usize| {
        let mut w = [0u8; 4];
        w.copy_from_slice(&b[i..i + 4]);
        u64::from(u32::from_le_bytes(w))
    };
    match n {
        0 => 0,
        1..=3 => {
            // First, middle and last byte (some of them the same).
            let (first, mid, last) = (b[0], b[n / 2], b[n - 1]);
            u64::from(first) | u64::from(mid) << (8 * (n / 2)) | u64::from(last) << (8 * (n - 1))
        }
        4..=7 => u32_at(0) | u32_at(n - 4) << (8 * (n - 4)),
        _ => {
            let mut w = [0u8; 8];
            w.copy_from_slice(&b[..8]);
            u64::from_le_bytes(w)
        }
    }
}

/// A lookup key ([`key`]) built on the stack, eight bytes at a time: its bytes as little-endian
/// words, zero-padded. Holds keys of up to 64 bytes: every word and almost every name.
pub(super) struct Key {
    words: [u64; 8],
    len: usize,
}

impl Key {
    pub(super) fn new() -> Key {
        Key {
            words: [0; 8],
            len: 0,
        }
    }

    /// Appends the eight-byte group `v` of `n` key bytes (zero above them).
    #[inline]
    fn push_group(&mut self, v: u64, n: usize) {
        let (q, r) = (self.len / 8, self.len % 8);
        self.words[q] |= v << (8 * r);
        if r != 0 && r + n > 8 {
            self.words[q + 1] |= v >> (64 - 8 * r);
        }
        self.len += n;
    }

    /// Appends a space (between the words of a name).
    #[inline]
    pub(super) fn push_space(&mut self) -> bool {
        if self.len >= 64 {
            return false;
        }
        self.push_group(u64::from(b' '), 1);
        true
    }

    /// Appends the key of `word`; `false` (and the key is unusable) if the word is not ASCII or
    /// the key would not fit, for [`key`] to answer instead.
    #[inline(always)]
    pub(super) fn push_word(&mut self, word: &str) -> bool {
        let bytes = word.as_bytes();
        if self.len + bytes.len() > 64 {
            return false;
        }
        for chunk in bytes.chunks(8) {
            let x = load_le(chunk);
            if x & HIGH != 0 {
                return false;
            }
            if bytes_equal(x, b'.') != 0 {
                // Dots drop out of the key ("U.S."): byte by byte.
                for key in chunk.iter().copied().filter_map(key_byte) {
                    self.push_group(u64::from(key), 1);
                }
                continue;
            }
            // Upper-case letters and hyphens differ from their key bytes in one bit pattern
            // each: A-Z gain 0x20, '-' (0x2d) becomes ' ' (0x20) by xor 0x0d.
            let upper = bytes_in_range(x, b'A', b'Z');
            let hyphen = bytes_equal(x, b'-');
            let v = (x | (upper >> 2)) ^ ((hyphen >> 7) * 0x0d);
            self.push_group(v, chunk.len());
        }
        true
    }

    /// The key's hash: the same as [`hash_bytes`] of its bytes.
    #[inline]
    pub(super) fn hash(&self) -> u64 {
        let mut h = (self.len as u64).wrapping_mul(MUL);
        for &w in &self.words[..self.len.div_ceil(8)] {
            h = (h.rotate_left(5) ^ w).wrapping_mul(MUL);
        }
        h ^ (h >> 31)
    }

    /// The key's bytes, and how many there are.
    fn bytes(&self) -> ([u8; 64], usize) {
        let mut out = [0u8; 64];
        for (o, w) in out.chunks_exact_mut(8).zip(&self.words) {
            o.copy_from_slice(&w.to_le_bytes());
        }
        (out, self.len)
    }

    /// The key's bytes beyond the first 16 (the part a [`KeyTable`] keeps in its arena).
    fn tail(&self) -> ([u8; 48], usize) {
        let mut out = [0u8; 48];
        for (o, w) in out.chunks_exact_mut(8).zip(&self.words[2..]) {
            o.copy_from_slice(&w.to_le_bytes());
        }
        (out, self.len.saturating_sub(16))
    }
}

const MUL: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// A hash of a key's bytes, eight at a time.
#[inline]
pub(super) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = (bytes.len() as u64).wrapping_mul(MUL);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(MUL);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(MUL);
    }
    h ^ (h >> 31)
}

/// One slot of a [`KeyTable`]: the first 16 bytes of the key inline (zero-padded), so that a
/// lookup of a short key touches one cache line.
#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct Slot<V> {
    head: [u64; 2],
    /// Key length + 1 (0 marks an empty slot).
    len: u32,
    /// Where the rest of a key longer than 16 bytes starts in the arena.
    off: u32,
    value: V,
}

/// The first 16 bytes of a key, zero-padded, as two words.
#[inline]
fn head_of(k: &[u8]) -> [u64; 2] {
    let mut b = [0u8; 16];
    let n = k.len().min(16);
    b[..n].copy_from_slice(&k[..n]);
    let mut lo = [0u8; 8];
    let mut hi = [0u8; 8];
    lo.copy_from_slice(&b[..8]);
    hi.copy_from_slice(&b[8..]);
    [u64::from_le_bytes(lo), u64::from_le_bytes(hi)]
}

/// A read-only open-addressing table from normalised keys ([`key`]) to small values, built once.
/// Each slot holds the key's first 16 bytes, its length and its value, so a lookup of a short
/// key (almost every word) reads one cache line; longer keys keep their tail in a byte arena.
/// Lookups take keys built on the stack ([`Key`]) or byte slices.
pub(super) struct KeyTable<V> {
    slots: Vec<Slot<V>>,
    mask: usize,
    arena: Vec<u8>,
    /// One bit per key (by hash) in a small array that stays in cache: most absent keys are
    /// rejected without touching the slots.
    filter: Vec<u64>,
}

const FILTER_BITS: u32 = 18;

#[inline]
fn filter_bit(h: u64) -> (usize, u64) {
    let b = (h >> (64 - FILTER_BITS)) as usize;
    (b >> 6, 1u64 << (b & 63))
}

impl<V: Copy + Default> KeyTable<V> {
    pub(super) fn new(map: HashMap<String, V>) -> KeyTable<V> {
        let size = (map.len() * 2).next_power_of_two().max(16);
        let empty = Slot {
            head: [0; 2],
            len: 0,
            off: 0,
            value: V::default(),
        };
        let mut table = KeyTable {
            slots: vec![empty; size],
            mask: size - 1,
            arena: Vec::new(),
            filter: vec![0; 1 << (FILTER_BITS - 6)],
        };
        // The maps' hasher has no random seed, so this order, and the layout, is the same from
        // run to run without sorting (sorting the keys was a third of building the tables).
        for (k, v) in map {
            let k = k.as_bytes();
            let h = hash_bytes(k);
            let (w, bit) = filter_bit(h);
            table.filter[w] |= bit;
            let mut i = h as usize & table.mask;
            while table.slots[i].len != 0 {
                i = (i + 1) & table.mask;
            }
            table.slots[i] = Slot {
                head: head_of(k),
                len: k.len() as u32 + 1,
                off: table.arena.len() as u32,
                value: v,
            };
            if k.len() > 16 {
                table.arena.extend_from_slice(&k[16..]);
            }
        }
        table
    }

    /// The value stored under the key `k` (already normalised).
    #[inline]
    pub(super) fn get_bytes(&self, k: &[u8]) -> Option<&V> {
        let h = hash_bytes(k);
        let (w, bit) = filter_bit(h);
        if self.filter[w] & bit == 0 {
            return None;
        }
        let head = head_of(k);
        let len = k.len() as u32 + 1;
        let mut i = h as usize & self.mask;
        loop {
            let slot = &self.slots[i];
            if slot.len == 0 {
                return None;
            }
            if slot.len == len
                && slot.head == head
                && (k.len() <= 16
                    || self.arena[slot.off as usize..slot.off as usize + k.len() - 16] == k[16..])
            {
                return Some(&slot.value);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The value stored under the key `k`, as [`KeyTable::get_bytes`] of its bytes.
    #[inline]
    pub(super) fn get(&self, k: &Key) -> Option<&V> {
        let h = k.hash();
        let (w, bit) = filter_bit(h);
        if self.filter[w] & bit == 0 {
            return None;
        }
        let head = [k.words[0], k.words[1]];
        let len = k.len as u32 + 1;
        let mut i = h as usize & self.mask;
        loop {
            let slot = &self.slots[i];
            if slot.len == 0 {
                return None;
            }
            if slot.len == len && slot.head == head {
                if k.len <= 16 {
                    return Some(&slot.value);
                }
                let (tail, n) = k.tail();
                if self.arena[slot.off as usize..slot.off as usize + n] == tail[..n] {
                    return Some(&slot.value);
                }
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The keys, in no particular order.
    pub(super) fn keys(&self) -> impl Iterator<Item = String> + '_ {
        self.slots.iter().filter(|s| s.len != 0).map(|s| {
            let n = s.len as usize - 1;
            let mut k = Vec::with_capacity(n);
            k.extend_from_slice(&s.head[0].to_le_bytes());
            k.extend_from_slice(&s.head[1].to_le_bytes());
            k.truncate(n);
            if n > 16 {
                k.extend_from_slice(&self.arena[s.off as usize..s.off as usize + n - 16]);
            }
            String::from_utf8(k).unwrap_or_default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_classes_are_the_looked_up_ones() {
        // Two words that share a slot of recent answers and their first eight bytes: the
        // second must not take the first one's answer.
        let place = "Washington";
        let slot = recent_slot(recent_head(place.as_bytes()), place.len());
        let other = (b'a'..=b'z')
            .flat_map(|x| (b'a'..=b'z').map(move |y| format!("Washingt{}{}", x as char, y as char)))
            .find(|w| recent_slot(recent_head(w.as_bytes()), w.len()) == slot && w != place)
            .expect("some word shares the slot");
        assert_ne!(look_up_class(place), look_up_class(&other));
        for w in [place, &other, place, &other] {
            assert_eq!(class(w), look_up_class(w), "{w}");
        }
        // And every listed word in three casings, which differ in class ("May", "may").
        let mut words: Vec<String> = Vec::new();
        for k in CLASSES.keys().filter(|k| k.is_ascii() && !k.is_empty()) {
            let mut title = k.clone();
            title[..1].make_ascii_uppercase();
            words.push(k.to_ascii_uppercase());
            words.push(title);
            words.push(k);
        }
        for _ in 0..2 {
            for w in &words {
                assert_eq!(class(w), look_up_class(w), "{w}");
            }
            words.reverse();
        }
    }
}
