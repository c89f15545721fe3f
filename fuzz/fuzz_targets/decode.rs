//! Any bytes as a file of each kind: an article or a typed error, no panic.
#![no_main]
use armswatch_ingest::{article_bytes, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for name in ["a.txt", "a.html", "a.page"] {
        let _ = article_bytes(data, name, name, &Options::default());
    }
});
