"""The Tim Pembina's forms, one module per part as in `pokjanal.models`; `fields` holds what they share."""
