//! Any text through extraction (without the panic guard, so a defect is a
//! crash here); evidence must be the exact text it points at.
#![no_main]
use armswatch_extract::Extractor;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static EXTRACTOR: OnceLock<Option<Extractor>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some(x) = EXTRACTOR.get_or_init(|| Extractor::builtin().ok()) else {
        return;
    };
    let text = String::from_utf8_lossy(data).into_owned();
    let mut doc = armswatch_ingest::text_document("fuzz", text);
    doc.published = armswatch_register::Date::parse("2012-06-10").ok();
    for r in x.extract(&doc) {
        for e in &r.evidence {
            assert_eq!(doc.text.get(e.start..e.end), Some(e.text.as_str()));
        }
    }
});
