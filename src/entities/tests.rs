//! Unit tests of the entity extractor: merging, typing, all-capitals text and the guidelines'
//! tricky cases.

use super::*;

fn names(title: &str, body: &str) -> Vec<(String, EntityKind)> {
    extract(title, body)
        .into_iter()
        .map(|e| (e.name, e.kind))
        .collect()
}

fn has(found: &[(String, EntityKind)], name: &str, kind: EntityKind) -> bool {
    found.iter().any(|(n, k)| n == name && *k == kind)
}

fn has_name(found: &[(String, EntityKind)], name: &str) -> bool {
    found.iter().any(|(n, _)| n == name)
}

#[test]
fn finds_and_merges_people_places_and_orgs() {
    let found = names(
        "Trump to meet Lavrov",
        "President Donald Trump will meet Sergei Lavrov in Washington. \
         Lavrov said the United Nations should act on North Korea.",
    );
    assert!(
        has(&found, "Sergei Lavrov", EntityKind::Person),
        "{found:?}"
    );
    assert!(has(&found, "Donald Trump", EntityKind::Person), "{found:?}");
    assert!(has(&found, "Washington", EntityKind::Place), "{found:?}");
    assert!(has(&found, "North Korea", EntityKind::Place), "{found:?}");
    assert!(has(&found, "United Nations", EntityKind::Org), "{found:?}");
    assert!(
        !has_name(&found, "Lavrov") && !has_name(&found, "Trump"),
        "{found:?}"
    );
}

#[test]
fn surname_and_mr_form_merge_into_full_name() {
    let found = names(
        "Blair defends plan",
        "Prime Minister Tony Blair defended the plan on Monday. Mr Blair said the \
         plan would work, and Putin agreed. Vladimir Putin spoke later.",
    );
    assert!(has(&found, "Tony Blair", EntityKind::Person), "{found:?}");
    assert!(
        has(&found, "Vladimir Putin", EntityKind::Person),
        "{found:?}"
    );
    assert!(
        !has_name(&found, "Blair") && !has_name(&found, "Putin"),
        "{found:?}"
    );
    assert!(!has_name(&found, "Monday"), "{found:?}");
}

#[test]
fn title_alone_gives_the_surname() {
    let found = names("", "The plan was backed by President Reagan on Friday.");
    assert!(has(&found, "Reagan", EntityKind::Person), "{found:?}");
}

#[test]
fn acronym_merges_into_expansion_and_company_short_form_into_full() {
    let found = names(
        "",
        "The International Monetary Fund said growth would slow. The IMF added that \
         Chrysler Corp was hit. Chrysler said sales fell.",
    );
    assert!(
        has(&found, "International Monetary Fund", EntityKind::Org),
        "{found:?}"
    );
    assert!(has(&found, "Chrysler Corp", EntityKind::Org), "{found:?}");
    assert!(
        !has_name(&found, "IMF") && !has_name(&found, "Chrysler"),
        "{found:?}"
    );
}

#[test]
fn country_synonyms_are_one_place() {
    let found = names(
        "",
        "The United States and Japan met. U.S. officials said the US would act.",
    );
    let us: Vec<_> = found
        .iter()
        .filter(|(n, _)| matches!(n.as_str(), "United States" | "U.S." | "US"))
        .collect();
    assert_eq!(us.len(), 1, "{found:?}");
    assert!(has(&found, "United States", EntityKind::Place), "{found:?}");
    assert!(has(&found, "Japan", EntityKind::Place), "{found:?}");
}

#[test]
fn typing_of_countries_parties_seats_of_power_and_clubs() {
    let found = names(
        "",
        "Russia said on Tuesday that it would talk. A White House spokesman and Labour \
         officials disagreed, while Manchester United beat Arsenal.",
    );
    assert!(has(&found, "Russia", EntityKind::Place), "{found:?}");
    assert!(has(&found, "White House", EntityKind::Org), "{found:?}");
    assert!(has(&found, "Labour", EntityKind::Org), "{found:?}");
    assert!(
        has(&found, "Manchester United", EntityKind::Org),
        "{found:?}"
    );
    assert!(has(&found, "Arsenal", EntityKind::Org), "{found:?}");
}

#[test]
fn place_inside_an_organisation_name_adds_no_place() {
    let found = names(
        "",
        "The Bank of England left rates on hold, and the Royal Bank of Scotland agreed.",
    );
    assert!(has(&found, "Bank of England", EntityKind::Org), "{found:?}");
    assert!(
        !has_name(&found, "England") && !has_name(&found, "Scotland"),
        "{found:?}"
    );
}

