//! Any bytes as a JSON Lines corpus: every line an article or an error.
#![no_main]
use armswatch_ingest::{read_corpus, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = Options {
        max_article_bytes: 4096,
        ..Options::default()
    };
    for item in read_corpus(data, "fuzz.jsonl", &opts) {
        let _ = item;
    }
});
