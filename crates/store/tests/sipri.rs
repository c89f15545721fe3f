//! SIPRI reference tables (migration 0002) in a real SQLite file.

use armswatch_store::SqliteStore;
use tempfile::TempDir;

#[test]
fn sipri_rows_round_trip_and_replace_the_previous_import() {
    use armswatch_consolidate::sipri::{parse, Countries};
    use armswatch_consolidate::testgaz::gazetteer;
    let g = gazetteer();
    let countries = Countries::new(&g);
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/consolidation/sipri-fixture.csv"
    ))
    .unwrap();
    let file = parse(&g, &countries, &bytes, "sipri-fixture.csv").unwrap();
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("reg.db");
    let mut store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.sipri_import().unwrap(), None);
    assert_eq!(store.import_sipri("first.csv", &file).unwrap(), 5);
    assert_eq!(store.import_sipri("sipri-fixture.csv", &file).unwrap(), 5);
    drop(store);
    let store = SqliteStore::open(&path).unwrap();
    let info = store.sipri_import().unwrap().unwrap();
    assert_eq!(info.origin, "sipri-fixture.csv");
    assert_eq!(info.data_year, Some(2024));
    assert_eq!(store.sipri_rows().unwrap(), file.rows);
}
