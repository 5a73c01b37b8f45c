"""llama.cpp (llama-cpp-python) on the same GGUF and prompt as local_bench: prints one JSON line."""
import json, sys, time
from llama_cpp import Llama

path, threads = sys.argv[1], int(sys.argv[2])
prompt_text = open(sys.argv[3]).read().strip()
llm = Llama(model_path=path, n_ctx=2048, n_threads=threads, n_threads_batch=threads, verbose=False)
messages = [{"role": "user", "content": prompt_text}]
best_p = best_g = 0.0
for _ in range(3):
    llm.reset()
    start = time.perf_counter(); first = None; n = 0
    for chunk in llm.create_chat_completion(messages=messages, max_tokens=128, temperature=0.0, stream=True):
        if chunk["choices"][0]["delta"].get("content"):
            n += 1
            if first is None:
                first = time.perf_counter() - start
    total = time.perf_counter() - start
    tokens = llm.tokenize(("<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n<|im_start|>user\n" + prompt_text + "<|im_end|>\n<|im_start|>assistant\n").encode(), add_bos=False, special=True)
    best_p = max(best_p, len(tokens) / first)
    best_g = max(best_g, (n - 1) / (total - first))
print(json.dumps({"engine": "llama.cpp", "prompt_tokens": len(tokens), "completion_chunks": n,
                  "prompt_tok_s": round(best_p, 1), "gen_tok_s": round(best_g, 1)}))
