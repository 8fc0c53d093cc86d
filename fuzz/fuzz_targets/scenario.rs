//! Fuzz the scenario parser (`analysis::scenario::parse_scenarios`) against the
//! two-city toy table of the tests (tests/data/toy_two_city), then run every scenario
//! set it accepts. Any text must give `Ok` or an `Err`, never a panic; accepted
//! scenarios must run or be refused, and every impact they give must be finite.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mrio::analysis::scenario::{parse_scenarios, run};
use mrio::IoTable;
use std::path::Path;
use std::sync::OnceLock;

fn table() -> &'static IoTable {
    static TABLE: OnceLock<IoTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/toy_two_city");
        mrio::table::read_table(&dir).expect("the toy table loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(set) = parse_scenarios(Path::new("fuzz/scenario.toml"), text, table()) else {
        return;
    };
    if let Ok(impacts) = run(table(), set, Default::default()) {
        for effects in &impacts.output {
            assert!(
                effects.total().iter().all(|v| v.is_finite()),
                "non-finite impact"
            );
        }
    }
});
