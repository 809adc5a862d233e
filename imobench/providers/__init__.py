"""Model providers for Inspect.  Reached only through Inspect's registry (`--model litellm/...`)."""
