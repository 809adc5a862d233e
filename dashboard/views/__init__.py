"""The dashboard's pages, one module each, and what they share (`common`: settings, cached loading,
labels, tables; `safe`: model text as inert markdown with math; `grading`: the Grade and Review
pages' one-proof-at-a-time form)."""
