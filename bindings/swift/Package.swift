// swift-tools-version:5.9
// careerkit for iOS and macOS. Run scripts/build-xcframework.sh (macOS) first: it builds
// build/CareerkitFFI.xcframework and generates Sources/Careerkit/Careerkit.swift.
import PackageDescription

let package = Package(
    name: "Careerkit",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [
        .library(name: "Careerkit", targets: ["Careerkit"]),
    ],
    targets: [
        .binaryTarget(name: "CareerkitFFI", path: "build/CareerkitFFI.xcframework"),
        .target(name: "Careerkit", dependencies: ["CareerkitFFI"], path: "Sources/Careerkit"),
        .testTarget(name: "CareerkitTests", dependencies: ["Careerkit"], path: "Tests/CareerkitTests"),
    ]
)
