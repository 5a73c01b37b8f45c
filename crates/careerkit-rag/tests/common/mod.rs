//! Shared by the integration tests: where the model is.

use std::path::PathBuf;

/// The default sentence model's directory; fails the test with instructions when it is missing.
pub fn model_dir() -> PathBuf {
    let dir = careerkit_rag::embed::default_model_dir();
    assert!(
        dir.join("model.safetensors").exists(),
        "the sentence model is missing at {}: run scripts/fetch-models and set \
         CAREERKIT_MODELS_DIR (scripts/test does both)",
        dir.display()
    );
    dir
}
