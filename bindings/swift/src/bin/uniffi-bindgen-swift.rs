//! uniffi's Swift generator (sources, C header, module map), built with this
//! crate's uniffi version; `scripts/build-xcframework.sh` runs it.

fn main() {
    uniffi::uniffi_bindgen_swift()
}
