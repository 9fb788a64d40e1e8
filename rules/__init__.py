"""Pure domain rules with no Django import: identity numbers, kader service, and (as they come) report
arithmetic. They take plain values and return plain values or dataclasses."""
