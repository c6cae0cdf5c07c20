"""CLI commands, one module per area; each registers its commands on ``graphfraud.cli.main``."""
