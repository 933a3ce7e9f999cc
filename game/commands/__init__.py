"""One module per `ardojo` subcommand; each exposes `register(subparsers)`."""
