// Typed errors across the boundary: bad input of each reachable kind, a contained panic, and the
// engine still working afterwards.
package dev.careerkit

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

class ErrorsTest {
    private val kit = Careerkit()

    @Test
    fun `garbage bytes are an unsupported format`() {
        val garbage = ByteArray(4096) { i -> ((i * 7919) % 251).toByte() }
        val err = assertThrows<CareerkitException.UnsupportedFormat> {
            runBlocking { kit.parseResume(garbage, "resume.pdf") }
        }
        assertTrue(err.reason.isNotBlank())
    }

    @Test
    fun `a PNG is an unsupported format`() {
        val png = byteArrayOf(0x89.toByte(), 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A) + ByteArray(64)
        val err = assertThrows<CareerkitException.UnsupportedFormat> { runBlocking { kit.readText(png, null) } }
        assertTrue(err.reason.contains("PNG"), err.reason)
    }

    @Test
    fun `a truncated PDF is corrupt`() {
        val pdf = "%PDF-1.7\n1 0 obj << /Type /Catalog".toByteArray()
        assertThrows<CareerkitException.Corrupt> { runBlocking { kit.readText(pdf, "cv.pdf") } }
    }

    @Test
    fun `limits and bad arguments are typed`() {
        val small = Careerkit(EngineOptions(maxFileBytes = 10uL))
        assertThrows<CareerkitException.LimitExceeded> {
            runBlocking { small.readText("more than ten bytes of text".toByteArray(), "a.txt") }
        }
        assertThrows<CareerkitException.InvalidInput> { Careerkit(EngineOptions(parseTimeoutSecs = -1.0)) }
        assertThrows<CareerkitException.InvalidInput> { runBlocking { kit.parseJob("too short") } }
        assertThrows<CareerkitException.InvalidInput> { runBlocking { kit.export("{not json", ExportFormat.PDF) } }
        val forged = ParsedResume(null, null, emptyList(), emptyList(), "", "{}")
        assertThrows<CareerkitException.InvalidInput> { runBlocking { kit.atsCheck(forged) } }
    }

    @Test
    fun `a panic arrives as Internal and the next call works`(): Unit = runBlocking {
        val err = assertThrows<CareerkitException.Internal> { runBlocking { triggerPanicForTests() } }
        assertTrue(err.reason.contains("panicked"), err.reason)
        val skills = kit.extractSkills("Python and Go services")
        assertEquals(listOf("Python", "Go"), skills.map { it.name })
    }
}
