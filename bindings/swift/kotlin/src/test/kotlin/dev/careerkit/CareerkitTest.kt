// careerkit's Kotlin bindings against the real native library: the sample resume and job from
// samples/, export, ranking, typed errors, coroutines and a host-implemented SkillSource.
package dev.careerkit

import com.sun.net.httpserver.HttpServer
import java.io.File
import java.net.InetSocketAddress
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CareerkitTest {
    private val samples = File(System.getProperty("careerkit.samples"))
    private val resumeBytes = File(samples, "resume_jordan_rivera.md").readBytes()
    private val jdText = File(samples, "jd_platform_engineer.txt").readText()
    private lateinit var kit: Careerkit

    @BeforeAll
    fun buildEngine() {
        kit = Careerkit()
    }

    @AfterAll
    fun closeEngine() {
        kit.close()
    }

    @Test
    fun `parses the sample resume into a profile`(): Unit = runBlocking {
        val resume = kit.parseResume(resumeBytes, "resume.md")
        assertEquals("Jordan Rivera", resume.name)
        assertEquals(listOf("jordan.rivera@example.com"), resume.emails)
        assertTrue(resume.text.contains("Lumen Freight"))
        assertTrue(resume.json.contains("\"profile\""))
    }

    @Test
    fun `analyses the sample resume against the sample job`(): Unit = runBlocking {
        val resume = kit.parseResume(resumeBytes, "resume.md")
        val job = kit.parseJob(jdText)
        assertEquals("Senior Platform Engineer", job.title)
        assertTrue(job.requiredSkills.containsAll(listOf("Kubernetes", "Terraform")), job.requiredSkills.toString())

        val match = kit.analyze(resume, job)
        assertTrue(match.score > 0.0 && match.score < 100.0, "score ${match.score}")
        assertTrue(match.matched.containsAll(listOf("Python", "Terraform")), match.matched.toString())
        assertTrue(match.missing.containsAll(listOf("Prometheus", "Grafana")), match.missing.toString())
        assertTrue(match.json.contains("\"factors\""))

        val sameJobFromFile = kit.readJob(jdText.toByteArray(), "jd.txt")
        assertEquals(job.requiredSkills, sameJobFromFile.requiredSkills)
    }

    @Test
    fun `ranks jobs and checks ATS readiness`(): Unit = runBlocking {
        val resume = kit.parseResume(resumeBytes, "resume.md")
        val platform = kit.parseJob(jdText)
        val backend = kit.parseJob(
            "Backend Engineer at Acme. Requirements: 3+ years of Python, Go and PostgreSQL, " +
                "Redis and Docker; you will build REST APIs and data pipelines for our product teams.",
        )
        val ranked = kit.rankJobs(
            resume,
            listOf(JobToRank("platform", platform), JobToRank("backend", backend)),
            Preferences(remote = listOf("remote")),
        )
        assertEquals(setOf("platform", "backend"), ranked.map { it.id }.toSet())
        assertTrue(ranked[0].rankScore >= ranked[1].rankScore)

        val ats = kit.atsCheck(resume)
        assertTrue(ats.checks.isNotEmpty())
        assertEquals(ats.checks.count { it.passed }.toUInt(), ats.passed)
    }

    @Test
    fun `exports the parsed resume to PDF and DOCX`(): Unit = runBlocking {
        val resume = kit.parseResume(resumeBytes, "resume.md")
        val document = kit.resumeDocument(resume)
        val pdf = kit.export(document, ExportFormat.PDF)
        assertEquals("%PDF-", String(pdf.copyOfRange(0, 5)))
        val docx = kit.export(document, ExportFormat.DOCX)
        assertEquals("PK", String(docx.copyOfRange(0, 2)))
        // Both read back through careerkit's own intake.
        assertTrue(kit.readText(pdf, "resume.pdf").text.contains("Lumen Freight"))
        assertEquals("docx", kit.readText(docx, null).format)
    }

    @Test
    fun `finds skills with character spans`(): Unit = runBlocking {
        val text = "Built services in Python and Kubernetes — on AWS."
        val mentions = kit.extractSkills(text)
        assertEquals(listOf("Python", "Kubernetes", "AWS"), mentions.map { it.name })
        val aws = mentions.last()
        // Spans count Unicode scalar values, which the em dash makes differ from UTF-8 bytes.
        assertEquals("AWS", text.substring(aws.start.toInt(), aws.end.toInt()))
    }

    @Test
    fun `calls run concurrently from coroutines`(): Unit = runBlocking {
        val results = (1..8).map { async(Dispatchers.Default) { kit.parseJob(jdText) } }.awaitAll()
        assertEquals(8, results.size)
        assertTrue(results.all { it.json == results[0].json })
    }

    @Test
    fun `fetches and analyses a job page over loopback HTTP`(): Unit = runBlocking {
        val body = jdText.lines().filter { it.isNotBlank() }.joinToString("\n") { line ->
            if (line.startsWith("- ")) "<li>${line.removePrefix("- ")}</li>" else "<p>$line</p>"
        }
        val html = "<html><body><nav>Jobs | About</nav><main>$body</main></body></html>"
        val server = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0)
        server.createContext("/job") { exchange ->
            val body = html.toByteArray()
            exchange.responseHeaders.add("Content-Type", "text/html; charset=utf-8")
            exchange.sendResponseHeaders(if (exchange.requestURI.path == "/job") 200 else 404, body.size.toLong())
            exchange.responseBody.use { it.write(body) }
        }
        server.start()
        try {
            val base = "http://127.0.0.1:${server.address.port}"
            val job = kit.fetchJob("$base/job")
            assertTrue("Kubernetes" in job.requiredSkills, job.requiredSkills.toString())
            assertThrows<CareerkitException.Network> { runBlocking { kit.fetchJob("$base/gone") } }
        } finally {
            server.stop(0)
        }
    }
}
