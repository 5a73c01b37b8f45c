// The session flow from Swift: a Swift model proposes an edit, the edit waits for approval, the
// run's events arrive through `RunEvents.next()`, the resume exports. Mirrors the Kotlin
// `WorkflowTest`; like the rest of this suite it runs on macOS only and has not been compiled
// on the Linux machine the Kotlin suite runs on.
import Careerkit
import Foundation
import XCTest

/// Proposes `edit_resume` on the first turn, then sums up once the tool's result is in.
final class RewritingModel: HostLlmProvider, @unchecked Sendable {
    var bulletId = ""
    let text: String

    init(text: String) { self.text = text }

    func id() -> String { "swift:rewriter" }

    func chat(request: LlmRequest) async throws -> LlmResponse {
        if request.messages.contains(where: { $0.role == "tool" }) {
            return LlmResponse(content: "I rewrote the mentoring bullet.")
        }
        let args = "{\"kind\":\"rewrite_bullet\",\"bullet_id\":\"\(bulletId)\",\"text\":\"\(text)\"}"
        return LlmResponse(content: "", toolCalls: [LlmToolCall(id: "call-1", name: "edit_resume", argumentsJson: args)])
    }
}

final class WorkflowTests: XCTestCase {
    private let samples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("samples")

    func testAnEditWaitsForApprovalThenTheResumeExports() async throws {
        let kit = try Careerkit(options: nil, skillSource: nil)
        let text = "Mentored four engineers and ran the weekly architecture review"
        let model = RewritingModel(text: text)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        let workflow = try await kit.openWorkflow(dataDir: dir.path, options: nil, model: model)
        let owner = "user-42"

        let session = try await workflow.createSession(ownerId: owner, title: "Platform engineer")
        let resume = try Data(contentsOf: samples.appendingPathComponent("resume_jordan_rivera.md"))
        _ = try await workflow.uploadResume(ownerId: owner, sessionId: session.id, fileName: "resume.md", data: resume)
        XCTAssertEqual(try await workflow.runDueJobs(), 1)
        let jd = try String(contentsOf: samples.appendingPathComponent("jd_platform_engineer.txt"), encoding: .utf8)
        _ = try await workflow.submitJob(ownerId: owner, sessionId: session.id, text: jd)
        _ = try await workflow.analyze(ownerId: owner, sessionId: session.id)

        let document = try await workflow.resumeDocument(ownerId: owner, sessionId: session.id)
        let pattern = try NSRegularExpression(pattern: "\"id\":\"([^\"]+)\",\"text\":\"Mentored")
        let found = try XCTUnwrap(pattern.firstMatch(in: document, range: NSRange(document.startIndex..., in: document)))
        model.bulletId = String(document[Range(found.range(at: 1), in: document)!])

        let runId = try await workflow.sendMessage(ownerId: owner, sessionId: session.id, message: "Make it stronger.")
        let events = try workflow.runEvents(ownerId: owner, sessionId: session.id, runId: runId, afterEventId: 0)
        var proposed: RunEvent?
        while let event = try await events.next() {
            if event.kind == "tool_call_proposed" { proposed = event; break }
        }
        let approval = try XCTUnwrap(try await workflow.pendingApprovals(ownerId: owner, runId: runId).first)
        XCTAssertEqual(approval.toolName, "edit_resume")
        try await workflow.approve(ownerId: owner, approvalId: approval.id)

        let rest = try workflow.runEvents(ownerId: owner, sessionId: session.id, runId: runId, afterEventId: try XCTUnwrap(proposed).eventId)
        var last = ""
        while let event = try await rest.next() { last = event.kind }
        XCTAssertEqual(last, "run_completed")

        let pdf = try await workflow.export(ownerId: owner, sessionId: session.id, format: .pdf)
        XCTAssertEqual(String(decoding: pdf.data.prefix(5), as: UTF8.self), "%PDF-")
        XCTAssertEqual(try await workflow.session(ownerId: owner, sessionId: session.id).state, "exported")
    }
}
