// swift-tools-version: 6.1
import PackageDescription

// Layering is one-way, top to bottom:
//   entitle → EntitleCLI → Manifests → YAMLSource → CYAML
//                        ↘ EntitlementModel ↙  Diagnostics
// CI enforces it with `swift build --explicit-target-dependency-import-check error`.
let package = Package(
    name: "entitle",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "entitle", targets: ["entitle"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .target(name: "Diagnostics"),
        .target(name: "YAMLSource", dependencies: ["CYAML", "Diagnostics"]),
        .target(name: "EntitlementModel", dependencies: ["Diagnostics"]),
        .target(name: "Manifests", dependencies: ["Diagnostics", "YAMLSource", "EntitlementModel"]),
        .target(
            name: "EntitleCLI",
            dependencies: [
                "Diagnostics", "EntitlementModel", "Manifests",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "entitle", dependencies: ["EntitleCLI"]),
        .target(name: "_TestSupport", dependencies: ["Diagnostics"], path: "Tests/_TestSupport"),
        .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics", "_TestSupport"]),
        .testTarget(name: "YAMLSourceTests", dependencies: ["YAMLSource", "Diagnostics", "_TestSupport"]),
        .testTarget(name: "EntitlementModelTests", dependencies: ["EntitlementModel"]),
        .testTarget(
            name: "ManifestsTests",
            dependencies: ["Manifests", "EntitlementModel", "Diagnostics", "_TestSupport"]
        ),
        .testTarget(
            name: "EntitleCLITests",
            dependencies: ["entitle", "Diagnostics", "_TestSupport"],
            exclude: ["Golden", "Fixtures"]
        ),
    ]
)
