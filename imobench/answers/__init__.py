"""Short-answer checking: extraction, safe parsing, equivalence of olympiad answer forms.

Pure core: imports sympy, never Inspect, litellm or streamlit.  Nothing here evaluates model text:
the parser in `parse` builds sympy objects from tokens through a fixed table of constructors.
"""
