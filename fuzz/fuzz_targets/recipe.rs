//! Fuzz the table-building recipe parser (`build::recipe::Recipe::parse`), with and
//! without `key=value` overrides. Any text must give `Ok` or an `Err`, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mrio::build::recipe::Recipe;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = Recipe::parse(Path::new("fuzz/recipe.toml"), text);
});
