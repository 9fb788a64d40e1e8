"""The Tim Pembina's pages, one module per part as in `pokjanal.models`; `pokjanal.urls` names them."""
