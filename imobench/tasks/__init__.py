"""The Inspect tasks: answerbench, proofbench, gradingbench (registered via imobench._registry)."""
