// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "OpenKAM",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kam", targets: ["kam"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        // Already under Hummingbird; named for the SMTP client and the reminder scheduler.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // The method of domain.md: pure Swift, no server, SQL or HTML module.
        .target(name: "KAMCore", swiftSettings: swiftSettings),
        // HTML/SVG builder that escapes by construction; imports nothing of ours.
        .target(name: "KAMHTML", swiftSettings: swiftSettings),
        // Declarations of SQLiteNIO's own SQLite copy, for prepared-statement bulk loads.
        .target(name: "CSQLiteBulk"),
        // The only place that speaks SQL.
        .target(
            name: "KAMStore",
            dependencies: [
                "KAMCore", "CSQLiteBulk",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KAMWeb",
            dependencies: [
                "KAMCore", "KAMStore", "KAMHTML",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "kam",
            dependencies: [
                "KAMCore", "KAMStore", "KAMWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        // Opens a fresh database per test on either engine; used by the storage and web suites.
        .target(
            name: "KAMTestSupport",
            dependencies: ["KAMStore", "KAMCore"],
            path: "Tests/KAMTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "KAMCoreTests", dependencies: ["KAMCore"], swiftSettings: swiftSettings),
        .testTarget(name: "KAMHTMLTests", dependencies: ["KAMHTML"], swiftSettings: swiftSettings),
        .testTarget(name: "KAMStoreTests", dependencies: ["KAMStore", "KAMCore", "KAMTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "KAMWebTests",
            dependencies: [
                "KAMWeb", "KAMStore", "KAMCore", "KAMHTML", "KAMTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
