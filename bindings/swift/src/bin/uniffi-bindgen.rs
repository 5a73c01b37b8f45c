//! uniffi's bindings generator, built with this crate's uniffi version so the generated Kotlin
//! and Swift always match the library: `cargo run -p careerkit-uniffi --bin uniffi-bindgen --
//! generate --library <libcareerkit_uniffi.so> --language kotlin --out-dir <dir>`.

fn main() {
    uniffi::uniffi_bindgen_main()
}
