// careerkit's Swift bindings on the samples. Runs on macOS only (`swift test` after
// scripts/build-xcframework.sh); it has not been compiled on the Linux machine the Kotlin suite
// runs on.
import Careerkit
import Foundation
import XCTest

final class CareerkitTests: XCTestCase {
    private let samples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // CareerkitTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // bindings/swift
        .deletingLastPathComponent()  // bindings
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("samples")

    func testParsesAnalysesAndExportsTheSamples() async throws {
        let kit = try Careerkit(options: nil, skillSource: nil)
        let resumeData = try Data(contentsOf: samples.appendingPathComponent("resume_jordan_rivera.md"))
        let jdText = try String(contentsOf: samples.appendingPathComponent("jd_platform_engineer.txt"), encoding: .utf8)

        let resume = try await kit.parseResume(data: resumeData, fileName: "resume.md")
        XCTAssertEqual(resume.name, "Jordan Rivera")
        let job = try await kit.parseJob(text: jdText)
        XCTAssertEqual(job.title, "Senior Platform Engineer")
        let match = try await kit.analyze(resume: resume, job: job)
        XCTAssertTrue(match.score > 0 && match.score < 100)
        XCTAssertTrue(match.matched.contains("Python"))

        let pdf = try await kit.export(documentJson: try await kit.resumeDocument(resume: resume), format: .pdf)
        XCTAssertEqual(String(decoding: pdf.prefix(5), as: UTF8.self), "%PDF-")
    }

    func testGarbageBytesThrowUnsupportedFormat() async throws {
        let kit = try Careerkit(options: nil, skillSource: nil)
        do {
            _ = try await kit.parseResume(data: Data([0x00, 0xFF, 0x13, 0x37]), fileName: nil)
            XCTFail("expected an error")
        } catch CareerkitError.UnsupportedFormat(let reason) {
            XCTAssertFalse(reason.isEmpty)
        }
    }
}
