import Foundation
import Testing

/// The .deb that `make deb` builds (make test passes it as HARK_DEB): installed on this machine with
/// apt-get, run from the installed paths, then removed and purged leaving nothing behind; lintian
/// finds no errors in it. Needs root (or passwordless sudo) and no hark package installed already.
@Suite(.serialized, .enabled(if: !(ProcessInfo.processInfo.environment["HARK_DEB"] ?? "").isEmpty,
                             "HARK_DEB is set by make test after make deb when it runs as root or with passwordless sudo"),
       .timeLimit(.minutes(10)))
struct DebianPackageTests {
    static let deb = ProcessInfo.processInfo.environment["HARK_DEB"] ?? ""
    static let sudo: [String] = getuid() == 0 ? [] : ["sudo", "-n"]

    @discardableResult
    static func sh(_ args: [String], env: [String: String] = [:]) throws -> (status: Int32, out: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = env.map { "\($0.key)=\($0.value)" } + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Every path the package could leave behind.
    static let traces = ["/usr/bin/hark", "/lib/systemd/system/hark.service", "/etc/hark", "/usr/share/hark", "/usr/share/doc/hark",
                         "/var/lib/hark", "/var/lib/private/hark", "/etc/systemd/system/hark.service",
                         "/etc/systemd/system/multi-user.target.wants/hark.service",
                         "/var/lib/systemd/deb-systemd-helper-enabled/hark.service.dsh-also",
                         "/var/lib/systemd/deb-systemd-helper-enabled/multi-user.target.wants/hark.service",
                         "/var/lib/systemd/deb-systemd-helper-masked/hark.service"]

    static func present() -> [String] { traces.filter { FileManager.default.fileExists(atPath: $0) } }

    @Test func installRunRemovePurgeLeavesNothing() throws {
        try #require(FileManager.default.fileExists(atPath: Self.deb), "no package at \(Self.deb): run make deb")
        let already = try Self.sh(["dpkg-query", "-W", "-f=${Status}", "hark"])
        try #require(!already.out.contains("installed"), "a hark package is already installed here; remove it first")
        try #require(Self.present().isEmpty, "hark files already present: \(Self.present())")

        let apt = ["DEBIAN_FRONTEND": "noninteractive"]
        let install = try Self.sh(Self.sudo + ["apt-get", "install", "-y", "--no-install-recommends", Self.deb], env: apt)
        #expect(install.status == 0, "apt-get install: \(install.out)")
        // Conffile, unit, models, licences in place; enabled, not started.
        let conffiles = try Self.sh(["dpkg-query", "-W", "-f=${Conffiles}", "hark"]).out
        #expect(conffiles.contains("/etc/hark/hark.toml"))
        for path in ["/usr/bin/hark", "/lib/systemd/system/hark.service", "/etc/hark/hark.toml", "/usr/share/hark/models/manifest.json",
                     "/usr/share/doc/hark/copyright", "/usr/share/doc/hark/LICENSE-silero-vad.txt"] {
            #expect(FileManager.default.fileExists(atPath: path), "\(path) missing after install")
        }
        #expect(FileManager.default.fileExists(atPath: "/etc/systemd/system/multi-user.target.wants/hark.service"), "unit not enabled")
        let unit = try String(contentsOfFile: "/lib/systemd/system/hark.service", encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/bin/hark run --config /etc/hark/hark.toml"))

        let version = try Self.sh(["/usr/bin/hark", "version"])
        #expect(version.status == 0, "\(version.out)")
        #expect(version.out.contains("hark"))
        let check = try Self.sh(["/usr/bin/hark", "check-config", "/etc/hark/hark.toml"])
        #expect(check.status == 0, "\(check.out)")
        #expect(check.out.contains("/etc/hark/hark.toml: OK"))
        let models = try Self.sh(["/usr/bin/hark", "models", "verify"], env: ["HARK_MODELS_DIR": "/usr/share/hark/models"])
        #expect(models.status == 0, "\(models.out)")

        let remove = try Self.sh(Self.sudo + ["apt-get", "remove", "-y", "hark"], env: apt)
        #expect(remove.status == 0, "apt-get remove: \(remove.out)")
        #expect(!FileManager.default.fileExists(atPath: "/usr/bin/hark"))
        #expect(FileManager.default.fileExists(atPath: "/etc/hark/hark.toml"), "remove (not purge) must keep the conffile")
        let purge = try Self.sh(Self.sudo + ["apt-get", "purge", "-y", "hark"], env: apt)
        #expect(purge.status == 0, "apt-get purge: \(purge.out)")
        #expect(Self.present().isEmpty, "left behind after purge: \(Self.present())")
        let status = try Self.sh(["dpkg-query", "-W", "-f=${Status}", "hark"])
        #expect(!status.out.contains("installed") && !status.out.contains("config-files"), "\(status.out)")
    }

    @Test func lintianFindsNoErrors() throws {
        try #require(FileManager.default.fileExists(atPath: Self.deb), "no package at \(Self.deb): run make deb")
        let lintian = try Self.sh(["lintian", "--no-tag-display-limit", Self.deb])
        let errors = lintian.out.split(separator: "\n").filter { $0.hasPrefix("E:") }
        #expect(errors.isEmpty, "lintian errors:\n\(errors.joined(separator: "\n"))")
    }
}
