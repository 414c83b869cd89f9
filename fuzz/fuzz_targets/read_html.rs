//! Fuzzes the Html reader (`article::read_bytes_as` with `Format::Html`) and runs the entity
//! extractor on every article it yields.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use newsearch::article::{read_bytes_as, Format, Parsed};

fuzz_target!(|data: &[u8]| {
    read_bytes_as(Path::new("f.html"), Format::Html, data, &|parsed: Parsed| {
        if let Ok(article) = parsed {
            let _ = newsearch::entities::extract(&article.title, &article.body);
        }
    });
});
