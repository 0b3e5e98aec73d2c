// swift-tools-version: 6.1
import PackageDescription

// Layering is one-way: each target imports only the targets on its line (and, after ';', the
// products of other packages), never one above it. The compiler enforces the declarations below
// (`swift build --explicit-target-dependency-import-check error`, run by CI); LayeringTests checks
// that this picture and those declarations say the same.
//   entitle                → EntitleCLI
//   EntitleCLI             → Diagnostics, EntitlementModel, Manifests, Planner, Store, SQLiteStore, PostgresStore, Engine, GraphTenant; ArgumentParser
//   Engine                 → Diagnostics, EntitlementModel, Manifests, Planner, Store; Crypto
//   Planner                → Diagnostics, EntitlementModel
//   Manifests              → Diagnostics, YAMLSource, EntitlementModel; Crypto
//   YAMLSource             → CYAML, Diagnostics
//   CYAML                  → (nothing)
//   EntitlementModel       → Diagnostics
//   Diagnostics            → (nothing)
//   Store                  → EntitlementModel
//   SQLiteStore            → Store, EntitlementModel; GRDB
//   PostgresStore          → Store, EntitlementModel; PostgresNIO
//   GraphTenant            → GraphMapping, EntitlementModel, Store; AsyncHTTPClient, NIOCore, NIOHTTP1, Crypto, _CryptoExtras
//   GraphMapping           → EntitlementModel
//   entitle-graph-emulator → GraphMapping, EntitlementModel, Manifests, Diagnostics; Hummingbird, HTTPTypes, Logging, ArgumentParser, Crypto, _CryptoExtras
//   ManifestGenerator      → (nothing)
//   entitle-bench          → CYAML, Diagnostics, Manifests, ManifestGenerator
//   FuzzHarness            → Diagnostics, EntitlementModel, Manifests, Planner, Engine
//   fuzz-manifest-loader   → FuzzHarness
//   fuzz-plan-file         → FuzzHarness
//   _TestSupport           → Diagnostics
//   _StoreConformance      → Store, EntitlementModel
// The planner is pure: it sees value types only, never a store, a file or a clock.
let package = Package(
    name: "entitle",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "entitle", targets: ["entitle"]),
        .executable(name: "entitle-graph-emulator", targets: ["entitle-graph-emulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
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
        .target(
            name: "Manifests", dependencies: ["Diagnostics", "YAMLSource", "EntitlementModel", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Planner", dependencies: ["Diagnostics", "EntitlementModel"]),
        .target(name: "ManifestGenerator"),
        .target(name: "Store", dependencies: ["EntitlementModel"]),
        .target(name: "SQLiteStore", dependencies: ["Store", "EntitlementModel", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(
            name: "PostgresStore",
            dependencies: ["Store", "EntitlementModel", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        .target(name: "GraphMapping", dependencies: ["EntitlementModel"]),
        .target(
            name: "GraphTenant",
            dependencies: [
                "GraphMapping", "EntitlementModel", "Store", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "entitle-graph-emulator",
            dependencies: [
                "GraphMapping", "EntitlementModel", "Manifests", "Diagnostics", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            path: "Sources/GraphEmulator"
        ),
        .target(
            name: "Engine",
            dependencies: [
                "Diagnostics", "EntitlementModel", "Manifests", "Planner", "Store", .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "EntitleCLI",
            dependencies: [
                "Diagnostics", "EntitlementModel", "Manifests", "Planner", "Store", "SQLiteStore", "PostgresStore", "Engine", "GraphTenant",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Release builds allocate with mimalloc: entitle makes and frees millions of small
        // values (YAML nodes, canonical specs), and with glibc's allocator a plan of 10,000
        // packages takes a tenth longer (README, Performance). Debug and sanitizer builds keep
        // glibc's, which the sanitizers replace anyway.
        .executableTarget(
            name: "entitle", dependencies: ["EntitleCLI"],
            linkerSettings: [.linkedLibrary("mimalloc", .when(platforms: [.linux], configuration: .release))]),
        // Benchmarks: `swift build -c release && .build/release/entitle-bench` (README, Performance).
        .executableTarget(
            name: "entitle-bench", dependencies: ["CYAML", "Diagnostics", "Manifests", "ManifestGenerator"], path: "Benchmarks/EntitleBench"),
        // Fuzzing: see Fuzz/README.md. A plain build makes corpus replayers; the fuzz build adds -DFUZZING.
        .target(name: "FuzzHarness", dependencies: ["Diagnostics", "EntitlementModel", "Manifests", "Planner", "Engine"], path: "Fuzz/FuzzHarness"),
        .executableTarget(name: "fuzz-manifest-loader", dependencies: ["FuzzHarness"], path: "Fuzz/FuzzManifestLoader"),
        .executableTarget(name: "fuzz-plan-file", dependencies: ["FuzzHarness"], path: "Fuzz/FuzzPlanFile"),
        .target(name: "_TestSupport", dependencies: ["Diagnostics"], path: "Tests/_TestSupport"),
        // The store conformance suite and the in-memory reference store it measures the others by.
        .target(name: "_StoreConformance", dependencies: ["Store", "EntitlementModel"], path: "Tests/_StoreConformance"),
        .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics", "_TestSupport"]),
        .testTarget(name: "YAMLSourceTests", dependencies: ["YAMLSource", "Diagnostics", "_TestSupport"]),
        .testTarget(name: "EntitlementModelTests", dependencies: ["EntitlementModel"]),
        .testTarget(
            name: "ManifestsTests",
            dependencies: ["Manifests", "EntitlementModel", "Diagnostics", "_TestSupport"]
        ),
        .testTarget(name: "FuzzTests", dependencies: ["FuzzHarness", "_TestSupport"]),
        .testTarget(
            name: "GraphMappingTests", dependencies: ["GraphMapping", "EntitlementModel", "_TestSupport"], exclude: ["Fixtures/README.md"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "GraphClientTests", dependencies: ["GraphTenant"]),
        .testTarget(name: "PlannerTests", dependencies: ["Planner", "EntitlementModel", "Diagnostics", "Manifests"]),
        .testTarget(
            name: "EngineTests",
            dependencies: [
                "Store", "SQLiteStore", "PostgresStore", "EntitlementModel", "Engine", "Planner", "Manifests", "ManifestGenerator", "Diagnostics",
                "_StoreConformance", "_TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "EntitleCLITests",
            dependencies: [
                "entitle", "entitle-graph-emulator", "Diagnostics", "YAMLSource", "ManifestGenerator", "_TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Golden", "Fixtures"]
        ),
    ]
)

// scripts/sanitize runs the store and engine tests under ThreadSanitizer and AddressSanitizer.
// None of them touches HTTP, so those builds leave out the Graph client, the emulator and the CLI,
// and with them async-http-client and Hummingbird: two fewer cold builds per sanitizer in CI.
if Context.environment["ENTITLE_SANITIZER_BUILD"] != nil {
    let http: Set<String> = ["GraphTenant", "GraphClientTests", "entitle-graph-emulator", "EntitleCLI", "entitle", "EntitleCLITests"]
    package.targets.removeAll { http.contains($0.name) }
    package.products.removeAll { $0.name == "entitle" || $0.name == "entitle-graph-emulator" }
    package.dependencies.removeAll { dependency in
        guard case .sourceControl(_, let location, _) = dependency.kind else { return false }
        return location.contains("async-http-client") || location.contains("hummingbird")
    }
}
