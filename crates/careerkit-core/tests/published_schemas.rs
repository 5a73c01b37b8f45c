//! The published JSON Schemas in `schemas/` match the types. After changing a type, regenerate
//! them with `CAREERKIT_BLESS=1 cargo test -p careerkit-core --test published_schemas`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use careerkit_core::analysis::GapAnalysis;
use careerkit_core::profile::Profile;

fn check(name: &str, schema: serde_json::Value) {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../schemas")).join(name);
    let generated = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    if std::env::var_os("CAREERKIT_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == generated,
        "{} is stale: regenerate with CAREERKIT_BLESS=1 cargo test -p careerkit-core --test published_schemas",
        path.display()
    );
}

#[test]
fn profile_schema_is_published() {
    let schema = Profile::json_schema();
    assert_eq!(schema["title"], "Profile");
    check("profile.schema.json", schema);
}

#[test]
fn gap_analysis_schema_is_published() {
    check(
        "gap_analysis.schema.json",
        serde_json::to_value(schemars::schema_for!(GapAnalysis)).unwrap(),
    );
}
