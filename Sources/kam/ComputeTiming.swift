import Foundation

/// The compute time of a command, without reading its input and printing its output: what a
/// benchmark compares with another tool's in-process time. Printed to standard error as
/// `compute_seconds=X` when asked for.
enum ComputeTiming {
    static func measure<T>(if enabled: Bool, _ body: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        let result = try body()
        report(since: start, if: enabled)
        return result
    }

    /// The same for work through the store (`kam classify` reads its figures inside).
    static func measure<T>(if enabled: Bool, _ body: () async throws -> T) async rethrows -> T {
        let start = ContinuousClock.now
        let result = try await body()
        report(since: start, if: enabled)
        return result
    }

    private static func report(since start: ContinuousClock.Instant, if enabled: Bool) {
        guard enabled else { return }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        FileHandle.standardError.write(Data("compute_seconds=\(seconds)\n".utf8))
    }
}
