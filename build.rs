//! Embeds the example articles (`examples/articles/`) into the binary so
//! that `armswatch demo` works from any directory.

use std::env;
use std::fs;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/articles");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut entries: Vec<_> = fs::read_dir(&dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    let mut code = String::from("/// (file name, contents) of each bundled example.\npub const EXAMPLES: &[(&str, &str)] = &[\n");
    for p in entries {
        if !p.is_file() {
            continue;
        }
        println!("cargo:rerun-if-changed={}", p.display());
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            p.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("examples.rs");
    fs::write(out, code).expect("write examples.rs");
}
