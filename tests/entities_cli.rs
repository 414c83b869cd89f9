//! Entity search from the command line: typed filters, facets and `extract`.

mod util;

use util::TestEnv;

fn env_with_articles() -> TestEnv {
    let env = TestEnv::new();
    env.write(
        "a/talks.txt",
        "Lavrov meets Tillerson\n\nPosted: April 12, 2017\n\nRussian Foreign Minister Sergei Lavrov \
         met Secretary of State Rex Tillerson in Moscow. Lavrov said the talks were frank.\n",
    );
    env.write(
        "a/missiles.txt",
        "Missile launch\n\nPosted: March 6, 2017\n\nNorth Korea fired four missiles into the sea, \
         officials in Seoul and Tokyo said. The United Nations Security Council will meet.\n",
    );
    env.write(
        "a/ports.txt",
        "Harbour traffic rises\n\nPosted: June 1, 2017\n\nShips crowded the port of Rotterdam as \
         traders in Moscow and Seoul watched freight rates climb.\n",
    );
    env.index(&["a"]);
    env
}

fn titles(results: &serde_json::Value) -> Vec<String> {
    let mut titles: Vec<String> = results["hits"]
        .as_array()
        .map(|hits| {
            hits.iter()
                .filter_map(|h| h["title"].as_str())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    titles.sort();
    titles
}

#[test]
fn typed_filters_match_part_of_a_name_and_only_that_type() {
    let env = env_with_articles();
    let lavrov = env.search(&["--person", "lavrov"]);
    assert_eq!(titles(&lavrov), vec!["Lavrov meets Tillerson"]);
    // Moscow is a place, not a person or an organisation.
    let moscow = env.search(&["--place", "Moscow"]);
    assert_eq!(
        titles(&moscow),
        vec!["Harbour traffic rises", "Lavrov meets Tillerson"]
    );
    assert_eq!(env.search(&["--person", "Moscow"])["total_hits"], 0);
    // Filters combine with each other and with the query.
    let both = env.search(&["--place", "Seoul", "--place", "Moscow"]);
    assert_eq!(titles(&both), vec!["Harbour traffic rises"]);
    let org = env.search(&["missiles", "--org", "security council"]);
    assert_eq!(titles(&org), vec!["Missile launch"]);
}

#[test]
fn typed_filters_take_whole_words_in_order_and_any_case() {
    let env = env_with_articles();
    // Whole words: a stem or a prefix of a name is not the name.
    assert_eq!(env.search(&["--person", "lavr"])["total_hits"], 0);
    assert_eq!(env.search(&["--person", "Tillersons"])["total_hits"], 0);
    // In order, and the type belongs to the name that holds the words.
    assert_eq!(env.search(&["--place", "korea north"])["total_hits"], 0);
    assert_eq!(env.search(&["--org", "korea"])["total_hits"], 0);
    let any_case = env.search(&["--org", "UNITED NATIONS security"]);
    assert_eq!(titles(&any_case), vec!["Missile launch"]);
    // Words with no letters in them still filter, by the whole tag.
    assert_eq!(env.search(&["--person=&"])["total_hits"], 0);
}

#[test]
fn facets_count_entities_of_all_matches_not_just_the_page() {
    let env = env_with_articles();
    let results = env.search(&["said", "-n", "1", "--facets"]);
    assert_eq!(results["total_hits"], 2);
    assert_eq!(results["hits"].as_array().map(Vec::len), Some(1));
    let places = results["facets"]["PLACE"].as_array().expect("place facets");
    let count_of = |name: &str| {
        places
            .iter()
            .find(|p| p["name"] == name)
            .and_then(|p| p["count"].as_u64())
    };
    // Both matches mention Moscow or Seoul once each; the page shows only one of them.
    assert_eq!(count_of("Moscow"), Some(1));
    assert_eq!(count_of("Seoul"), Some(1));
    assert_eq!(
        count_of("Rotterdam"),
        None,
        "Rotterdam is in an article that does not match"
    );
    let people = results["facets"]["PERSON"]
        .as_array()
        .expect("person facets");
    assert!(
        people.iter().any(|p| p["name"] == "Sergei Lavrov"),
        "{people:?}"
    );

    let text = env.run(&["search", "--color", "never", "--facets", "said"]);
    assert!(util::text(&text.stdout).contains("Top entities among all matches"));
}

#[test]
fn extract_shows_entities_with_their_types() {
    let env = env_with_articles();
    let article = env.extract_one("a/talks.txt");
    let entities = article["entities"].as_array().expect("entities");
    assert!(entities
        .iter()
        .any(|e| e["name"] == "Sergei Lavrov" && e["type"] == "PERSON"));
    assert!(entities
        .iter()
        .any(|e| e["name"] == "Moscow" && e["type"] == "PLACE"));
    assert!(
        !entities.iter().any(|e| e["name"] == "Lavrov"),
        "short form merged: {entities:?}"
    );
}

#[test]
fn hits_list_the_entities_extract_shows_in_its_order() {
    let env = env_with_articles();
    let results = env.search(&["--entity", "Moscow", "--sort", "newest"]);
    let hits = results["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 2);
    for hit in hits {
        let path = hit["path"].as_str().expect("path");
        let extracted = env.extract_one(path);
        let entities = hit["entities"].as_array().expect("entities");
        assert!(entities.len() >= 3, "{entities:?}");
        // Most mentioned first, not in the alphabetical order of the tags' column.
        assert_eq!(hit["entities"], extracted["entities"], "{path}");
    }
}
