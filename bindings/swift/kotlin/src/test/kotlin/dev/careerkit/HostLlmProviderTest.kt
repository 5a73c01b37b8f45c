// A model implemented in Kotlin answers chat requests through careerkit's LlmProvider port: the
// request it sees, the response careerkit assembles from it, and its failures mapped by kind.
package dev.careerkit

import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

class HostLlmProviderTest {
    private class ScriptedModel(private val answer: (LlmRequest) -> LlmResponse) : HostLlmProvider {
        val seen = mutableListOf<LlmRequest>()

        override fun id(): String = "kotlin:scripted"

        override suspend fun chat(request: LlmRequest): LlmResponse {
            seen += request
            delay(5) // a real suspension, as a network call would have
            return answer(request)
        }
    }

    private val requestJson = """
        {"messages": [
            {"role": "system", "content": "You are a careful career coach."},
            {"role": "user", "content": "Which skill should Jordan add?"}
         ],
         "tools": [{"name": "lookup_skill", "description": "Look a skill up",
                    "parameters": {"type": "object"}}],
         "max_tokens": 64}
    """.trimIndent()

    @Test
    fun `a Kotlin model answers through the port`(): Unit = runBlocking {
        val model = ScriptedModel {
            LlmResponse(
                content = "Kubernetes is the biggest gap.",
                toolCalls = listOf(LlmToolCall("c1", "lookup_skill", """{"skill":"Kubernetes"}""")),
                promptTokens = 42u,
                completionTokens = 9u,
            )
        }
        val response = chatWithProvider(model, requestJson)

        val request = model.seen.single()
        assertEquals(listOf("system", "user"), request.messages.map { it.role })
        assertEquals("Which skill should Jordan add?", request.messages[1].content)
        assertEquals(64u, request.maxTokens)
        assertTrue(request.json.contains("\"lookup_skill\""), request.json)

        assertEquals("Kubernetes is the biggest gap.", response.content)
        assertEquals("""{"skill":"Kubernetes"}""", response.toolCalls.single().argumentsJson)
        assertEquals("tool_calls", response.finishReason)
        assertEquals(42u, response.promptTokens)
        assertEquals(9u, response.completionTokens)
    }

    @Test
    fun `host failures keep their kind where the port has one`() {
        val limited = ScriptedModel { throw CareerkitException.RateLimited("slow down") }
        val err = assertThrows<CareerkitException.RateLimited> { runBlocking { chatWithProvider(limited, requestJson) } }
        assertTrue(err.reason.contains("kotlin:scripted"), err.reason)

        val crashing = ScriptedModel { throw IllegalStateException("socket closed") }
        val failed = assertThrows<CareerkitException.Provider> { runBlocking { chatWithProvider(crashing, requestJson) } }
        assertTrue(failed.reason.contains("socket closed"), failed.reason)
    }

    @Test
    fun `bad input on either side is InvalidInput`() {
        val badArgs = ScriptedModel { LlmResponse("", listOf(LlmToolCall("c1", "lookup_skill", "{oops"))) }
        assertThrows<CareerkitException.InvalidInput> { runBlocking { chatWithProvider(badArgs, requestJson) } }
        val model = ScriptedModel { LlmResponse("unused") }
        assertThrows<CareerkitException.InvalidInput> { runBlocking { chatWithProvider(model, "{\"messages\": 3}") } }
        assertTrue(model.seen.isEmpty())
    }
}
