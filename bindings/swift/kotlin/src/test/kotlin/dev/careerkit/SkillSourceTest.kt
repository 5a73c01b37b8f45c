// A SkillSource implemented in Kotlin feeds the engine's taxonomy; its failures come back typed.
package dev.careerkit

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

class SkillSourceTest {
    private class ProductSkills(private val skills: List<ExtraSkill>) : SkillSource {
        var calls = 0

        override fun skills(): List<ExtraSkill> {
            calls += 1
            return skills
        }
    }

    @Test
    fun `host skills are found like shipped ones`(): Unit = runBlocking {
        val source = ProductSkills(
            listOf(ExtraSkill("acme-ql", "AcmeQL", "language", listOf("acme query language"), listOf("sql"))),
        )
        val kit = Careerkit(skillSource = source)
        assertEquals(1, source.calls)
        val mentions = kit.extractSkills("Five years of Acme Query Language and Python.")
        assertEquals(listOf("acme-ql", "python"), mentions.map { it.skillId })
        assertEquals("language", mentions[0].category)
    }

    @Test
    fun `a CareerkitException from the host keeps its kind`() {
        val failing = object : SkillSource {
            override fun skills(): List<ExtraSkill> = throw CareerkitException.NotFound("skill list not found")
        }
        val err = assertThrows<CareerkitException.NotFound> { Careerkit(skillSource = failing) }
        assertEquals("skill list not found", err.reason)
    }

    @Test
    fun `any other host exception is Internal`() {
        val failing = object : SkillSource {
            override fun skills(): List<ExtraSkill> = throw IllegalStateException("database down")
        }
        val err = assertThrows<CareerkitException.Internal> { Careerkit(skillSource = failing) }
        assertTrue(err.reason.contains("database down"), err.reason)
    }

    @Test
    fun `a skill that does not fit the taxonomy is invalid input`() {
        val source = ProductSkills(listOf(ExtraSkill("x", "X", "not-a-category", emptyList(), emptyList())))
        assertThrows<CareerkitException.InvalidInput> { Careerkit(skillSource = source) }
    }
}
