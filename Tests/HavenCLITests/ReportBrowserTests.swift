import Foundation
import HavenCoreTesting
import HavenServerTesting
import Testing

/// The report page in a real browser: headless Chromium (Debian's, from scripts/install-browser)
/// renders a report of the fixture rules with labels, an edit and a corpus. What the rendered DOM
/// holds is checked, not the file: headings, table cells, message text shown as text, and no
/// request leaving the page (every request goes to a proxy on 127.0.0.1 that only records it).
struct ReportBrowserTests {
    static let chromium = "/usr/bin/chromium"
    /// Kept for people to look at, beside the build products and out of git.
    static let artifacts = TestRules.repositoryRoot.appendingPathComponent(".build/report-browser").path

    /// Hosts Chromium calls on its own (network time, component updates, sign-in), page or not.
    static let browserHosts = [".google.com", ".googleapis.com", ".gstatic.com", ".gvt1.com"]

    /// Runs Chromium headless on `page` with `options`, every request sent to `proxy`.
    static func chromium(_ options: [String], page: String, proxy: ReservedPort) throws -> ChildProcess.Result {
        guard FileManager.default.isExecutableFile(atPath: chromium) else {
            throw TestFailure("\(chromium) is missing: run scripts/install-browser (scripts/test does)")
        }
        let arguments =
            [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--proxy-server=http://127.0.0.1:\(proxy.port)",
                "--proxy-bypass-list=<-loopback>",
            ] + options + ["file://" + page]
        return try ChildProcess.run(chromium, arguments, environment: ["HOME": NSTemporaryDirectory()], timeout: 120)
    }

    @Test func theRenderedPageHasEverySectionItsFiguresAndNoRequests() throws {
        let files = try RulesReportCommandTests.files()
        let (report, _) = try RulesReportCommandTests.report(
            files, ["--labels", files.labels, "--against", files.old, "--corpus", files.corpus])
        try #require(report.status == 0)
        let proxy = try ReservedPort.listening()
        defer { proxy.close() }

        let dump = try Self.chromium(["--dump-dom"], page: files.output, proxy: proxy)
        #expect(dump.status == 0)
        let page = HTMLPage(dump.stdoutText)
        #expect(
            page.headings.prefix(5) == [
                "Haven rules report", "Overview", "Lint findings", "Evaluation on labelled messages",
                "Precision, recall and F1 per category",
            ])
        for section in [
            "Edit impact", "Corpus", "How often each rule fires", "Rules that never fire",
            "Most common matched phrases",
        ] {
            #expect(page.headings.contains(section), "\(section)")
        }
        #expect(page.row("eval-scores", "criticism") == ["criticism", "0.67", "1.00", "0.80", "2", "1", "0"])
        #expect(page.row("eval-matrix", "none") == ["none", "0", "1", "0", "1"])
        #expect(
            page.row("impact-changes", "criticism") == [
                "criticism", "3 → 4", "+1", "1", "0", "1.00 → 0.67", "1.00 → 1.00", "1.00 → 0.80",
            ])
        #expect(page.row("coverage-rules", "criticism.never") == ["criticism.never", "3"])
        // The message with markup is text in the DOM, not an element: no script ever ran.
        #expect(!dump.stdoutText.contains("<script"))
        #expect(
            HTMLPage.text(dump.stdoutText).contains(
                #"<script>alert("x")</script> & my husband always forgets the 'milk'"#))
        #expect(page.marked.contains("my husband always forgets"))

        try FileManager.default.createDirectory(atPath: Self.artifacts, withIntermediateDirectories: true)
        let screenshot = Self.artifacts + "/report.png"
        try? FileManager.default.removeItem(atPath: screenshot)
        let shot = try Self.chromium(
            ["--screenshot=\(screenshot)", "--window-size=1280,3000", "--hide-scrollbars"], page: files.output,
            proxy: proxy)
        #expect(shot.status == 0)
        let png = try Data(contentsOf: URL(fileURLWithPath: screenshot))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        try? FileManager.default.removeItem(atPath: Self.artifacts + "/report.html")
        try? FileManager.default.copyItem(atPath: files.output, toPath: Self.artifacts + "/report.html")

        // Chromium itself asks Google for the time, updates and accounts whatever the page;
        // anything else came from the page.
        let requests = proxy.takeRequests().filter { request in !Self.browserHosts.contains { request.contains($0) } }
        #expect(requests.isEmpty, "the page made network requests: \(requests)")
    }
}
