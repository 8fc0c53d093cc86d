//! Every command shown in `docs/*.md` and `README.md` (```console blocks) runs here and
//! must print exactly what the page shows, so the docs cannot drift.

#[test]
fn docs_examples_run() {
    trycmd::TestCases::new().case("docs/*.md").case("README.md");
}
