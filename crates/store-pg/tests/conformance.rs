//! The Store behaviours against a real PostgreSQL server.
//!
//! Each test works in a schema of its own (random name, dropped at the
//! end), reached through the URL's `search_path` option. The server is
//! `ARMSWATCH_TEST_PG` (default `postgres://postgres@127.0.0.1:5432/test`);
//! when it cannot be reached the tests say so and pass, unless
//! `ARMSWATCH_REQUIRE_PG=1` (CI), where they fail.

mod pg;

use armswatch_store::Store;
use armswatch_store_conformance::{store_tests, Backend};
use armswatch_store_pg::PgStore;
use pg::TestSchema;

impl Backend for TestSchema {
    fn open(&self) -> Box<dyn Store> {
        Box::new(PgStore::open(&self.url).unwrap())
    }

    fn dump(&self) -> Vec<String> {
        self.dump()
    }

    fn refuse_document(&self, id: &str) {
        self.refuse_document(id);
    }
}

store_tests!(TestSchema::new());
