"""Rules as code (DESIGN §5): facts, rule trees, formulas, evaluation and matching."""
