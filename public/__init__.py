"""The public pages under /publik/: a region's posyandu and figures for everyone, aggregates only, no
login."""
