"""Self-hosted models: a local llama.cpp server over a small open model, and the zero-key quickstart."""
