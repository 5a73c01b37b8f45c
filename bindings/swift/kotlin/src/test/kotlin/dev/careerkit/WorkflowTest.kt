// The session API from Kotlin against the real native library: a session from upload to export
// with the rewrite agent's edit waiting for approval, the run's events as a Flow, rejection,
// typed errors and interview practice. The model is a HostLlmProvider written here: it proposes
// the edit, then answers once the tool result is in, as a real model would over the same port.
package dev.careerkit

import java.io.File
import java.nio.file.Files
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.flow.transformWhile
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows

/** A run's events as a cold Flow: how an app would consume them (the stream ends itself). */
fun RunEvents.asFlow(): Flow<RunEvent> = flow {
    while (true) emit(next() ?: break)
}

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkflowTest {
    private val samples = File(System.getProperty("careerkit.samples"))
    private val resumeBytes = File(samples, "resume_jordan_rivera.md").readBytes()
    private val jdText = File(samples, "jd_platform_engineer.txt").readText()
    private val owner = "user-42"
    private lateinit var kit: Careerkit

    /** Proposes `edit_resume` on the first turn, then sums up once the tool's result is in. */
    private class RewritingModel(private val bulletId: () -> String, private val text: String) : HostLlmProvider {
        val seen = mutableListOf<LlmRequest>()

        override fun id(): String = "kotlin:rewriter"

        override suspend fun chat(request: LlmRequest): LlmResponse {
            seen += request
            if (request.messages.any { it.role == "tool" }) {
                return LlmResponse("I rewrote the mentoring bullet to lead with ownership.")
            }
            val args = """{"kind":"rewrite_bullet","bullet_id":"${bulletId()}","text":"$text"}"""
            return LlmResponse("", listOf(LlmToolCall("call-1", "edit_resume", args)))
        }
    }

    @BeforeAll
    fun buildEngine() {
        kit = Careerkit()
    }

    @AfterAll
    fun closeEngine() {
        kit.close()
    }

    private fun dataDir(): String = Files.createTempDirectory("careerkit-kotlin-").toString()

    private suspend fun analysed(workflow: Workflow): String {
        val session = workflow.createSession(owner, "Platform engineer at Acme")
        assertEquals("draft", session.state)
        workflow.uploadResume(owner, session.id, "resume.md", resumeBytes)
        assertEquals(1u, workflow.runDueJobs())
        assertEquals("Senior Platform Engineer", workflow.submitJob(owner, session.id, jdText).title)
        val match = workflow.analyze(owner, session.id)
        assertTrue(match.score > 0.0 && match.score < 100.0, "score ${match.score}")
        assertEquals("gap_analyzed", workflow.session(owner, session.id).state)
        return session.id
    }

    private val mentoring = Regex("\"id\":\"([^\"]+)\",\"text\":\"Mentored")

    private suspend fun mentoringBullet(workflow: Workflow, sessionId: String): String {
        val document = workflow.resumeDocument(owner, sessionId)
        return mentoring.find(document)?.groupValues?.get(1) ?: error("no mentoring bullet in $document")
    }

    @Test
    fun `an edit waits for approval, then the run completes and the resume exports`(): Unit = runBlocking {
        val text = "Mentored four engineers and ran the weekly architecture review for the backend team"
        var bulletId = ""
        val model = RewritingModel({ bulletId }, text)
        val workflow = kit.openWorkflow(dataDir(), model = model)
        val sid = analysed(workflow)
        bulletId = mentoringBullet(workflow, sid)

        val runId = workflow.sendMessage(owner, sid, "Make the mentoring bullet stronger.")
        // The run then waits for a decision: stop at the proposal rather than wait for more.
        val upToProposal = workflow.runEvents(owner, sid, runId).asFlow()
            .transformWhile { emit(it); it.kind != "tool_call_proposed" }
            .toList()
        assertEquals("run_started", upToProposal.first().kind)
        val proposed = upToProposal.last()
        assertEquals("tool_call_proposed", proposed.kind)

        val pending = workflow.pendingApprovals(owner, runId)
        assertEquals(listOf("edit_resume"), pending.map { it.toolName })
        assertTrue(pending[0].argumentsJson.contains(bulletId), pending[0].argumentsJson)
        assertEquals("pending", pending[0].status)
        assertTrue(model.seen[0].json.contains("Make the mentoring bullet stronger."))
        workflow.approve(owner, pending[0].id)

        // Resume after the last event seen, as an app reconnecting would.
        val rest = workflow.runEvents(owner, sid, runId, proposed.eventId).asFlow().toList()
        val kinds = rest.map { it.kind }
        assertTrue(kinds.contains("tool_call_approved"), kinds.toString())
        assertEquals("run_completed", kinds.last())
        val ids = (upToProposal + rest).map { it.eventId }
        assertEquals(ids.sorted().distinct(), ids)
        assertTrue((upToProposal + rest).all { it.runId == runId && it.sessionId == sid })
        assertTrue(workflow.resumeDocument(owner, sid).contains(text))

        val pdf = workflow.export(owner, sid, ExportFormat.PDF)
        assertEquals("%PDF-", String(pdf.data.copyOfRange(0, 5)))
        assertEquals("exports/resume.pdf", pdf.file.path)
        assertEquals("application/pdf", pdf.file.contentType)
        assertEquals("exported", workflow.session(owner, sid).state)
        assertTrue(workflow.readFile(owner, sid, "exports/resume.pdf").data.contentEquals(pdf.data))
        val paths = workflow.files(owner, sid).map { it.path }
        assertTrue(paths.containsAll(listOf("originals/resume.md", "exports/resume.pdf")), paths.toString())
        workflow.close()
    }

    @Test
    fun `a rejection keeps the bullet, and stop releases a waiting next`(): Unit = runBlocking {
        var bulletId = ""
        val workflow = kit.openWorkflow(dataDir(), model = RewritingModel({ bulletId }, "Mentored people"))
        val sid = analysed(workflow)
        bulletId = mentoringBullet(workflow, sid)
        val before = workflow.resumeDocument(owner, sid)
        val runId = workflow.sendMessage(owner, sid, "Tighten the mentoring bullet.")

        val events = workflow.runEvents(owner, sid, runId)
        while (events.next()?.kind != "tool_call_proposed") yield()
        // The run waits for a decision, so next() would wait forever; stop() releases it.
        val waiting = async { events.next() }
        yield()
        events.stop()
        assertNull(waiting.await())
        assertNull(events.next())

        val approval = workflow.pendingApprovals(owner, runId).single()
        workflow.reject(owner, approval.id)
        val kinds = workflow.runEvents(owner, sid, runId).asFlow().toList().map { it.kind }
        assertTrue(kinds.contains("tool_call_rejected"), kinds.toString())
        assertEquals("run_completed", kinds.last())
        assertEquals(before, workflow.resumeDocument(owner, sid))
        assertThrows<CareerkitException.Conflict> { runBlocking { workflow.approve(owner, approval.id) } }
    }

    @Test
    fun `a requested edit of a picked bullet narrows the edit tool, and an unknown bullet is refused`(): Unit =
        runBlocking {
            var bulletId = ""
            val model = RewritingModel({ bulletId }, "Mentored four engineers through weekly design reviews")
            val workflow = kit.openWorkflow(dataDir(), model = model)
            val sid = analysed(workflow)
            bulletId = mentoringBullet(workflow, sid)
            val options = MessageOptions(proposeEdit = true, bulletId = bulletId)
            val runId = workflow.sendMessage(owner, sid, "Improve this bullet.", options)
            val proposed = workflow.runEvents(owner, sid, runId).asFlow()
                .transformWhile { emit(it); it.kind != "tool_call_proposed" }
                .toList().last()
            assertTrue(proposed.json.contains("\"origin\":\"model\""), proposed.json)
            // The model was offered only the picked bullet.
            assertTrue(model.seen[0].json.contains("\"bullet_id\":{\"const\":\"$bulletId\"}"), model.seen[0].json)
            workflow.approve(owner, workflow.pendingApprovals(owner, runId).single().id)
            assertThrows<CareerkitException.InvalidInput> {
                runBlocking {
                    workflow.sendMessage(owner, sid, "Improve it.", MessageOptions(proposeEdit = true, bulletId = "nope"))
                }
            }
            workflow.close()
        }

    @Test
    fun `a model that cannot finish a requested edit leaves careerkit's own edit to approve`(): Unit = runBlocking {
        // A small model looping until its token cap: every forced turn ends in invalid output.
        val model = object : HostLlmProvider {
            var turns = 0

            override fun id(): String = "kotlin:cut-off"

            override suspend fun chat(request: LlmRequest): LlmResponse {
                turns += 1
                throw CareerkitException.InvalidModelOutput("the tool-call reply was cut off at 1024 tokens")
            }
        }
        val workflow = kit.openWorkflow(dataDir(), model = model)
        val sid = analysed(workflow)
        val runId = workflow.sendMessage(owner, sid, "Suggest an edit.", MessageOptions(proposeEdit = true))
        val upToProposal = workflow.runEvents(owner, sid, runId).asFlow()
            .transformWhile { emit(it); it.kind != "tool_call_proposed" }
            .toList()
        assertEquals(2, upToProposal.count { it.kind == "tool_call_rejected" })
        val proposal = upToProposal.last()
        assertTrue(proposal.json.contains("\"origin\":\"fallback\""), proposal.json)
        workflow.approve(owner, workflow.pendingApprovals(owner, runId).single().id)
        val end = workflow.runEvents(owner, sid, runId, proposal.eventId).asFlow().toList().last()
        assertEquals("run_completed", end.kind)
        assertTrue(end.json.contains("\"stop\":\"fallback\""), end.json)
        assertEquals("rewrite_applied", workflow.session(owner, sid).state)
        assertEquals(2, model.turns)
        workflow.close()
    }

    @Test
    fun `a chat turn streams its answer as deltas and offers no edit tool`(): Unit = runBlocking {
        val answer = "Lead with the Terraform migration; it is what the job asks for first."
        val model = object : HostLlmProvider {
            val seen = mutableListOf<LlmRequest>()

            override fun id(): String = "kotlin:coach"

            override suspend fun chat(request: LlmRequest): LlmResponse {
                seen += request
                return LlmResponse(answer)
            }
        }
        val workflow = kit.openWorkflow(dataDir(), model = model)
        val sid = analysed(workflow)
        val runId = workflow.chat(owner, sid, "What should I lead with?")
        val events = workflow.runEvents(owner, sid, runId).asFlow().toList()
        assertEquals("run_completed", events.last().kind)
        assertTrue(events.any { it.kind == "assistant_delta" && it.json.contains("Terraform migration") })
        assertTrue(model.seen.single().json.contains("get_gaps"))
        assertTrue(!model.seen.single().json.contains("edit_resume"), model.seen.single().json)
        assertEquals("gap_analyzed", workflow.session(owner, sid).state)
        workflow.close()
    }

    @Test
    fun `a cover letter quotes the resume and exports beside it`(): Unit = runBlocking {
        val workflow = kit.openWorkflow(dataDir(), model = RewritingModel({ "unused" }, "unused"))
        val sid = analysed(workflow)
        val letter = workflow.coverLetter(owner, sid, LetterTone.WARM, LetterLength.LONG)
        assertEquals("Warm regards,", letter.closing)
        assertEquals(3, letter.evidence.size)
        assertTrue(letter.paragraphs.joinToString("\n").contains(letter.evidence[0].bullet.drop(1)))
        val exported = workflow.exportCoverLetter(owner, sid, ExportFormat.DOCX)
        assertEquals("exports/cover-letter.docx", exported.file.path)
        assertEquals("PK", String(exported.data.copyOfRange(0, 2)))
        assertEquals("gap_analyzed", workflow.session(owner, sid).state)
        workflow.close()
    }

    @Test
    fun `wrong order, other owners and bad input are typed errors that change nothing`(): Unit = runBlocking {
        val workflow = kit.openWorkflow(dataDir(), model = RewritingModel({ "unused" }, "unused"))
        val session = workflow.createSession(owner, "draft only")
        val conflict = assertThrows<CareerkitException.Conflict> {
            runBlocking { workflow.export(owner, session.id, ExportFormat.PDF) }
        }
        assertTrue(conflict.reason.contains("cannot move from draft to exported"), conflict.reason)
        assertEquals("draft", workflow.session(owner, session.id).state)
        assertThrows<CareerkitException.NotFound> { runBlocking { workflow.session("someone-else", session.id) } }
        assertThrows<CareerkitException.InvalidInput> { workflow.runEvents("../etc", session.id, "run") }
        assertThrows<CareerkitException.InvalidInput> {
            runBlocking { kit.openWorkflow(dataDir(), WorkflowOptions(provider = "no-such-kind:model")) }
        }
        assertEquals("cancelled", workflow.cancel(owner, session.id).state)
    }

    @Test
    fun `interview questions and feedback on a spoken answer`(): Unit = runBlocking {
        val workflow = kit.openWorkflow(dataDir(), model = RewritingModel({ "unused" }, "unused"))
        val sid = analysed(workflow)
        val questions = workflow.interviewQuestions(owner, sid, QuestionRequest(count = 5u, round = "technical"))
        assertEquals(5, questions.size)
        assertEquals(5, questions.map { it.text }.toSet().size)
        assertTrue(questions.all { it.rationale.isNotBlank() && it.json.contains("\"probe\"") })
        assertThrows<CareerkitException.InvalidInput> {
            runBlocking { workflow.interviewQuestions(owner, sid, QuestionRequest(round = "karaoke")) }
        }

        val spoken = AnswerInput.Transcript(
            listOf(
                AnswerSegment(0.0, 6.0, "At my last job deploys failed every week."),
                AnswerSegment(9.5, 16.0, "I rewrote the pipeline and added canary releases."),
            ),
        )
        val feedback = workflow.answerFeedback(owner, sid, "Tell me about a time you improved a process", spoken)
        assertTrue(feedback.overall in 0.0..100.0, "overall ${feedback.overall}")
        assertTrue(feedback.recommendations.isNotEmpty())
        assertTrue(feedback.json.contains("\"words_per_minute\""), feedback.json)
        assertThrows<CareerkitException.InvalidInput> {
            runBlocking { workflow.answerFeedback(owner, sid, "Why this role?", AnswerInput.Text("   ")) }
        }
    }
}
