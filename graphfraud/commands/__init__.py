"""CLI commands, one module per area; each exposes ``register(main)``, which ``graphfraud/cli.py`` calls."""