#[test]
fn nationalities_are_no_entities() {
    let found = names(
        "",
        "Russian and American officials met French diplomats. The French government \
         and Japanese banks said little.",
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn hyphenated_places_count() {
    let found = names("", "US-Japan trade talks resumed in a London-based office.");
    assert!(has(&found, "US", EntityKind::Place), "{found:?}");
    assert!(has(&found, "Japan", EntityKind::Place), "{found:?}");
    assert!(has(&found, "London", EntityKind::Place), "{found:?}");
}

#[test]
fn sentence_initial_common_words_and_signoff_are_dropped() {
    let found = names(
        "",
        "Shares rose 5 pct in heavy trading. Analysts said the Fed would act.\n Reuter",
    );
    assert!(
        !has_name(&found, "Shares") && !has_name(&found, "Analysts"),
        "{found:?}"
    );
    assert!(!has_name(&found, "Reuter"), "{found:?}");
    assert!(has(&found, "Fed", EntityKind::Org), "{found:?}");
}

#[test]
fn reuter_is_a_name_except_in_the_signoff() {
    for signoff in ["REUTER\n Reuter", "REUTER...^M", "REUTER TAW"] {
        let found = names("", &format!("Traders said prices were steady.\n {signoff}"));
        assert!(found.is_empty(), "{signoff:?}: {found:?}");
    }
    let found = names(
        "",
        "Edzard Reuter said on Monday that sales would rise.\n Reuter",
    );
    assert!(
        has(&found, "Edzard Reuter", EntityKind::Person),
        "{found:?}"
    );
    let found = names(
        "",
        "The minister told Reuter the talks had failed.\n Reuter",
    );
    assert!(has(&found, "Reuter", EntityKind::Org), "{found:?}");
}

#[test]
fn all_caps_headline_is_recased_from_the_body() {
    let found = names(
        "COLOMBO TO DEFEND WATERS, INDIA READIES FLOTILLA",
        "Sri Lanka ordered its navy to defend the waters as India prepared a flotilla \
         that Colombo does not want.",
    );
    assert!(has(&found, "India", EntityKind::Place), "{found:?}");
    assert!(has(&found, "Colombo", EntityKind::Place), "{found:?}");
    assert!(has(&found, "Sri Lanka", EntityKind::Place), "{found:?}");
    assert!(
        !found.iter().any(|(n, _)| n
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)),
        "{found:?}"
    );
    assert!(
        !has_name(&found, "Defend") && !has_name(&found, "Waters"),
        "{found:?}"
    );
}

#[test]
fn all_caps_text_yields_only_known_names() {
    let found = names(
        "THE ALLIES AFTER NASSAU",
        "THE ALLIES AFTER NASSAU MET IN PARIS . THE U.S . AGREED TO HELP NATO DEVELOP ITS \
         OWN NUCLEAR STRIKE FORCE . BUT EUROPE MADE NO ATTEMPT TO DEVISE A PLAN .",
    );
    assert!(found.len() <= 5, "{found:?}");
    assert!(has(&found, "Paris", EntityKind::Place), "{found:?}");
    assert!(has(&found, "NATO", EntityKind::Org), "{found:?}");
    for (name, _) in &found {
        assert!(
            !matches!(
                name.as_str(),
                "Allies" | "Strike" | "Force" | "Plan" | "Attempt"
            ),
            "{found:?}"
        );
    }
}

#[test]
fn most_mentioned_first() {
    let found = names(
        "",
        "Paris was calm. Tokyo was calm too. In Tokyo, and again in Tokyo, markets fell.",
    );
    assert_eq!(
        found.first().map(|(n, _)| n.as_str()),
        Some("Tokyo"),
        "{found:?}"
    );
}

#[test]
fn unknown_single_word_without_evidence_is_dropped() {
    let found = names(
        "Markets",
        "Analysts expect Zorblat to rise. Shares of Acme Widgets Inc rose.",
    );
    assert!(!has_name(&found, "Zorblat"), "{found:?}");
    assert!(
        has(&found, "Acme Widgets Inc", EntityKind::Org),
        "{found:?}"
    );
    // Mentioned twice, an unknown word is kept.
    let found = names(
        "Markets",
        "Analysts expect Zorblat to rise. Traders watched Zorblat closely.",
    );
    assert!(has_name(&found, "Zorblat"), "{found:?}");
}

#[test]
fn institution_inside_a_title_is_named() {
    let found = names(
        "Talks",
        "Treasury Secretary James Baker met officials of the USDA on Monday.",
    );
    assert!(has(&found, "Treasury", EntityKind::Org), "{found:?}");
    assert!(has(&found, "James Baker", EntityKind::Person), "{found:?}");
    assert!(has(&found, "USDA", EntityKind::Org), "{found:?}");
}

#[test]
fn word_classes_are_looked_up_case_aware() {
    use super::lists::{class, cls};
    assert_ne!(class("May") & cls::NEVER_START, 0);
    assert_eq!(class("may") & cls::NEVER_START, 0);
    assert_ne!(class("Bill") & cls::FIRST_NAME, 0);
    assert_ne!(class("U.S.") & cls::PLACE1, 0);
    assert_ne!(class("de") & cls::PARTICLE, 0);
    assert_ne!(class("Shares") & cls::COMMON, 0);
}

#[test]
fn key_table_finds_short_and_long_keys_and_rejects_others() {
    use super::lists::{HashMap, KeyTable};
    let mut map: HashMap<String, u32> = HashMap::default();
    let long = "international bank for reconstruction and development";
    for (i, k) in [
        "us",
        "japan",
        "new york",
        long,
        "abcdefghijklmnop",
        "abcdefghijklmnopq",
    ]
    .iter()
    .enumerate()
    {
        map.insert(k.to_string(), i as u32);
    }
    let table = KeyTable::new(map);
    assert_eq!(table.get_bytes(b"us"), Some(&0));
    assert_eq!(table.get_bytes(b"new york"), Some(&2));
    assert_eq!(table.get_bytes(long.as_bytes()), Some(&3));
    // Keys of exactly 16 bytes and just over share their inline head.
    assert_eq!(table.get_bytes(b"abcdefghijklmnop"), Some(&4));
    assert_eq!(table.get_bytes(b"abcdefghijklmnopq"), Some(&5));
    assert_eq!(table.get_bytes(b"abcdefghijklmnopr"), None);
    assert_eq!(table.get_bytes(b"u"), None);
    assert_eq!(table.get_bytes(b""), None);
    assert_eq!(table.get_bytes(b"international bank"), None);
    let mut keys: Vec<String> = table.keys().collect();
    keys.sort();
    assert_eq!(keys.len(), 6);
    assert!(keys.contains(&long.to_string()));
}

#[test]
fn word_classes_need_no_allocation_for_long_or_non_ascii_words() {
    use super::lists::{class, cls};
    // Longer than the stack buffer, and non-ASCII: looked up through the allocating path.
    assert_eq!(class("Supercalifragilisticexpialidociousness"), 0);
    assert_eq!(class("Zürich") & cls::NEVER_START, 0);
    // The full stop after a lower-case abbreviation does not end the sentence.
    let found = names("", "Smith vs. Jones Corp was heard.");
    assert!(has_name(&found, "Jones Corp"), "{found:?}");
}

#[test]
fn all_caps_headline_recasing_keeps_body_forms_and_punctuation() {
    // Headline words take the body's case; dotted abbreviations and hyphens survive.
    let found = names(
        "U.S.-JAPAN TALKS ON CHIPS, SAYS BALDRIGE",
        "Commerce Secretary Malcolm Baldrige said talks with Japan would go on.",
    );
    assert!(has(&found, "Japan", EntityKind::Place), "{found:?}");
    assert!(
        has(&found, "Malcolm Baldrige", EntityKind::Person),
        "{found:?}"
    );
    assert!(
        !has_name(&found, "Talks") && !has_name(&found, "Says"),
        "{found:?}"
    );
}

#[test]
fn an_initial_does_not_break_a_name() {
    let found = names(
        "",
        "Former bankers Dennis A.\nLevine and Martin A. Siegel pleaded guilty. Levine said so.",
    );
    assert!(
        has(&found, "Dennis A. Levine", EntityKind::Person),
        "{found:?}"
    );
    assert!(
        has(&found, "Martin A. Siegel", EntityKind::Person),
        "{found:?}"
    );
    assert!(
        !has_name(&found, "Dennis") && !has_name(&found, "Levine"),
        "{found:?}"
    );
}

#[test]
fn ministries_are_named_with_their_subject() {
    let found = names(
        "",
        "A Finance Ministry official said the Ministry of Commerce agreed. The Ministry said \
         no more.",
    );
    assert!(
        has(&found, "Finance Ministry", EntityKind::Org),
        "{found:?}"
    );
    assert!(
        has(&found, "Ministry of Commerce", EntityKind::Org),
        "{found:?}"
    );
    assert!(!has_name(&found, "Ministry"), "{found:?}");
}

#[test]
fn and_between_two_organisations_splits_them() {
    let found = names(
        "",
        "The deal involves EADS and BAE Systems, while the Federal Housing Administration and \
         Veterans Administration backed loans. The Food and Agriculture Organization and \
         Pacific Gas and Electric Co were not involved.",
    );
    assert!(has(&found, "EADS", EntityKind::Org), "{found:?}");
    assert!(has(&found, "BAE Systems", EntityKind::Org), "{found:?}");
    assert!(
        has(&found, "Federal Housing Administration", EntityKind::Org),
        "{found:?}"
    );
    assert!(
        has(&found, "Veterans Administration", EntityKind::Org),
        "{found:?}"
    );
    assert!(
        has(&found, "Food and Agriculture Organization", EntityKind::Org),
        "{found:?}"
    );
    assert!(
        has(&found, "Pacific Gas and Electric Co", EntityKind::Org),
        "{found:?}"
    );
}

#[test]
fn a_legal_form_ends_a_company_name() {
    let found = names(
        "",
        "The managers are Shearson Lehman Brothers Inc\nPaineWebber Inc and others.",
    );
    assert!(
        has(&found, "Shearson Lehman Brothers Inc", EntityKind::Org),
        "{found:?}"
    );
    assert!(has(&found, "PaineWebber Inc", EntityKind::Org), "{found:?}");
}

#[test]
fn capitals_after_a_dotted_abbreviation_are_no_name() {
    let found = names(
        "",
        "Lyng said the U.S. Has been trying to cut output. Exports of U.S. Grain rose.",
    );
    assert!(has(&found, "U.S.", EntityKind::Place), "{found:?}");
    assert!(
        !found
            .iter()
            .any(|(n, _)| n.contains("Has") || n.contains("Grain")),
        "{found:?}"
    );
}

#[test]
fn laws_events_awards_and_facilities_are_no_entities() {
    let found = names(
        "",
        "Rules under the Sarbanes-Oxley Act were eased. Spain won the Davis Cup, and Wall \
         Street rallied. Doris Day sang.",
    );
    for name in ["Sarbanes-Oxley Act", "Davis Cup", "Wall Street"] {
        assert!(!has_name(&found, name), "{name}: {found:?}");
    }
    assert!(has(&found, "Doris Day", EntityKind::Person), "{found:?}");
}

#[test]
fn name_shapes_type_unknown_names() {
    let found = names(
        "",
        "Ships crossed the Aegean Sea to West Berlin, where Deutsche Boerse and Air China \
         and ABN Amro met.",
    );
    assert!(has(&found, "Aegean Sea", EntityKind::Place), "{found:?}");
    assert!(has(&found, "West Berlin", EntityKind::Place), "{found:?}");
    assert!(has(&found, "Deutsche Boerse", EntityKind::Org), "{found:?}");
    assert!(has(&found, "Air China", EntityKind::Org), "{found:?}");
    assert!(has(&found, "ABN Amro", EntityKind::Org), "{found:?}");
}

#[test]
fn party_before_a_person_and_mp_titles() {
    let found = names(
        "",
        "Tory Liam Fox attacked Labour MP Jean Corston, and Bank governor Mervyn King \
         listened.",
    );
    assert!(has(&found, "Liam Fox", EntityKind::Person), "{found:?}");
    assert!(has(&found, "Tory", EntityKind::Org), "{found:?}");
    assert!(has(&found, "Jean Corston", EntityKind::Person), "{found:?}");
    assert!(has(&found, "Labour", EntityKind::Org), "{found:?}");
    assert!(has(&found, "Mervyn King", EntityKind::Person), "{found:?}");
    assert!(!has_name(&found, "Mervyn"), "{found:?}");
}

#[test]
fn titles_of_works_are_no_entities_anywhere_in_the_article() {
    let found = names(
        "",
        "Million Dollar Baby led the field. Eastwood's boxing drama Million Dollar Baby won, \
         ahead of the thriller Hide and Seek. Critics liked Hide and Seek too.",
    );
    assert!(!has_name(&found, "Million Dollar Baby"), "{found:?}");
    assert!(
        !has_name(&found, "Hide") && !has_name(&found, "Seek"),
        "{found:?}"
    );
}

#[test]
fn a_surname_makes_a_guessed_organisation_a_person() {
    let found = names(
        "",
        "Rainer Gut, chairman of Credit Suisse, spoke. The dollar will fall, Gut said.",
    );
    assert!(has(&found, "Rainer Gut", EntityKind::Person), "{found:?}");
    assert!(!has_name(&found, "Gut"), "{found:?}");
}

#[test]
fn a_country_goes_by_its_main_name() {
    let found = names(
        "",
        "The US said the US economy grew, and US firms gained, as America hoped.",
    );
    assert!(has(&found, "US", EntityKind::Place), "{found:?}");
    assert!(!has_name(&found, "America"), "{found:?}");
    let found = names(
        "",
        "U.S. officials said U.S. growth and United States trade rose.",
    );
    assert!(has(&found, "United States", EntityKind::Place), "{found:?}");
}

#[test]
fn possessive_and_comma_inside_company_names() {
    let found = names(
        "",
        "Moody's Investors Service Inc cut its rating, Bear, Stearns and Co said, and \
         Japan's Finance Ministry agreed.",
    );
    assert!(
        has(&found, "Moody's Investors Service Inc", EntityKind::Org),
        "{found:?}"
    );
    assert!(
        has(&found, "Bear, Stearns and Co", EntityKind::Org),
        "{found:?}"
    );
    assert!(
        has(&found, "Finance Ministry", EntityKind::Org),
        "{found:?}"
    );
    assert!(has(&found, "Japan", EntityKind::Place), "{found:?}");
}

#[test]
fn broadcasters_channels_keep_their_numbers() {
    let found = names(
        "",
        "He told BBC Radio 4's Today programme, and Channel 4 said so too.",
    );
    assert!(has(&found, "BBC Radio 4", EntityKind::Org), "{found:?}");
    assert!(has(&found, "Channel 4", EntityKind::Org), "{found:?}");
}

#[test]
fn keys_built_on_the_stack_match_string_keys() {
    use super::lists::{self, key, Key};
    let words = [
        "us",
        "U.S.",
        "New-York",
        "ABCDEFGH",
        "abcdefghIJKLMNOP",
        "abcdefghijklmnopq",
        "McGraw-Hill.Book",
        "O'Neil",
        "a",
        "Z",
    ];
    for w in words {
        let mut k = Key::new();
        assert!(k.push_word(w), "{w}");
        assert_eq!(k.hash(), lists::hash_bytes(key(w).as_bytes()), "{w}");
    }
    // Several words joined by spaces hash as the joined name.
    let mut k = Key::new();
    assert!(k.push_word("Bank") && k.push_space() && k.push_word("of"));
    assert!(k.push_space() && k.push_word("England"));
    assert_eq!(k.hash(), lists::hash_bytes(b"bank of england"));
    // Non-ASCII and over-long words are left to the string key.
    assert!(!Key::new().push_word("Zürich"));
    assert!(!Key::new().push_word(&"x".repeat(65)));
}

#[test]
fn long_gazetteer_names_are_found_beyond_the_inline_key_head() {
    let found = names(
        "",
        "The European Bank for Reconstruction and Development lent money.",
    );
    assert!(
        has(
            &found,
            "European Bank for Reconstruction and Development",
            EntityKind::Org
        ),
        "{found:?}"
    );
}

#[test]
fn names_with_a_closing_possessive_are_found() {
    // §1 ORG: rating agencies and companies whose names end in a possessive, which the
    // tokenizer strips ("rated by Moody's"); one entity with the full name (§3, §4).
    let found = names(
        "",
        "The issue is rated A-2 by Moody's and A by Standard and Poor's. Shares of \
         McDonald's rose.",
    );
    assert!(has(&found, "Moody", EntityKind::Org), "{found:?}");
    assert!(
        has(&found, "Standard and Poor", EntityKind::Org),
        "{found:?}"
    );
    assert!(has(&found, "McDonald", EntityKind::Org), "{found:?}");
    let found = names(
        "",
        "Moody's Investors Service Inc said it may cut the debt. Moody's said the order \
         raises doubts.",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        has(&found, "Moody's Investors Service Inc", EntityKind::Org),
        "{found:?}"
    );
    // A listed name that is also a person's surname stays the person's (§4).
    let found = names(
        "",
        "Lewis Moody played well. Moody said he was pleased. Moody scored twice.",
    );
    assert!(has(&found, "Lewis Moody", EntityKind::Person), "{found:?}");
}

#[test]
fn credit_ratings_are_codes_not_organisations() {
    // §1: codes are not annotated; "AA-minus" is a rating, not an organisation.
    let found = names(
        "",
        "The debt is rated AA-minus and the notes BBB by the agency.",
    );
    assert!(!has_name(&found, "AA"), "{found:?}");
    assert!(!has_name(&found, "BBB"), "{found:?}");
}

#[test]
fn a_president_named_by_his_administration_is_a_person() {
    // §1 PERSON: "the Reagan administration" names Reagan.
    let found = names(
        "",
        "However, the Reagan administration is considering new tariffs.",
    );
    assert!(has(&found, "Reagan", EntityKind::Person), "{found:?}");
}

#[test]
fn a_company_short_form_merges_into_its_name_with_legal_form() {
    // §3 and §4: "Drexel" after "Drexel Burnham Lambert Inc", "Piedmont" after "Piedmont
    // Aviation Inc" are the same company, under its fullest name.
    let found = names(
        "",
        "USAir Group Inc agreed to buy Piedmont Aviation Inc. Piedmont shares rose.",
    );
    assert!(
        has(&found, "Piedmont Aviation Inc", EntityKind::Org),
        "{found:?}"
    );
    assert!(!has_name(&found, "Piedmont"), "{found:?}");
    // A listed company with its legal form is the listed entity.
    let found = names(
        "",
        "The suit names Drexel Burnham Lambert Inc. Bankers at Drexel were named too.",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        has(&found, "Drexel Burnham Lambert Inc", EntityKind::Org),
        "{found:?}"
    );
    // An acronym before a subsidiary's name is the parent (§4: different referents).
    let found = names(
        "",
        "BHP said it would float BHP Gold Mines Ltd. BHP will keep 56 pct.",
    );
    assert!(has(&found, "BHP", EntityKind::Org), "{found:?}");
    assert!(
        has(&found, "BHP Gold Mines Ltd", EntityKind::Org),
        "{found:?}"
    );
}

#[test]
fn partnerships_with_and_co_are_one_company() {
    // §2: a person's name used for a company is ORG; "and Co" ends the name even when the
    // next line starts another name, and a listed partner keeps its comma form.
    let found = names(
        "",
        "The notes are offered through Goldman, Sachs and Co.\n    PacifiCorp said it \
         would sell shares.",
    );
    assert!(
        has(&found, "Goldman, Sachs and Co", EntityKind::Org),
        "{found:?}"
    );
    let found = names(
        "",
        "The suit names his partnership Ivan F. Boesky and Co LP. Ivan F. Boesky pleaded \
         guilty.",
    );
    assert!(
        has(&found, "Ivan F. Boesky and Co LP", EntityKind::Org),
        "{found:?}"
    );
    assert!(
        has(&found, "Ivan F. Boesky", EntityKind::Person),
        "{found:?}"
    );
    let found = names(
        "",
        "Trading starts Wednesday, the Coffee, Sugar and Cocoa Exchange said.",
    );
    assert!(
        has(&found, "Coffee, Sugar and Cocoa Exchange", EntityKind::Org),
        "{found:?}"
    );
    // A list of companies stays a list.
    let found = names("", "Texaco, Mobil and Exxon Corp said so.");
    assert!(has(&found, "Texaco", EntityKind::Org), "{found:?}");
    assert!(has(&found, "Exxon Corp", EntityKind::Org), "{found:?}");
}

#[test]
fn company_names_in_angle_brackets_are_read_and_tickers_skipped() {
    // §1: tickers (<GE>, <CM.TO>) are codes; Reuters also brackets company names.
    let found = names(
        "",
        "The group said.\n    <Sharp Corp> recently obtained tax incentives, and \
         bought a stake in General Electric Co <GE>.",
    );
    assert!(has(&found, "Sharp Corp", EntityKind::Org), "{found:?}");
    assert!(!has_name(&found, "GE"), "{found:?}");
}

#[test]
fn bound_prefixes_keep_hyphenated_names_whole() {
    // §2: a place in a hyphenated compound counts ("US-Japan"), but "Inter-American" is one
    // word of an organisation's name; its acronym takes the hyphenated parts' initials (§4).
    let found = names(
        "",
        "The Inter-American Development Bank (IADB) lent more. US-Japan trade grew.",
    );
    assert!(
        has(&found, "Inter-American Development Bank", EntityKind::Org),
        "{found:?}"
    );
    assert!(!has_name(&found, "IADB"), "{found:?}");
    assert!(!has_name(&found, "Development Bank"), "{found:?}");
    assert!(has(&found, "Japan", EntityKind::Place), "{found:?}");
}

#[test]
fn indented_paragraph_starts_a_sentence() {
    // §1: capitalised common words are no names; wire tables indent each line.
    let found = names("", "Shr five cts vs 20 cts\n    Sales 15.3 mln vs 17.1 mln");
    assert!(!has_name(&found, "Sales"), "{found:?}");
}

#[test]
fn generic_word_and_legal_form_is_no_company() {
    // §1: what is left of a recased headline ("BUEHLER INTERNATIONAL INC") is no name.
    let found = names(
        "BUEHLER INTERNATIONAL INC 4TH QTR NET",
        "Shr five cts vs 20 cts",
    );
    assert!(!has_name(&found, "International Inc"), "{found:?}");
}

#[test]
fn events_programmes_and_grounds_are_no_entities() {
    // §1: events, awards, programmes and facilities are not annotated; a first name before
    // "Park" makes a person.
    let found = names(
        "",
        "They won the Grand Slam at Villa Park before the Golden Globes. John Park played.",
    );
    assert!(!has_name(&found, "Grand Slam"), "{found:?}");
    assert!(!has_name(&found, "Villa Park"), "{found:?}");
    assert!(!has_name(&found, "Golden Globes"), "{found:?}");
    assert!(has(&found, "John Park", EntityKind::Person), "{found:?}");
}

#[test]
fn states_regions_and_towns_before_them_are_places() {
    // §1 PLACE: states and provinces (also as news style abbreviates them) and a town named
    // before its state.
    let found = names(
        "",
        "Dart Container Corp, a Sarasota, Fla., maker, bought a mine near Gympie, \
         Queensland. Aid reached Aceh.",
    );
    assert!(has(&found, "Sarasota", EntityKind::Place), "{found:?}");
    assert!(has(&found, "Fla", EntityKind::Place), "{found:?}");
    assert!(has(&found, "Gympie", EntityKind::Place), "{found:?}");
    assert!(has(&found, "Queensland", EntityKind::Place), "{found:?}");
    assert!(has(&found, "Aceh", EntityKind::Place), "{found:?}");
    // Not inside a list of titles.
    let found = names(
        "",
        "Films such as The Edge of Reason, Wimbledon and Thunderbirds did well.",
    );
    assert!(!has(&found, "Reason", EntityKind::Place), "{found:?}");
}

#[test]
fn all_caps_headline_keeps_capitals_the_body_gives_inside_a_name() {
    // §3: headline names are written as the body writes them, even when the body also uses
    // one of the words in lower case ("new laws").
    let found = names(
        "UNIONS LAUNCH NEW SOUTH WALES STRIKES",
        "Unions launched strikes in New South Wales to protest against new laws.",
    );
    assert!(
        has(&found, "New South Wales", EntityKind::Place),
        "{found:?}"
    );
    assert!(!has_name(&found, "South Wales"), "{found:?}");
}

#[test]
fn universities_known_by_a_founders_name_are_organisations() {
    let found = names(
        "Grail novel tops charts",
        "Its hero is a Harvard professor. Every rural school should have the libraries of \
         students in Oxford and at Yale, said Mr Herr, who studied at Oxford University.",
    );
    assert!(has(&found, "Harvard", EntityKind::Org), "{found:?}");
    assert!(has(&found, "Yale", EntityKind::Org), "{found:?}");
    assert!(
        has(&found, "Oxford University", EntityKind::Org),
        "{found:?}"
    );
    // The town is still a place.
    assert!(has(&found, "Oxford", EntityKind::Place), "{found:?}");
}

#[test]
fn a_title_and_a_first_name_make_a_person_of_an_organisation_word() {
    let found = names(
        "",
        "Senator Jim Banks said on Monday that the budget would pass.",
    );
    assert!(has(&found, "Jim Banks", EntityKind::Person), "{found:?}");
    let found = names("", "She studied at Queen Elizabeth College in London.");
    assert!(
        has(&found, "Queen Elizabeth College", EntityKind::Org),
        "{found:?}"
    );
}

#[test]
fn numbered_sections_charts_and_units_are_no_entities() {
    let found = names(
        "",
        "US Airways filed for Chapter 11 protection under Section 404. The song entered the \
         Top 40 and the Hot 100. The plant adds 1,870 MW of capacity for Class B holders.",
    );
    for word in ["Chapter", "Section", "Top", "Hot", "MW", "Class"] {
        assert!(!has_name(&found, word), "{word}: {found:?}");
    }
    assert!(has(&found, "US Airways", EntityKind::Org), "{found:?}");
}

#[test]
fn currencies_and_accords_named_after_landmarks_are_no_entities() {
    let found = names(
        "",
        "Finance ministers reaffirmed the Louvre accord and the Plaza agreement. Traders \
         received rebates of 43.147 European Currency Units (Ecus) per 100 kilos.",
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn genres_media_and_line_up_labels_are_no_organisations() {
    let found = names(
        "",
        "The film sold well on US DVD and topped the R&B charts.\n\n\
         Fulham: Van der Sar, Volz, Knight. Subs Not Used: Crossley, Pembridge, Rehman.",
    );
    for name in ["US DVD", "R&B", "Subs", "Used", "Subs Not Used"] {
        assert!(!has_name(&found, name), "{name}: {found:?}");
    }
    assert!(has(&found, "US", EntityKind::Place), "{found:?}");
}

#[test]
fn a_name_after_a_legal_form_and_and_starts_after_the_and() {
    let found = names(
        "",
        "The offering is through underwriters R.C. Stamm and Co and Shearson Lehman Brothers \
         Inc. Goldman, Sachs and Co and Salomon Brothers Inc co-managed the issue.",
    );
    for name in ["Shearson Lehman Brothers Inc", "Salomon Brothers Inc"] {
        assert!(has(&found, name, EntityKind::Org), "{name}: {found:?}");
    }
    assert!(
        !found.iter().any(|(name, _)| name.starts_with("and ")),
        "{found:?}"
    );
}

#[test]
fn names_do_not_start_with_of_and_or_for() {
    let cases = [
        (
            "Trade and Industry Department officials said so.",
            "Trade and Industry Department",
        ),
        (
            "Board of Foreign Trade director Vincent Lee spoke.",
            "Board of Foreign Trade",
        ),
        ("Van der Sar saved twice.", "Van der Sar"),
    ];
    for (body, name) in cases {
        let found = names("", body);
        assert!(has_name(&found, name), "{name}: {found:?}");
        assert!(
            !found.iter().any(|(n, _)| n.starts_with(char::is_lowercase)),
            "{found:?}"
        );
    }
    let found = names(
        "",
        "said Bill Lesher, Assistant Secretary for Economics, on Monday.",
    );
    assert!(!has_name(&found, "for Economics"), "{found:?}");
    assert!(has(&found, "Bill Lesher", EntityKind::Person), "{found:?}");
}

#[test]
fn the_exchequer_is_named_apart_from_its_chancellor() {
    let found = names(
        "",
        "Chancellor of the Exchequer Nigel Lawson said sterling was stable. Lawson spoke in \
         London, where the London Interbank Offered Rate rose and West Texas Intermediate fell.",
    );
    assert!(has(&found, "Nigel Lawson", EntityKind::Person), "{found:?}");
    assert!(has(&found, "Exchequer", EntityKind::Org), "{found:?}");
    for name in [
        "Exchequer Nigel Lawson",
        "London Interbank Offered Rate",
        "West Texas Intermediate",
    ] {
        assert!(!has_name(&found, name), "{name}: {found:?}");
    }
    // All capitals: the person after the listed name is still found.
    let found = names(
        "",
        "THE CHANCELLOR OF THE EXCHEQUER REGINALD MAUDLING SAID THE POUND WAS SOUND.",
    );
    assert!(
        has(&found, "Reginald Maudling", EntityKind::Person),
        "{found:?}"
    );
}

#[test]
fn an_administration_named_after_its_leader_names_the_leader() {
    let found = names(
        "",
        "The Reagan Administration said on Monday it would act. The Maritime Administration \
         will pay for the ships.",
    );
    assert!(has(&found, "Reagan", EntityKind::Person), "{found:?}");
    assert!(!has_name(&found, "Reagan Administration"), "{found:?}");
    assert!(
        has(&found, "Maritime Administration", EntityKind::Org),
        "{found:?}"
    );
}

#[test]
fn a_first_name_alone_is_the_person_named_in_full() {
    let found = names(
        "Boateng to step down",
        "Paul Boateng is to stand down at the election. Tony Blair said: \"Paul has been a \
         valued colleague.\" Critics spoke of Tony's cronies.",
    );
    assert!(has(&found, "Paul Boateng", EntityKind::Person), "{found:?}");
    assert!(has(&found, "Tony Blair", EntityKind::Person), "{found:?}");
    assert!(!has_name(&found, "Paul"), "{found:?}");
    assert!(!has_name(&found, "Tony"), "{found:?}");
}

#[test]
fn line_ups_name_players_by_surname() {
    let found = names(
        "Wasps 31-37 Leicester",
        "Leicester withstood a stunning Wasps comeback.\n\n\
         Van Gisbergen; Lewsey, Erinle, Abbott, Voyce; King, Dawson; Dallaglio (capt).\n\n\
         Replacements: Gotting, McKenzie, Lock, Hart.\n\n\
         Simmons (MacFarlane 64), Berra, Burchill (Wyness 82).\n\n\
         R McBryde (Scarlets), J Yapp (Blues).",
    );
    for player in [
        "Van Gisbergen",
        "Lewsey",
        "King",
        "Dallaglio",
        "Lock",
        "Hart",
        "MacFarlane",
        "Wyness",
        "R McBryde",
    ] {
        assert!(
            has(&found, player, EntityKind::Person),
            "{player}: {found:?}"
        );
    }
    // A club in brackets is no player, nor a label.
    for not_player in ["Scarlets", "Blues", "Replacements", "capt"] {
        assert!(
            !has(&found, not_player, EntityKind::Person),
            "{not_player}: {found:?}"
        );
    }
}

#[test]
fn lists_of_clubs_venues_and_prose_are_no_line_ups() {
    let found = names(
        "Draw made",
        "The draw was made on Friday.\n\n\
         Barcelona, Bayern Munich, PSV Eindhoven, Real Madrid, Werder Bremen.\n\n\
         Stade de France, Paris\n\n\
         Smith, who scored twice, was pleased.",
    );
    for club in ["PSV Eindhoven", "Real Madrid"] {
        assert!(has(&found, club, EntityKind::Org), "{club}: {found:?}");
    }
    assert!(!has_name(&found, "Smith"), "{found:?}");
}

#[test]
fn a_listed_name_keeps_its_last_word_before_a_title() {
    let found = names(
        "Tories attack",
        "The Conservative Party Co-Chairman said voters had a choice. The Tories will fight on.",
    );
    assert!(
        has(&found, "Conservative Party", EntityKind::Org),
        "{found:?}"
    );
    assert!(!has_name(&found, "Tories"), "{found:?}");
    assert!(!has_name(&found, "Conservative"), "{found:?}");
}

#[test]
fn in_a_sports_report_a_clubs_town_names_the_club() {
    let found = names(
        "Chelsea 1-0 West Ham",
        "Trouble marred the Carling Cup tie between Chelsea and West Ham. The Hammers fans \
         fought police after the Premiership side lost. The final is in Cardiff.",
    );
    assert!(has(&found, "Chelsea", EntityKind::Org), "{found:?}");
    assert!(has(&found, "West Ham", EntityKind::Org), "{found:?}");
    assert!(!has_name(&found, "Hammers"), "{found:?}");
    assert!(has(&found, "Cardiff", EntityKind::Place), "{found:?}");
    // Elsewhere the town is the place.
    let found = names(
        "Port traffic rises",
        "Cargo handled at Liverpool rose 4 pct, the port authority said.",
    );
    assert!(has(&found, "Liverpool", EntityKind::Place), "{found:?}");
}

#[test]
fn technologies_and_formats_are_no_organisations() {
    let found = names(
        "Gadgets on show",
        "Sony showed the PSP at CES in Las Vegas, with GPRS phones, USB keys and VHS players \
         that Nokia and IBM also make.",
    );
    for acronym in ["PSP", "CES", "GPRS", "USB", "VHS"] {
        assert!(!has_name(&found, acronym), "{acronym}: {found:?}");
    }
    assert!(has(&found, "IBM", EntityKind::Org), "{found:?}");
}

#[test]
fn short_forms_merge_across_a_partnerships_commas_and_into_given_names() {
    let found = names(
        "Sears sees gains",
        "Sears, Roebuck and Co said sales rose. Sears said margins held, according to \
         Goldman, Sachs and Co. An analyst at Goldman Sachs agreed. Deputy Interior Minister \
         Santi Chaiviratana said the drought would last. Santi told reporters aid was coming.",
    );
    assert!(
        has(&found, "Sears, Roebuck and Co", EntityKind::Org),
        "{found:?}"
    );
    assert!(
        has(&found, "Goldman, Sachs and Co", EntityKind::Org),
        "{found:?}"
    );
    assert!(
        has(&found, "Santi Chaiviratana", EntityKind::Person),
        "{found:?}"
    );
    for short in ["Sears", "Goldman Sachs", "Santi"] {
        assert!(!has_name(&found, short), "{short}: {found:?}");
    }
}

#[test]
fn weather_and_group_adjectives_are_no_names() {
    let found = names(
        "Cocoa crop fears",
        "Dealers said El Nino could cut the crop. Critics called the remarks anti-Semitic and \
         Malagasy farmers protested in Madagascar.",
    );
    for word in ["El Nino", "Semitic", "Malagasy"] {
        assert!(!has_name(&found, word), "{word}: {found:?}");
    }
    assert!(has(&found, "Madagascar", EntityKind::Place), "{found:?}");
}

#[test]
fn a_broadcasters_programme_is_no_name_but_its_presenter_is() {
    let found = names(
        "Ratings battle",
        "The show was beaten by the BBC's Strictly Come Dancing, the BBC's Nick Robinson said \
         on the BBC's Newsnight.",
    );
    assert!(!has_name(&found, "Strictly Come Dancing"), "{found:?}");
    assert!(!has_name(&found, "Newsnight"), "{found:?}");
    assert!(
        has(&found, "Nick Robinson", EntityKind::Person),
        "{found:?}"
    );
    assert!(has(&found, "BBC", EntityKind::Org), "{found:?}");
}

#[test]
fn a_code_after_a_listed_name_ends_the_name() {
    let found = names(
        "Handheld war",
        "The show was a hit on US TV. The Nintendo DS outsold the Sony PSP, said America Inc, \
         which owns British Petroleum Co Plc.",
    );
    for name in ["US TV", "Nintendo DS", "Sony PSP"] {
        assert!(!has_name(&found, name), "{name}: {found:?}");
    }
    assert!(has(&found, "Nintendo", EntityKind::Org), "{found:?}");
    assert!(has(&found, "Sony", EntityKind::Org), "{found:?}");
    // Legal forms are no codes.
    assert!(has_name(&found, "British Petroleum Co Plc"), "{found:?}");
}

#[test]
fn awards_are_no_names_but_newspapers_of_the_same_word_are() {
    let found = names(
        "Awards season",
        "She won a Golden Globe and a TV Bafta, the Boston Globe reported.",
    );
    for award in ["Golden Globe", "TV Bafta"] {
        assert!(!has_name(&found, award), "{award}: {found:?}");
    }
    assert!(has(&found, "Boston Globe", EntityKind::Org), "{found:?}");
}

/// Each extraction on a thread reuses the vectors of the one before: nothing of an article may
/// be left in them for the next.
#[test]
fn an_article_is_read_alike_after_any_other() {
    let long = (
        "BANK OF JAPAN RAISES RATES",
        "The Bank of Japan raised rates on Tuesday, Governor Satoshi Sumita said in Tokyo. \
         Sumita told the Diet the Finance Ministry agreed, as did Nomura Securities Co Ltd, \
         Mitsubishi Corp and the International Monetary Fund (IMF).",
    );
    let short = ("Talks", "Sergei Lavrov met Rex Tillerson in Moscow.");
    let first = names(short.0, short.1);
    let other = names(long.0, long.1);
    assert!(other.len() > first.len(), "{other:?}");
    assert_eq!(names(short.0, short.1), first);
    assert_eq!(names(long.0, long.1), other);
    // And on a thread of its own, with buffers of its own.
    let fresh = std::thread::spawn(move || names(long.0, long.1))
        .join()
        .expect("no panic");
    assert_eq!(fresh, other);
}
