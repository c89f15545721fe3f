//! Copies the committed model (`data/parser/model.bin`) into OUT_DIR for
//! `include_bytes!`; writes an empty file when there is none yet (the
//! first training run), which `Model::try_builtin` reports as an error.

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let model = manifest.join("../../data/parser/model.bin");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("model.bin");
    println!("cargo:rerun-if-changed={}", model.display());
    let bytes = std::fs::read(&model).unwrap_or_default();
    if let Err(e) = std::fs::write(&out, bytes) {
        panic!("cannot write {}: {e}", out.display());
    }
}
