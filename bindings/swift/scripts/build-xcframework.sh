#!/usr/bin/env bash
# Builds CareerkitFFI.xcframework (static libraries for iOS devices, the iOS simulator and
# macOS) and the generated Swift sources that Package.swift compiles. macOS only: it needs
# Xcode's `xcodebuild` and `lipo`, and the Apple Rust targets:
#   rustup target add aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios \
#     aarch64-apple-darwin x86_64-apple-darwin
# Usage: bindings/swift/scripts/build-xcframework.sh [--debug]
# Output: bindings/swift/build/CareerkitFFI.xcframework and Sources/Careerkit/Careerkit.swift
set -euo pipefail
if [ "$(uname -s)" != "Darwin" ]; then
  echo "build-xcframework.sh runs on macOS only (it needs xcodebuild and lipo)" >&2
  exit 1
fi
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/../.." && pwd)"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
profile=release
cargo_profile=(--release)
if [ "${1:-}" = "--debug" ]; then
  profile=debug
  cargo_profile=()
fi
lib=libcareerkit_uniffi.a
build="$here/build"
rm -rf "$build"
mkdir -p "$build/headers" "$build/ios-sim" "$build/macos"

cd "$root"
for target in aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin; do
  cargo build -p careerkit-uniffi --lib --locked "${cargo_profile[@]}" --target "$target"
done

# Swift sources, the C header and a plain (non-framework) module map named module.modulemap,
# which is what `xcodebuild -create-xcframework -library ... -headers ...` expects, generated
# from the host's library (the interface is the same on every target).
cargo build -p careerkit-uniffi --locked "${cargo_profile[@]}"
cargo run -q -p careerkit-uniffi --locked --bin uniffi-bindgen-swift -- \
  --swift-sources --headers --modulemap \
  --module-name CareerkitFFI --modulemap-filename module.modulemap \
  "$target_dir/$profile/libcareerkit_uniffi.dylib" "$build/generated"
mkdir -p "$here/Sources/Careerkit"
mv "$build/generated/Careerkit.swift" "$here/Sources/Careerkit/Careerkit.swift"
mv "$build/generated/"*.h "$build/generated/module.modulemap" "$build/headers/"

# One fat library per platform: the simulator and macOS each have two architectures.
lipo -create "$target_dir/aarch64-apple-ios-sim/$profile/$lib" \
  "$target_dir/x86_64-apple-ios/$profile/$lib" -output "$build/ios-sim/$lib"
lipo -create "$target_dir/aarch64-apple-darwin/$profile/$lib" \
  "$target_dir/x86_64-apple-darwin/$profile/$lib" -output "$build/macos/$lib"

xcodebuild -create-xcframework \
  -library "$target_dir/aarch64-apple-ios/$profile/$lib" -headers "$build/headers" \
  -library "$build/ios-sim/$lib" -headers "$build/headers" \
  -library "$build/macos/$lib" -headers "$build/headers" \
  -output "$build/CareerkitFFI.xcframework"
echo "$build/CareerkitFFI.xcframework"
