// The app keeps each user's data key (Keychain / Keystore in a real app; a map here): careerkit
// seals sessions and parsed resumes in its SQLite database with it, reads them back with the
// same key, and refuses to read them without it or with another one.
package dev.careerkit

import java.io.File
import java.nio.file.Files
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

class HostKeyProviderTest {
    private class Keys(private val key: ByteArray) : HostKeyProvider {
        val asked = mutableSetOf<String>()

        override fun dataKey(ownerId: String): ByteArray {
            asked += ownerId
            if (ownerId == "locked-out") throw CareerkitException.PermissionDenied("no key for $ownerId")
            return key
        }
    }

    private val model = object : HostLlmProvider {
        override fun id() = "kotlin:silent"
        override suspend fun chat(request: LlmRequest) = LlmResponse("unused")
    }
    private val samples = File(System.getProperty("careerkit.samples"))

    /** Every byte the database holds on disk: the main file and its write-ahead log. */
    private fun databaseBytes(dir: String): String =
        File(dir).listFiles()!!.filter { it.name.startsWith("careerkit.db") }
            .joinToString("") { String(it.readBytes(), Charsets.ISO_8859_1) }

    @Test
    fun `sealed records open with the owner's key and with no other`(): Unit = runBlocking {
        val dir = Files.createTempDirectory("careerkit-kotlin-sealed-").toString()
        val keys = Keys(ByteArray(32) { it.toByte() })
        val title = "Confidential move to Initech"
        Careerkit().use { kit ->
            val workflow = kit.openWorkflow(dir, model = model, keys = keys)
            val sid = workflow.createSession("user-42", title).id
            workflow.uploadResume("user-42", sid, "resume.md", File(samples, "resume_jordan_rivera.md").readBytes())
            assertEquals(1u, workflow.runDueJobs())
            assertTrue(workflow.parsedResume("user-42", sid).contains("jordan.rivera@example.com"))
            assertEquals(setOf("user-42"), keys.asked)
            val raw = databaseBytes(dir)
            assertFalse(raw.contains(title), "the title is stored in the clear")
            assertFalse(raw.contains("jordan.rivera@example.com"), "the parsed resume is stored in the clear")
            workflow.close()

            val reopened = kit.openWorkflow(dir, model = model, keys = keys)
            assertEquals(title, reopened.session("user-42", sid).title)

            val wrongKey = kit.openWorkflow(dir, model = model, keys = Keys(ByteArray(32) { 7 }))
            assertThrows<CareerkitException.Storage> { runBlocking { wrongKey.session("user-42", sid) } }
            val noKey = kit.openWorkflow(dir, model = model)
            assertThrows<CareerkitException.Storage> { runBlocking { noKey.session("user-42", sid) } }
            val shortKey = kit.openWorkflow(dir, model = model, keys = Keys(ByteArray(16)))
            assertThrows<CareerkitException.InvalidInput> { runBlocking { shortKey.createSession("user-42", "x") } }
            assertThrows<CareerkitException.PermissionDenied> { runBlocking { reopened.createSession("locked-out", "x") } }
        }
    }
}
