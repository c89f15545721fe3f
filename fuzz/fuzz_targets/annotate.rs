//! Any text through annotation; every offset must be a char boundary.
#![no_main]
use armswatch_annotate::{annotate, Gazetteer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(g) = Gazetteer::builtin() else { return };
    let text = String::from_utf8_lossy(data).into_owned();
    let doc = armswatch_ingest::text_document("fuzz", text);
    let a = annotate(g, &doc);
    for m in &a.mentions {
        assert!(doc.text.is_char_boundary(m.start) && doc.text.is_char_boundary(m.end));
    }
    for c in &a.countries {
        assert!(doc.text.is_char_boundary(c.start) && doc.text.is_char_boundary(c.end));
    }
});
