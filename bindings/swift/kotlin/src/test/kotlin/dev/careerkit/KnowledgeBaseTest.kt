// The knowledge base from Kotlin: a product's own documents added, searched with filters and
// citations, updated without re-embedding, deleted, reopened, and cited by interview practice.
package dev.careerkit

import java.io.File
import java.nio.file.Files
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

class KnowledgeBaseTest {
    private val onboarding = """
        # Engineering onboarding at Acme

        ## Incident review
        Every production incident gets a blameless review within five working days. The review
        names the trigger, the detection gap and one follow-up owned by the on-call engineer.

        ## Code review
        Pull requests need one approval from the owning team.
    """.trimIndent()
    private val benefits = "# Benefits\n\n## Parental leave\nAcme offers twenty weeks of paid parental leave.\n"

    private fun dir(): String = Files.createTempDirectory("careerkit-kotlin-kb-").toString()

    @Test
    fun `own documents are searched, filtered, updated and deleted`(): Unit = runBlocking {
        val kb = KnowledgeBase.open(dir(), seedBuiltin = false)
        assertEquals(0uL, kb.chunkCount())
        val report = kb.upsert(
            listOf(
                KnowledgeDocument("onboarding.md", onboarding, "handbook", listOf("engineering")),
                KnowledgeDocument("benefits.md", benefits, source = "hr"),
            ),
        )
        assertEquals(2uL, report.documentsIndexed)
        assertTrue(report.chunks > 0uL && report.chunksEmbedded == report.chunks)

        val top = kb.search("what happens after an outage in production", 3u).first()
        assertEquals("onboarding.md", top.document)
        assertEquals("Incident review", top.headingPath.last())
        assertTrue(top.text.contains("blameless"))
        val onlyHr = kb.search("what happens after an outage in production", 3u, sources = listOf("hr"))
        assertTrue(onlyHr.isNotEmpty() && onlyHr.all { it.document == "benefits.md" })

        val again = kb.upsert(listOf(KnowledgeDocument("benefits.md", benefits, source = "hr")))
        assertEquals(1uL, again.documentsUnchanged)
        assertEquals(0uL, again.chunksEmbedded)
        assertEquals(1uL, kb.deleteDocuments(listOf("benefits.md", "missing.md")))
        assertEquals(listOf("onboarding.md"), kb.documentIds())
        assertThrows<CareerkitException.InvalidInput> { runBlocking { kb.upsert(listOf(KnowledgeDocument("", "text"))) } }
        assertEquals(listOf("onboarding.md"), kb.documentIds())
        kb.close()
    }

    @Test
    fun `a reopened knowledge base keeps its index and a workflow cites it`(): Unit = runBlocking {
        val kbDir = dir()
        KnowledgeBase.open(kbDir, seedBuiltin = false).use { it.upsert(listOf(KnowledgeDocument("onboarding.md", onboarding))) }
        val kb = KnowledgeBase.open(kbDir, seedBuiltin = false)
        assertEquals(listOf("onboarding.md"), kb.documentIds())
        assertEquals("local", kb.search("blameless incident review", 1u).single().source)

        val samples = File(System.getProperty("careerkit.samples"))
        Careerkit().use { kit ->
            val model = object : HostLlmProvider {
                override fun id() = "kotlin:silent"
                override suspend fun chat(request: LlmRequest) = LlmResponse("unused")
            }
            val workflow = kit.openWorkflow(dir(), model = model, knowledge = kb)
            val sid = workflow.createSession("user-42", "practice").id
            workflow.uploadResume("user-42", sid, "resume.md", File(samples, "resume_jordan_rivera.md").readBytes())
            assertEquals(1u, workflow.runDueJobs())
            workflow.submitJob("user-42", sid, File(samples, "jd_platform_engineer.txt").readText())
            val questions = workflow.interviewQuestions("user-42", sid, QuestionRequest(count = 3u))
            assertEquals(setOf("onboarding.md"), questions.flatMap { it.sources }.toSet())
        }
    }
}
