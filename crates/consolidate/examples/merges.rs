//! Prints why names were joined: `armswatch export --raw | cargo run
//! --example merges -p armswatch-consolidate [NAME]` lists every join of
//! the entity whose name contains NAME (every join without NAME).

use armswatch_register::Record;
use std::io::BufRead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let filter = std::env::args().nth(1);
    let mut records = Vec::new();
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        if let Ok(r) = serde_json::from_str::<Record>(&line) {
            records.push(r);
        }
    }
    let g = armswatch_annotate::Gazetteer::builtin()?;
    let res = armswatch_consolidate::resolve(g, &records);
    for m in &res.merges {
        let show = filter
            .as_deref()
            .is_none_or(|f| m.a.1.contains(f) || m.b.1.contains(f));
        if show {
            println!("{}\t{:?}\t{}\t{:?}\t{}", m.why, m.a.1, m.a.0, m.b.1, m.b.0);
        }
    }
    Ok(())
}
